/**
 * `equipage kb …`: HR's knowledge base — import a new FAQ version, list versions, roll back,
 * ask questions (from the database or straight from a file), evaluate an FAQ against labelled
 * questions before publishing it, and report what agents asked that the FAQ does not answer.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { EquipageError } from '../../core/errors.js';
import { adviseOnFaq } from '../../core/kb/faq-advice.js';
import { FaqEngine, type KbAnswer } from '../../core/kb/faq-engine.js';
import { parseFaqFile } from '../../core/kb/faq-parser.js';
import { engineAnswerFn, evaluate, formatReport, parseQuestionsCsv } from '../../core/kb/evaluate.js';
import { kbServiceFor, type KbService } from '../../core/kb/kb-service.js';
import { readInputFile, withStorage } from '../command-helpers.js';
import { println, type CliIo } from '../io.js';

/** The knowledge base of the configured database, for one command. */
const withKb = <T>(io: CliIo, purpose: string, run: (kb: KbService) => Promise<T>): Promise<T> => withStorage(io, purpose, (storage) => run(kbServiceFor(storage.db)));

const fmtDate = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);

/** The JSON line of `kb ask --json`. */
export function askJson(question: string, answer: KbAnswer): Record<string, unknown> {
  return {
    question,
    outcome: answer.outcome,
    id: answer.entry?.id ?? null,
    suggestions: answer.suggestions.map((s) => s.id),
    score: Math.round(answer.score * 1000) / 1000,
  };
}

function printAnswer(io: CliIo, question: string, answer: KbAnswer): void {
  println(io.stdout, `? ${question}`);
  switch (answer.outcome) {
    case 'answer':
      println(io.stdout, `  → [${answer.entry!.id}] ${answer.entry!.question} (confiance ${answer.score.toFixed(2)})`);
      println(io.stdout, `    ${answer.entry!.answer}`);
      break;
    case 'suggestions':
      println(io.stdout, `  → suggestions (confiance ${answer.score.toFixed(2)}):`);
      for (const s of answer.suggestions) println(io.stdout, `    - [${s.id}] ${s.question}`);
      break;
    case 'smalltalk':
      println(io.stdout, `  → ${answer.smallTalk?.reply ?? ''}`);
      break;
    default:
      println(io.stdout, `  → je ne sais pas / no answer (confiance ${answer.score.toFixed(2)})`);
  }
}

