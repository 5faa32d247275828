/**
 * `equipage kb …` end to end, in-process: import versions (CSV and XLSX), all-or-nothing
 * rejection listing every problem, versions and rollback, ask (database and --kb file, JSON
 * lines, stdin), eval and report.
 */
import { readFile, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { kbServiceFor } from '../../core/kb/kb-service.js';
import { DEMO_FAQ_PATH } from '../../core/seed/seed.js';
import { seededCliSandbox, type CliSandbox } from '../helpers/run-cli.js';

describe('equipage kb', () => {
  let box: CliSandbox;
  const run = (args: string[], stdin?: string) => box.run(args, stdin);
  const file = (name: string) => box.file(name);

  beforeAll(async () => {
    box = await seededCliSandbox('kb');
  });
  afterAll(async () => {
    await box?.close();
  });

  it('starts with the demo FAQ as version 1 and answers from the database', async () => {
    const versions = await run(['kb', 'versions']);
    expect(versions.code).toBe(0);
    expect(versions.out).toMatch(/^\*\s+1\s.*demo-faq\.csv/m);
    const ask = await run(['kb', 'ask', '--json', 'cb de jours de RTT jai ?']);
    expect(ask.code).toBe(0);
    const line = JSON.parse(ask.out.trim()) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['question', 'outcome', 'id', 'suggestions', 'score']);
    expect(line.question).toBe('cb de jours de RTT jai ?');
    expect(['answer', 'suggestions']).toContain(line.outcome);
  });

  it('imports a new version, rejects an invalid file whole, and rolls back', async () => {
    await writeFile(
      file('v2.csv'),
      '\uFEFFquestion;réponse;catégorie;lien\n"Quand suis-je payé ?";"Le salaire est versé le 27 de chaque mois.";Paie;https://rh.example/paie\nJe pose comment mes congés ?;Dans le portail RH, rubrique Congés.;Congés;\n',
    );
    const imported = await run(['kb', 'import', file('v2.csv')]);
    expect(imported.err).toBe('');
    expect(imported.out).toContain('Version 2 active : 2 entrées');
    // No entry has an alternate phrasing: the import goes through, with advice.
    expect(imported.out).toContain("Conseil : 2 entrées sur 2 n'ont aucune variante");
    expect(imported.out).toContain('Advice: 2 of 2 entries have no alternate phrasing');

    await writeFile(file('bad.csv'), 'question,answer,link\nSans réponse,,\nLien cassé,Voir ici,pas-un-lien\n,Réponse sans question,\n');
    const bad = await run(['kb', 'import', file('bad.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('EQP_ERR_KB_IMPORT_INVALID');
    expect(bad.err).toMatch(/ligne 2, colonne « answer \(B\) » : la réponse est vide \(answer is missing\)/);
    expect(bad.err).toMatch(/ligne 3, colonne « link/);
    expect(bad.err).toMatch(/ligne 4, colonne « question/);

    const ask = await run(['kb', 'ask', '--json'], 'quand est ce quon est payé\n\nje pose mes conges comment\n');
    const lines = ask.out.trim().split('\n').map((l) => JSON.parse(l) as { id: string | null; outcome: string });
    expect(lines).toHaveLength(2); // the blank line is skipped
    const v2 = (await run(['kb', 'versions'])).out;
    expect(v2).toMatch(/^\*\s+2\s/m); // still version 2: the bad file changed nothing

    const rollback = await run(['kb', 'rollback', '1']);
    expect(rollback.code).toBe(0);
    expect((await run(['kb', 'versions'])).out).toMatch(/^\*\s+1\s/m);
    expect((await run(['kb', 'rollback', '99'])).err).toContain('EQP_ERR_NOT_FOUND');
    expect((await run(['kb', 'rollback', 'abc'])).code).toBe(2);
  });

  it('imports XLSX (first sheet) with French headers, keeping generated ids stable across re-imports', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('FAQ');
    sheet.addRow(['Question', 'Variantes', 'Réponse', 'Catégorie']);
    sheet.addRow(['Comment activer la double authentification ?', 'MFA | Authenticator', 'Installe Microsoft Authenticator puis va sur aka.ms/mfasetup.', 'Numérique']);
    book.addWorksheet('Notes').addRow(['ignored']);
    await writeFile(file('faq.xlsx'), Buffer.from(await book.xlsx.writeBuffer()));
    expect((await run(['kb', 'import', file('faq.xlsx')])).code).toBe(0);
    expect((await run(['kb', 'import', file('faq.xlsx')])).out).toContain('0 ajoutées, 0 modifiées, 0 retirées');
    await box.withDb(async (db) => {
      const kb = kbServiceFor(db);
      const versions = await kb.listVersions();
      const [latest, previous] = versions;
      const a = await kb.entries(latest!.id);
      const b = await kb.entries(previous!.id);
      expect(a.map((e) => e.id)).toEqual(b.map((e) => e.id));
      expect(a[0]!.alternates).toEqual(['MFA', 'Authenticator']);
    });
  });

  it('answers from a file with --kb without touching the database, and evaluates an FAQ', async () => {
    const ask = await run(['kb', 'ask', '--kb', DEMO_FAQ_PATH, 'bonjour']);
    expect(ask.out).toMatch(/→ .+/);
    const demo = await readFile(DEMO_FAQ_PATH, 'utf8');
    const firstId = /^(?:\uFEFF)?[^\n]*\n([^,;\n]+)[,;]/.exec(demo)?.[1];
    expect(firstId).toBeTruthy();
    await writeFile(file('questions.csv'), `question,expected_id\nbonjour,__smalltalk__\nquelle est la capitale du perou,\n`);
    const evaluation = await run(['kb', 'eval', '--kb', DEMO_FAQ_PATH, '--questions', file('questions.csv')]);
    expect(evaluation.code).toBe(0);
    expect(evaluation.out).toContain('questions: 2 (in scope 0, out of scope 1, small talk 1)');
    expect(evaluation.out).toContain('small talk recognised: 100%');
    const missing = await run(['kb', 'eval', '--kb', file('nope.csv'), '--questions', file('questions.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('EQP_ERR_CLI_USAGE');
  });

  it('reports the most asked unanswered questions and the worst feedback', async () => {
    await box.withDb(async (db) => {
      const kb = kbServiceFor(db);
      const log = (question: string, outcome: 'none' | 'answer', entryId: string | null = null) =>
        kb.logQuestion({ personId: null, channel: 'test', question, lang: 'fr', outcome, entryId, suggestions: [], score: 0.1 });
      await log('Où garer mon camion ?', 'none');
      await log('où garer   mon camion ?', 'none');
      await log('Quel est le menu de la cantine ?', 'none');
      const q = await log('Quand suis-je payé ?', 'answer', 'some-entry');
      expect(await kb.recordFeedback({ questionId: q, personId: null, helpful: false })).toBe(true);
      expect(await kb.recordFeedback({ questionId: q, personId: '00000000-0000-4000-8000-000000000000', helpful: true })).toBe(false);
    });
    const report = await run(['kb', 'report']);
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/2 × où garer mon camion \?/);
    expect(report.out).toMatch(/1 × quel est le menu de la cantine \?/);
    expect(report.out).toMatch(/\[some-entry\] .* pas utile 1, utile 0/);
  });
});
