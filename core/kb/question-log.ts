/**
 * The question log's write-behind buffer. Logging a question used to be one INSERT (and one
 * commit) per question, the largest cost of a bot turn on PGlite. Here a question gets its id at
 * once, from a block of ids reserved in advance from `kb_questions`' own sequence (one query per
 * {@link QuestionLogOptions.idBlock} questions), and its row is written with the others of the
 * same moment in one multi-row INSERT, at most {@link QuestionLogOptions.flushMs} later.
 *
 * The id being known before the row is written, the answer card's buttons carry it as before
 * (feedback, "pick", "ask HR"). Whoever reads or updates a logged question calls
 * {@link QuestionLog.flush} first, so a button pressed within the window finds its row.
 *
 * Durability: the log is analytics (`equipage kb report`, feedback), not an acknowledged write.
 * A crash (kill -9, power loss) loses the rows of the last window, about `flushMs` (≤ 100 ms),
 * and leaves a gap in the ids; a graceful stop writes them ({@link QuestionLog.close} is on the
 * server's stop sequence). A failing batch is retried row by row; a row that still fails (the
 * database down, a person deleted meanwhile) is dropped and reported to `onError`.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, KbQuestionsTable } from '../storage/schema.js';

/** A row of `kb_questions` as the log writes it (id and time included). */
export type QuestionRow = Insertable<KbQuestionsTable> & { id: number; asked_at: Date };

export interface QuestionLogOptions {
  /** Longest time a row waits in memory before it is written (default 50 ms). */
  flushMs?: number;
  /** Rows that trigger a write at once, without waiting for the timer (default 200). */
  maxBatch?: number;
  /** Ids reserved per sequence query (default 100). */
  idBlock?: number;
  /** Rows that could not be written (already dropped). */
  onError?: (error: unknown, lost: number) => void;
}

/** Rows per INSERT statement: 11 columns × 500 stays far below PostgreSQL's parameter limit. */
const ROWS_PER_STATEMENT = 500;

export class QuestionLog {
  private readonly flushMs: number;
  private readonly maxBatch: number;
  private readonly idBlock: number;
  private pending: QuestionRow[] = [];
  private ids: number[] = [];
  private reserving: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;
  onError: (error: unknown, lost: number) => void;

  constructor(
    private readonly db: Kysely<Database>,
    options: QuestionLogOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 50;
    this.maxBatch = options.maxBatch ?? 200;
    this.idBlock = options.idBlock ?? 100;
    this.onError = options.onError ?? ((error, lost) => process.emitWarning(`question log: ${lost} row(s) lost: ${(error as Error)?.message ?? String(error)}`));
  }

  /** Rows waiting to be written. */
  get size(): number {
    return this.pending.length;
  }

  /**
   * Logs a row; resolves with its id as soon as the id is known (the row is written within
   * `flushMs`). After {@link close}, the row is written before this resolves.
   */
  async append(row: Omit<QuestionRow, 'id'>): Promise<number> {
    const id = await this.nextId();
    const full = { ...row, id } as QuestionRow;
    if (this.closed) {
      await this.write([full]);
      return id;
    }
    this.pending.push(full);
    if (this.pending.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
    return id;
  }

  /** Writes every pending row (and waits for a write in progress). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing || this.pending.length > 0) {
      if (this.writing) {
        await this.writing;
        continue;
      }
      const batch = this.pending;
      this.pending = [];
      this.writing = this.write(batch).finally(() => {
        this.writing = undefined;
      });
    }
  }

  /** Writes what is pending; later rows are written one by one as they come. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async write(rows: QuestionRow[]): Promise<void> {
    try {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await this.db.insertInto('kb_questions').values(rows.slice(i, i + ROWS_PER_STATEMENT)).execute();
      return;
    } catch {
      // One bad row must not take the others with it: retry them one by one.
    }
    let lost = 0;
    let lastError: unknown;
    for (const row of rows) {
      try {
        // A statement of an earlier chunk may have been written already: its rows are skipped.
        await this.db.insertInto('kb_questions').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
      } catch (error) {
        lost += 1;
        lastError = error;
      }
    }
    if (lost > 0) this.onError(lastError, lost);
  }

  private async nextId(): Promise<number> {
    while (this.ids.length === 0) await this.reserve();
    // Reserve the next block ahead, so a question rarely waits for the sequence.
    if (this.ids.length <= this.idBlock / 4) void this.reserve().catch(() => undefined);
    return this.ids.shift()!;
  }

  private reserve(): Promise<void> {
    this.reserving ??= (async () => {
      const { rows } = await sql<{ id: number | string }>`select nextval(pg_get_serial_sequence('kb_questions', 'id')) as id from generate_series(1, ${this.idBlock})`.execute(this.db);
      this.ids.push(...rows.map((r) => Number(r.id)));
    })().finally(() => {
      this.reserving = undefined;
    });
    return this.reserving;
  }
}
