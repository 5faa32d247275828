/**
 * The write-behind question log on real PGlite: ids are known before the rows are written, rows
 * land in one go on flush (and by themselves after the window), a bad row does not take the
 * others with it, close() writes what is pending, and feedback on a question logged an instant
 * ago is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../core/config/config.js';
import { KbService } from '../../../core/kb/kb-service.js';
import { QuestionLog, type QuestionRow } from '../../../core/kb/question-log.js';
import { openStorage, type Storage } from '../../../core/storage/database.js';

let dataDir: string;
let storage: Storage;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-question-log-'));
  const config = loadConfig({ env: { DATA_DIR: dataDir }, readEnvFiles: false });
  storage = await openStorage(config.database, { purpose: 'test', dataDir });
});

afterAll(async () => {
  await storage?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const row = (question: string, personId: string | null = null): Omit<QuestionRow, 'id'> => ({
  asked_at: new Date(),
  person_id: personId,
  channel: 'test',
  question,
  lang: 'fr',
  outcome: 'none',
  entry_id: null,
  suggestions: JSON.stringify([]),
  score: 0,
  version_id: null,
});

const stored = (ids: number[]) => storage.db.selectFrom('kb_questions').select(['id', 'question']).where('id', 'in', ids).orderBy('id').execute();

describe('the question log', () => {
  it('gives distinct increasing ids at once and writes the rows on flush', async () => {
    const log = new QuestionLog(storage.db, { flushMs: 60_000, idBlock: 4 });
    const ids: number[] = [];
    for (let i = 0; i < 10; i += 1) ids.push(await log.append(row(`question ${i}`)));
    expect(new Set(ids).size).toBe(10);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(log.size).toBe(10);
    expect(await stored(ids)).toHaveLength(0);
    await log.flush();
    expect(log.size).toBe(0);
    expect((await stored(ids)).map((r) => r.question)).toEqual(ids.map((_, i) => `question ${i}`));
  });

  it('writes the rows by itself once the window has passed', async () => {
    const log = new QuestionLog(storage.db, { flushMs: 10 });
    const id = await log.append(row('sans flush'));
    while ((await stored([id])).length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(log.size).toBe(0);
  });

  it('writes at once when a batch is full', async () => {
    const log = new QuestionLog(storage.db, { flushMs: 60_000, maxBatch: 3 });
    const ids = [await log.append(row('a')), await log.append(row('b')), await log.append(row('c'))];
    // The third row started the write without waiting for the timer.
    expect(log.size).toBe(0);
    await log.flush();
    expect(await stored(ids)).toHaveLength(3);
  });

  it('keeps the good rows of a batch with a bad one, and reports the lost one', async () => {
    const lost: number[] = [];
    const log = new QuestionLog(storage.db, { flushMs: 60_000, onError: (_error, n) => lost.push(n) });
    const good1 = await log.append(row('avant'));
    // Nobody in the directory has this id: the foreign key refuses the row.
    const bad = await log.append(row('personne inconnue', '00000000-0000-4000-8000-000000000000'));
    const good2 = await log.append(row('après'));
    await log.flush();
    expect((await stored([good1, bad, good2])).map((r) => r.id)).toEqual([good1, good2]);
    expect(lost).toEqual([1]);
  });

  it('writes what is pending on close, and later rows as they come', async () => {
    const log = new QuestionLog(storage.db, { flushMs: 60_000 });
    const before = await log.append(row('avant l’arrêt'));
    await log.close();
    expect(await stored([before])).toHaveLength(1);
    const after = await log.append(row('pendant l’arrêt'));
    expect(log.size).toBe(0);
    expect(await stored([after])).toHaveLength(1);
  });

  it('records feedback on a question logged an instant ago', async () => {
    const kb = new KbService(storage.db);
    const id = await kb.logQuestion({ personId: null, channel: 'test', question: 'Quand suis-je payé ?', lang: 'fr', outcome: 'answer', entryId: 'paie', suggestions: [], score: 0.9 });
    expect(await kb.recordFeedback({ questionId: id, personId: null, helpful: true })).toBe(true);
    const written = await storage.db.selectFrom('kb_questions').select(['feedback', 'entry_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(written).toEqual({ feedback: 'helpful', entry_id: 'paie' });
    await kb.close();
  });
});