export function register(program: Command, io: CliIo): void {
  const kb = program.command('kb').description('Base de connaissances RH (FAQ du bot) / HR knowledge base');

  kb.command('import')
    .description("Importe la FAQ (CSV ou XLSX) comme nouvelle version active ; tout ou rien / import HR's FAQ as the new active version")
    .argument('<file>', 'fichier CSV (virgule ou point-virgule) ou XLSX (première feuille)')
    .action(async (file: string) => {
      const bytes = await readInputFile(io, file);
      const result = await withKb(io, 'equipage kb import', (service) => service.importFaq(bytes, path.basename(file), 'cli'));
      println(io.stdout, `Version ${result.version.id} active : ${result.version.entryCount} entrées (${result.added.length} ajoutées, ${result.changed.length} modifiées, ${result.removed.length} retirées).`);
      println(io.stdout, `Version ${result.version.id} is active: ${result.version.entryCount} entries.`);
      for (const advice of result.advice) {
        println(io.stdout, `Conseil : ${advice.message}`);
        println(io.stdout, `Advice: ${advice.messageEn}`);
        println(io.stdout, `  ${advice.entryIds.join(', ')}${advice.entryIds.length < advice.entryCount ? ', …' : ''}`);
      }
    });

  kb.command('vocabulary')
    .description('Remplace le vocabulaire RH complémentaire (CSV `concept;termes`) / replace HR vocabulary extension')
    .argument('<file>')
    .action(async (file: string) => {
      const text = new TextDecoder().decode(await readInputFile(io, file));
      const version = await withKb(io, 'equipage kb vocabulary', (service) => service.importVocabulary(text, path.basename(file), 'cli'));
      println(io.stdout, `Version ${version.id} active avec le nouveau vocabulaire / now active with the new vocabulary.`);
    });

  kb.command('versions')
    .description('Liste les versions de la FAQ / list FAQ versions')
    .action(async () => {
      const versions = await withKb(io, 'equipage kb versions', (service) => service.listVersions());
      if (versions.length === 0) {
        println(io.stdout, 'Aucune version : importez une FAQ avec `equipage kb import FICHIER`. / No version yet.');
        return;
      }
      for (const v of versions) {
        println(io.stdout, `${v.active ? '*' : ' '} ${String(v.id).padStart(4)}  ${fmtDate(v.createdAt)}  ${String(v.entryCount).padStart(5)} entrées  ${v.sourceName}  (${v.createdBy})${v.note ? ` — ${v.note}` : ''}`);
      }
    });

  kb.command('rollback')
    .description('Réactive une version antérieure / make an earlier version active')
    .argument('<version>', 'numéro de version (voir `kb versions`)')
    .action(async (raw: string) => {
      const id = Number(raw);
      if (!Number.isInteger(id) || id <= 0) throw new EquipageError('EQP_ERR_CLI_USAGE', { details: `version invalide / invalid version: ${raw}` });
      const version = await withKb(io, 'equipage kb rollback', (service) => service.rollback(id, 'cli'));
      println(io.stdout, `Version ${version.id} de nouveau active (${version.entryCount} entrées). / Version ${version.id} is active again.`);
    });

  kb.command('drafts')
    .description('Brouillons d’entrées issus des réponses du service RH / draft entries from answered HR requests')
    .action(async () => {
      const drafts = await withKb(io, 'equipage kb drafts', (service) => service.listDrafts());
      if (drafts.length === 0) println(io.stdout, 'Aucun brouillon. / No drafts.');
      for (const d of drafts) println(io.stdout, `#${d.id} ${fmtDate(d.createdAt)} (${d.createdBy})\n  Q : ${d.question}\n  R : ${d.answer}`);
    });

  kb.command('ask')
    .description('Pose des questions (une par ligne sur l’entrée standard si aucune) / ask questions')
    .option('--kb <file>', 'répondre depuis ce fichier FAQ, sans toucher à la base / answer from this FAQ file')
    .option('--json', 'une ligne JSON par question / one JSON object per line')
    .argument('[question...]')
    .action(async (words: string[], options: { kb?: string; json?: boolean }) => {
      const run = async (engine: FaqEngine) => {
        const answerOne = (question: string) => {
          const answer = engine.ask(question);
          if (options.json) println(io.stdout, JSON.stringify(askJson(question, answer)));
          else printAnswer(io, question, answer);
        };
        if (words.length > 0) {
          answerOne(words.join(' '));
          return;
        }
        const stdin = io.stdin ?? process.stdin;
        for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
          if (line.trim() !== '') answerOne(line.trim());
        }
      };
      if (options.kb) {
        await run(FaqEngine.build(await parseFaqFile(await readInputFile(io, options.kb), path.basename(options.kb))));
        return;
      }
      await withKb(io, 'equipage kb ask', async (service) => {
        const engine = await service.getEngine();
        if (!engine) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: 'FAQ active (importez-en une avec `equipage kb import`) / active FAQ' });
        await run(engine);
      });
    });

  kb.command('eval')
    .description('Évalue une FAQ sur des questions étiquetées avant publication / evaluate an FAQ on labelled questions')
    .requiredOption('--kb <file>', 'fichier FAQ (CSV ou XLSX)')
    .requiredOption('--questions <file>', 'CSV `question,expected_id` (id vide = hors sujet, `__smalltalk__` = politesse)')
    .option('--worst <n>', 'confusions à afficher / confusions to show', '15')
    .option('--json', 'rapport complet en JSON / full report as JSON')
    .action(async (options: { kb: string; questions: string; worst: string; json?: boolean }) => {
      const entries = await parseFaqFile(await readInputFile(io, options.kb), path.basename(options.kb));
      const engine = FaqEngine.build(entries);
      const questions = parseQuestionsCsv(new TextDecoder().decode(await readInputFile(io, options.questions)), path.basename(options.questions));
      const report = evaluate(questions, engineAnswerFn(engine));
      const advice = adviseOnFaq(entries);
      if (options.json) println(io.stdout, JSON.stringify({ ...report, advice }, null, 2));
      else {
        println(io.stdout, formatReport(report, Number(options.worst) || 0));
        for (const item of advice) println(io.stdout, `\nConseil : ${item.message}\nAdvice: ${item.messageEn}\n  ${item.entryIds.join(', ')}${item.entryIds.length < item.entryCount ? ', …' : ''}`);
      }
    });

  kb.command('report')
    .description('Questions sans réponse les plus posées et réponses les moins utiles / what the FAQ misses')
    .option('--limit <n>', 'lignes par section', '20')
    .option('--since <date>', 'depuis cette date (AAAA-MM-JJ)')
    .action(async (options: { limit: string; since?: string }) => {
      const since = options.since ? new Date(`${options.since}T00:00:00Z`) : undefined;
      if (since && Number.isNaN(since.getTime())) throw new EquipageError('EQP_ERR_CLI_USAGE', { details: `date invalide / invalid date: ${options.since}` });
      const report = await withKb(io, 'equipage kb report', (service) => service.report({ limit: Number(options.limit) || 20, ...(since ? { since } : {}) }));
      const t = report.totals;
      println(io.stdout, `Questions : ${t.asked} — réponses directes ${t.answered}, suggestions ${t.suggestions}, sans réponse ${t.none}, politesse ${t.smalltalk}`);
      println(io.stdout, '\nQuestions sans réponse les plus posées / most asked unanswered:');
      if (report.unanswered.length === 0) println(io.stdout, '  (aucune / none)');
      for (const u of report.unanswered) println(io.stdout, `  ${String(u.count).padStart(4)} × ${u.question}  (dernière : ${fmtDate(u.lastAskedAt)})`);
      println(io.stdout, '\nRéponses jugées les moins utiles / worst feedback:');
      if (report.worstFeedback.length === 0) println(io.stdout, '  (aucune / none)');
      for (const w of report.worstFeedback) println(io.stdout, `  [${w.entryId}] ${w.question ?? '(entrée retirée)'} — pas utile ${w.notHelpful}, utile ${w.helpful}`);
    });
}
