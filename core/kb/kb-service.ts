/**
 * HR's knowledge base in the database: every import is a version, one version is active, HR
 * lists versions and rolls back. Also the question log (what agents asked, what they got, their
 * feedback) behind `equipage kb report`, and draft entries made from answered HR requests.
 * The engine of the active version is built once per process and rebuilt when the version changes.
 *
 * The question log is write-behind ({@link QuestionLog}): a logged question gets its id at once
 * and its row is written with the others of the same moment, at most ~50 ms later. It is
 * analytics, not an acknowledged write: a crash loses at most the last ~100 ms of questions
 * (the window plus a write in flight); a graceful stop writes them ({@link KbService.close}).
 * Reads and updates of the log here flush it first.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { EquipageError } from '../errors.js';
import type { Database } from '../storage/schema.js';
import { adviseOnFaq, type FaqAdvice } from './faq-advice.js';
import { FaqEngine, type KbAnswer } from './faq-engine.js';
import type { FaqEntry } from './faq-entry.js';
import { parseFaqFile } from './faq-parser.js';
import { QuestionLog } from './question-log.js';
import { buildVocabulary, parseVocabularyCsv, type VocabularyRing } from './vocabulary.js';

/** A version as HR sees it in `equipage kb versions`. */
export interface KbVersionInfo {
  id: number;
  createdAt: Date;
  createdBy: string;
  sourceName: string;
  entryCount: number;
  active: boolean;
  note: string | null;
}

/** What an import changed compared to the version it replaces. */
export interface KbImportResult {
  version: KbVersionInfo;
  added: string[];
  removed: string[];
  changed: string[];
  /** What would make the bot answer more often (the import went through regardless). */
  advice: FaqAdvice[];
}

/** One logged question. */
export interface LogQuestionInput {
  personId: string | null;
  channel: string;
  question: string;
  lang: string;
  outcome: KbAnswer['outcome'];
  entryId: string | null;
  suggestions: readonly string[];
  score: number;
}

/** `equipage kb report`: where the FAQ falls short. */
export interface KbReport {
  unanswered: Array<{ question: string; count: number; lastAskedAt: Date }>;
  worstFeedback: Array<{ entryId: string; question: string | null; notHelpful: number; helpful: number }>;
  totals: { asked: number; answered: number; suggestions: number; none: number; smalltalk: number };
}

type Db = Kysely<Database>;

const QUESTION_LOG_MAX_CHARS = 2000;
const ACTIVE_VERSION_TTL_MS = 1000;

function sameEntry(a: FaqEntry, b: FaqEntry): boolean {
  return a.question === b.question && a.answer === b.answer && a.category === b.category && a.link === b.link && JSON.stringify(a.alternates) === JSON.stringify(b.alternates);
}

