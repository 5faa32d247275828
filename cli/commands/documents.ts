/**
 * `equipage documents import --period YYYY-MM PATH [--pattern P] [--publish] [--replace] [--json]`:
 * publishes a payroll run (a folder or ZIP of one PDF per agent, or one multi-page PDF split by
 * matricule). Dry run by default. `equipage documents retention [--dry-run]` applies the retention
 * policy. Both open the database and take the data-folder lock: they are refused while the server
 * runs (stop it first).
 */
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../core/config/config.js';
import { createBlobStore } from '../../core/blob/create-blob-store.js';
import { planImport, planReport, type ImportPlan } from '../../core/documents/import-plan.js';
import { publishPlan, type PublishResult } from '../../core/documents/publish.js';
import { applyRetention } from '../../core/documents/retention.js';
import { EquipageError } from '../../core/errors.js';
import { openStorage } from '../../core/storage/database.js';
import { println, type CliIo } from '../io.js';
import { createProgress } from '../progress.js';

const LOCK_NOTE =
  'Ouvre la base de données : refusé tant que le serveur tourne (arrêtez-le d’abord). / Opens the database: refused while the server runs (stop it first).';

function printPlan(io: CliIo, plan: ImportPlan, dryRun: boolean): void {
  const out = (line = '') => println(io.stdout, line);
  out(`Paie ${plan.period} — source : ${plan.sourcePath} (${plan.sourceKind})`);
  if (dryRun) out('Simulation : rien n’est publié (ajoute --publish). / Dry run: nothing is published (add --publish).');
  out(`Bulletins reconnus / matched: ${plan.matched.length}`);
  out(`Fichiers ou pages non reconnus / unmatched files or pages: ${plan.unmatched.length}`);
  for (const u of plan.unmatched) out(`  - ${u.source} : ${u.reason}${u.detail ? ` (${u.detail})` : ''}`);
  out(`Agents sans bulletin / agents with no payslip: ${plan.missing.length}`);
  for (const m of plan.missing) out(`  - ${m.matricule} ${m.displayName}`);
  out(`Doublons (non publiés) / duplicates (not published): ${plan.duplicates.length}`);
  for (const d of plan.duplicates) out(`  - ${d.matricule} ${d.displayName} : ${d.sources.join(', ')}`);
  if (plan.alreadyPublished.length > 0) {
    out(`Déjà publiés pour ${plan.period} / already published: ${plan.alreadyPublished.length} (remplacés seulement avec --replace / replaced only with --replace)`);
  }
}

function printResult(io: CliIo, result: PublishResult, seconds: number): void {
  const out = (line = '') => println(io.stdout, line);
  const notified = result.published.filter((p) => p.notification !== 'no_conversation');
  const notNotified = result.published.filter((p) => p.notification === 'no_conversation');
  out(`Publiés / published: ${result.published.length} en ${seconds.toFixed(1)} s`);
  out(`Notifications mises en file / notifications queued: ${notified.length}`);
  out(`Non notifiés (jamais connectés au bot) / not notified (never talked to the bot): ${notNotified.length}`);
  for (const n of notNotified) out(`  - ${n.matricule} ${n.displayName}`);
  if (result.skipped.length > 0) out(`Ignorés / skipped: ${result.skipped.length}`);
  for (const s of result.skipped) out(`  - ${s.matricule} ${s.displayName} : ${s.reason}`);
  if (result.failed.length > 0) out(`Échecs / failed: ${result.failed.length}`);
  for (const f of result.failed) out(`  - ${f.matricule} (${f.source}) : ${f.error}`);
}

export function register(program: Command, io: CliIo): void {
  const documents = program.command('documents').description('Documents des agents (bulletins de paie, attestations) / agents’ documents');

  documents
    .command('import')
    .description(`Importe une paie : un dossier ou un ZIP d’un PDF par agent, ou un PDF unique découpé par matricule. Simulation par défaut. ${LOCK_NOTE}`)
    .argument('<path>', 'dossier, .zip ou .pdf / folder, .zip or .pdf')
    .requiredOption('--period <YYYY-MM>', 'période de paie / payroll period')
    .option('--pattern <pattern>', 'modèle de nom de fichier / file-name pattern (défaut DOCUMENT_FILE_PATTERN, « {matricule}_{period}.pdf »)')
    .option('--publish', 'publie et notifie les agents / publish and notify the agents')
    .option('--replace', 'remplace les bulletins déjà publiés pour la période (l’ancienne version est conservée) / replace payslips already published')
    .option('--json', 'sortie JSON / JSON output')
    .action(async (sourcePath: string, options: { period: string; pattern?: string; publish?: boolean; replace?: boolean; json?: boolean }) => {
      const config = loadConfig({ env: io.env, cwd: io.cwd });
      const storage = await openStorage(config.database, { purpose: 'equipage documents import', dataDir: config.dataDir });
      const blobs = await createBlobStore(config.blob);
      const progress = createProgress(io.stderr);
      try {
        const started = Date.now();
        const plan = await planImport(storage.db, {
          period: options.period,
          sourcePath: path.resolve(io.cwd ?? process.cwd(), sourcePath),
          pattern: options.pattern ?? config.documents.filePattern,
          onProgress: (done, total, phase) => progress.update(done, total, phase === 'splitting' ? 'Découpage' : 'Lecture'),
        });
        progress.stop();
        const planSeconds = (Date.now() - started) / 1000;
        if (!options.publish) {
          if (options.json) println(io.stdout, JSON.stringify({ dryRun: true, planSeconds, ...planReport(plan) }, null, 2));
          else printPlan(io, plan, true);
          return;
        }
        const publishProgress = createProgress(io.stderr);
        const publishStarted = Date.now();
        const result = await publishPlan(storage.db, blobs, plan, {
          replace: options.replace ?? false,
          publishedBy: `cli:${os.userInfo().username}`,
          onProgress: (done, total) => publishProgress.update(done, total, 'Publication'),
        });
        publishProgress.stop();
        const seconds = (Date.now() - publishStarted) / 1000;
        if (options.json) println(io.stdout, JSON.stringify({ dryRun: false, planSeconds, publishSeconds: seconds, ...planReport(plan), result }, null, 2));
        else {
          printPlan(io, plan, false);
          printResult(io, result, seconds);
        }
        if (result.failed.length > 0) throw new EquipageError('EQP_ERR_DOCUMENT_PUBLISH_INCOMPLETE', { failed: result.failed.length, total: plan.matched.length });
      } finally {
        progress.stop();
        await blobs.close();
        await storage.close();
      }
    });

  documents
    .command('retention')
    .description(`Archive les documents selon la politique de conservation (DOCUMENT_RETENTION_MONTHS, LEAVER_ACCESS_DAYS). ${LOCK_NOTE}`)
    .option('--dry-run', 'compte sans rien changer / count without changing anything')
    .action(async (options: { dryRun?: boolean }) => {
      const config = loadConfig({ env: io.env, cwd: io.cwd });
      const storage = await openStorage(config.database, { purpose: 'equipage documents retention', dataDir: config.dataDir });
      try {
        const r = await applyRetention(storage.db, config.documents, { dryRun: options.dryRun ?? false });
        println(
          io.stdout,
          `${options.dryRun ? 'À archiver / to archive' : 'Archivés / archived'}: ${r.archivedByAge} (ancienneté / age > ${config.documents.retentionMonths} mois), ${r.archivedLeavers} (agents partis / leavers > ${config.documents.leaverAccessDays} jours); liens purgés / links purged: ${r.linksPurged}`,
        );
      } finally {
        await storage.close();
      }
    });
}

