import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { acquireDataDirLock } from '../../core/storage/data-dir-lock.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { makePdf, payslipPage } from '../core/documents/fixtures.js';

const run = (args: string[], env: Record<string, string>) => runCliCaptured(args, env);

describe('equipage documents / audit', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'equipage-cli-docs-'));
    env = { DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
    await mkdir(path.join(dir, 'run'));
    await writeFile(path.join(dir, 'run', 'M1103_2026-10.pdf'), await makePdf([payslipPage('M1103', 'Kévin Martin', '2026-10')]));
    await writeFile(path.join(dir, 'run', 'Z0000_2026-10.pdf'), await makePdf(['nobody']));
    expect((await run(['seed'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('dry-runs by default, publishes with --publish, and shows the audit trail', async () => {
    const dry = await run(['documents', 'import', '--period', '2026-10', path.join(dir, 'run')], env);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Simulation');
    expect(dry.out).toContain('Bulletins reconnus / matched: 1');
    expect(dry.out).toContain('Z0000_2026-10.pdf : unknown_matricule');
    expect(dry.out).toMatch(/Agents sans bulletin \/ agents with no payslip: \d+/);

    const pub = await run(['documents', 'import', '--period', '2026-10', '--publish', '--json', path.join(dir, 'run')], env);
    expect(pub.code).toBe(0);
    const report = JSON.parse(pub.out) as { result: { published: Array<{ matricule: string; notification: string }> } };
    expect(report.result.published).toEqual([expect.objectContaining({ matricule: 'M1103', notification: 'no_conversation' })]);

    const again = await run(['documents', 'import', '--period', '2026-10', '--publish', path.join(dir, 'run')], env);
    expect(again.out).toContain('already_published');

    const audit = await run(['audit', '--user', 'M1103'], env);
    expect(audit.code).toBe(0);
    expect(audit.out).toContain('Kévin Martin');
    expect(audit.out).toContain('documents.publish');

    const unknown = await run(['audit', '--user', 'nobody@nowhere'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('EQP_ERR_NOT_FOUND');
  });

  it('refuses while another process holds the data folder', async () => {
    const lock = acquireDataDirLock(env.DATA_DIR!, 'serveur Équipage (test)');
    try {
      const refused = await run(['documents', 'import', '--period', '2026-10', path.join(dir, 'run')], env);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('EQP_ERR_DATA_DIR_LOCKED');
    } finally {
      lock.release();
    }
  });

  it('rejects a bad period and a missing source with coded errors', async () => {
    const bad = await run(['documents', 'import', '--period', '2026-13', path.join(dir, 'run')], env);
    expect(bad.err).toContain('EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID');
    const missing = await run(['documents', 'import', '--period', '2026-10', path.join(dir, 'nope')], env);
    expect(missing.err).toContain('EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID');
  });
});