/** Writes a new version inside `trx` and makes it active. Exported for the demo seed's transaction. */
export async function writeKbVersion(
  trx: Db,
  input: { entries: readonly FaqEntry[]; sourceName: string; sourceSha256: string; createdBy: string; vocabulary?: readonly VocabularyRing[]; note?: string },
): Promise<number> {
  const previous = await trx.selectFrom('kb_state').innerJoin('kb_versions', 'kb_versions.id', 'kb_state.active_version_id').select('kb_versions.vocabulary').executeTakeFirst();
  const vocabulary = input.vocabulary ?? previous?.vocabulary ?? [];
  const version = await trx
    .insertInto('kb_versions')
    .values({
      created_by: input.createdBy,
      source_name: input.sourceName,
      source_sha256: input.sourceSha256,
      entry_count: input.entries.length,
      vocabulary: JSON.stringify(vocabulary),
      note: input.note ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = input.entries.map((e, position) => ({
    version_id: version.id,
    entry_id: e.id,
    position,
    question: e.question,
    alternates: JSON.stringify(e.alternates),
    answer: e.answer,
    category: e.category,
    link: e.link,
  }));
  // Chunked: one statement per 500 rows keeps parameter counts far below PostgreSQL's limit.
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('kb_entries').values(rows.slice(i, i + 500)).execute();
  await trx.updateTable('kb_state').set({ active_version_id: version.id, updated_at: new Date(), updated_by: input.createdBy }).where('id', '=', 1).execute();
  return version.id;
}

/** The knowledge base service of one database. */
export class KbService {
  private cached: { versionId: number; engine: FaqEngine } | undefined;
  private building: Promise<FaqEngine> | undefined;
  private activeChecked: { id: number | null; at: number } | undefined;
  private checkingActive: Promise<number | null> | undefined;
  private activeGeneration = 0;
  /** The write-behind question log; set its `onError` to report rows that could not be written. */
  readonly questionLog: QuestionLog;

  constructor(private readonly db: Db) {
    this.questionLog = new QuestionLog(db);
  }

  /**
   * Id of the active version, or null when HR has imported nothing yet. Read at most once per
   * second: a version switched by another process (PostgreSQL shared by several instances) is
   * seen within a second; one switched here is seen at once.
   */
  async activeVersionId(): Promise<number | null> {
    const now = Date.now();
    if (this.activeChecked && now - this.activeChecked.at < ACTIVE_VERSION_TTL_MS) return this.activeChecked.id;
    // One read for all the turns that find the value stale at the same moment.
    if (this.checkingActive) return this.checkingActive;
    const generation = this.activeGeneration;
    const checking = (async () => {
      const row = await this.db.selectFrom('kb_state').select('active_version_id').where('id', '=', 1).executeTakeFirst();
      const id = row?.active_version_id ?? null;
      // A version switched here meanwhile makes this read stale: keep nothing from it.
      if (generation === this.activeGeneration) this.activeChecked = { id, at: now };
      return id;
    })().finally(() => {
      if (this.checkingActive === checking) this.checkingActive = undefined;
    });
    this.checkingActive = checking;
    return checking;
  }

  /** The active version changed here: read it again on next use. */
  private forgetActiveVersion(): void {
    this.activeChecked = undefined;
    this.checkingActive = undefined;
    this.activeGeneration += 1;
  }

  /** Entries of a version (default: the active one), in HR's order. */
  async entries(versionId?: number): Promise<FaqEntry[]> {
    const id = versionId ?? (await this.activeVersionId());
    if (id === null) return [];
    const rows = await this.db.selectFrom('kb_entries').selectAll().where('version_id', '=', id).orderBy('position').execute();
    return rows.map((r) => ({ id: r.entry_id, question: r.question, alternates: r.alternates, answer: r.answer, category: r.category, link: r.link }));
  }

  /** The engine answering from the active version; undefined when there is none. */
  async getEngine(): Promise<FaqEngine | undefined> {
    const versionId = await this.activeVersionId();
    if (versionId === null) return undefined;
    if (this.cached?.versionId === versionId) return this.cached.engine;
    this.building ??= (async () => {
      const [entries, version] = await Promise.all([
        this.entries(versionId),
        this.db.selectFrom('kb_versions').select('vocabulary').where('id', '=', versionId).executeTakeFirstOrThrow(),
      ]);
      const engine = FaqEngine.build(entries, { vocabulary: buildVocabulary(version.vocabulary) });
      this.cached = { versionId, engine };
      return engine;
    })().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  /**
   * Imports HR's spreadsheet (CSV or XLSX) as a new active version. All-or-nothing: any invalid
   * row throws `EQP_ERR_KB_IMPORT_INVALID` listing every problem, and the active version stays.
   */
  async importFaq(bytes: Uint8Array, sourceName: string, createdBy: string): Promise<KbImportResult> {
    const entries = await parseFaqFile(bytes, sourceName);
    const before = new Map((await this.entries()).map((e) => [e.id, e]));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const versionId = await this.db.transaction().execute((trx) => writeKbVersion(trx, { entries, sourceName, sourceSha256: sha256, createdBy }));
    this.forgetActiveVersion();
    const after = new Map(entries.map((e) => [e.id, e]));
    return {
      version: (await this.version(versionId))!,
      added: [...after.keys()].filter((id) => !before.has(id)),
      removed: [...before.keys()].filter((id) => !after.has(id)),
      changed: [...after.values()].filter((e) => before.has(e.id) && !sameEntry(before.get(e.id)!, e)).map((e) => e.id),
      advice: adviseOnFaq(entries),
    };
  }

  /** Replaces HR's vocabulary extension (CSV `concept;termes`) in a new version with the same entries. */
  async importVocabulary(text: string, sourceName: string, createdBy: string): Promise<KbVersionInfo> {
    const rings = parseVocabularyCsv(text, sourceName);
    const entries = await this.entries();
    if (entries.length === 0) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: 'FAQ active / active FAQ' });
    const active = await this.activeVersionId();
    const source = await this.db.selectFrom('kb_versions').select(['source_name', 'source_sha256']).where('id', '=', active!).executeTakeFirstOrThrow();
    const versionId = await this.db.transaction().execute((trx) =>
      writeKbVersion(trx, { entries, sourceName: source.source_name, sourceSha256: source.source_sha256, createdBy, vocabulary: rings, note: `vocabulaire : ${sourceName}` }),
    );
    this.forgetActiveVersion();
    return (await this.version(versionId))!;
  }

  /** One version's description. */
  async version(id: number): Promise<KbVersionInfo | undefined> {
    return (await this.listVersions()).find((v) => v.id === id);
  }

  /** Every version, newest first. */
  async listVersions(): Promise<KbVersionInfo[]> {
    const active = await this.activeVersionId();
    const rows = await this.db.selectFrom('kb_versions').select(['id', 'created_at', 'created_by', 'source_name', 'entry_count', 'note']).orderBy('id', 'desc').execute();
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, createdBy: r.created_by, sourceName: r.source_name, entryCount: r.entry_count, active: r.id === active, note: r.note }));
  }

  /** Makes an earlier version active again. */
  async rollback(versionId: number, actor: string): Promise<KbVersionInfo> {
    const exists = await this.db.selectFrom('kb_versions').select('id').where('id', '=', versionId).executeTakeFirst();
    if (!exists) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `version ${versionId} de la FAQ / FAQ version ${versionId}` });
    await this.db.updateTable('kb_state').set({ active_version_id: versionId, updated_at: new Date(), updated_by: actor }).where('id', '=', 1).execute();
    this.forgetActiveVersion();
    return (await this.version(versionId))!;
  }

  /**
   * Logs a question and what the bot answered; returns its id (used by feedback buttons) as soon
   * as it is known. The row itself is written within ~50 ms (see {@link QuestionLog}).
   */
  async logQuestion(input: LogQuestionInput): Promise<number> {
    return this.questionLog.append({
      asked_at: new Date(),
      person_id: input.personId,
      channel: input.channel,
      question: input.question.slice(0, QUESTION_LOG_MAX_CHARS),
      lang: input.lang,
      outcome: input.outcome,
      entry_id: input.entryId,
      suggestions: JSON.stringify(input.suggestions),
      score: input.score,
      version_id: await this.activeVersionId(),
    });
  }

  /** Writes the logged questions still in memory: call before reading `kb_questions` directly. */
  async flushQuestions(): Promise<void> {
    await this.questionLog.flush();
  }

  /** Writes the logged questions still in memory; later ones are written as they come (shutdown). */
  async close(): Promise<void> {
    await this.questionLog.close();
  }

  /**
   * Records "Utile / Pas utile" on a logged question. Only the person who asked may give it;
   * a second click changes the earlier feedback rather than counting twice.
   * Returns false when the question is not theirs (or does not exist).
   */
  async recordFeedback(input: { questionId: number; personId: string | null; helpful: boolean }): Promise<boolean> {
    await this.flushQuestions();
    const result = await this.db
      .updateTable('kb_questions')
      .set({ feedback: input.helpful ? 'helpful' : 'not_helpful', feedback_at: new Date() })
      .where('id', '=', input.questionId)
      .where((eb) => (input.personId === null ? eb('person_id', 'is', null) : eb('person_id', '=', input.personId)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Turns an answered HR request into a draft entry for the next FAQ version (once per request). */
  async addDraftEntry(input: { question: string; answer: string; sourceRequestId: string | null; createdBy: string }): Promise<{ id: number; created: boolean }> {
    const inserted = await this.db
      .insertInto('kb_drafts')
      .values({ question: input.question, answer: input.answer, source_request_id: input.sourceRequestId, created_by: input.createdBy })
      .onConflict((oc) => oc.column('source_request_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, created: true };
    const existing = await this.db.selectFrom('kb_drafts').select('id').where('source_request_id', '=', input.sourceRequestId).executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }

  /** Pending drafts, oldest first. */
  async listDrafts(): Promise<Array<{ id: number; question: string; answer: string; createdAt: Date; createdBy: string }>> {
    const rows = await this.db.selectFrom('kb_drafts').selectAll().where('status', '=', 'pending').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, question: r.question, answer: r.answer, createdAt: r.created_at, createdBy: r.created_by }));
  }

  /** The most asked unanswered questions and the answers with the worst feedback, since `since`. */
  async report(options: { limit?: number; since?: Date } = {}): Promise<KbReport> {
    const limit = options.limit ?? 20;
    const since = options.since ?? new Date(0);
    await this.flushQuestions();
    const normalized = sql<string>`lower(trim(regexp_replace(question, '\\s+', ' ', 'g')))`;
    const unanswered = await this.db
      .selectFrom('kb_questions')
      .select([normalized.as('q'), (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('asked_at').as('last')])
      .where('outcome', '=', 'none')
      .where('asked_at', '>=', since)
      .groupBy(normalized)
      .orderBy('n', 'desc')
      .orderBy('last', 'desc')
      .limit(limit)
      .execute();
    const feedback = await this.db
      .selectFrom('kb_questions')
      .select([
        'entry_id',
        (eb) => eb.fn.count<number>(eb.case().when('feedback', '=', 'not_helpful').then(1).end()).as('bad'),
        (eb) => eb.fn.count<number>(eb.case().when('feedback', '=', 'helpful').then(1).end()).as('good'),
      ])
      .where('entry_id', 'is not', null)
      .where('feedback', 'is not', null)
      .where('asked_at', '>=', since)
      .groupBy('entry_id')
      .orderBy('bad', 'desc')
      .orderBy('good', 'asc')
      .limit(limit)
      .execute();
    const questions = new Map((await this.entries()).map((e) => [e.id, e.question]));
    const totals = await this.db
      .selectFrom('kb_questions')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('asked_at', '>=', since)
      .groupBy('outcome')
      .execute();
    const count = (o: string) => Number(totals.find((t) => t.outcome === o)?.n ?? 0);
    return {
      unanswered: unanswered.map((r) => ({ question: r.q, count: Number(r.n), lastAskedAt: new Date(r.last as unknown as string) })),
      worstFeedback: feedback
        .filter((r) => Number(r.bad) > 0)
        .map((r) => ({ entryId: r.entry_id!, question: questions.get(r.entry_id!) ?? null, notHelpful: Number(r.bad), helpful: Number(r.good) })),
      totals: {
        asked: count('answer') + count('suggestions') + count('none') + count('smalltalk'),
        answered: count('answer'),
        suggestions: count('suggestions'),
        none: count('none'),
        smalltalk: count('smalltalk'),
      },
    };
  }
}

const services = new WeakMap<Db, KbService>();

/** The knowledge base service of a database (one per process, so the engine cache is shared). */
export function kbServiceFor(db: Db): KbService {
  let service = services.get(db);
  if (!service) {
    service = new KbService(db);
    services.set(db, service);
  }
  return service;
}
