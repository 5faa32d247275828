/** `equipage directory sync [--dry-run] [--no-photos]`: synchronizes the people directory from Microsoft Graph. */
import type { Command } from 'commander';
import { createBlobStore } from '../../core/blob/create-blob-store.js';
import { loadConfig } from '../../core/config/config.js';
import type { DirectorySyncReport, SyncProgress } from '../../core/directory/directory-sync.js';
import { directoryEntraApp, runDirectorySync } from '../../core/directory/directory-service.js';
import { openStorage } from '../../core/storage/database.js';
import { println, type CliIo } from '../io.js';

/** Changes listed one by one in a dry run before the list is cut. */
const MAX_LISTED_CHANGES = 200;

export function register(program: Command, io: CliIo): void {
  const directory = program.command('directory').description("Annuaire des agents (Microsoft Graph) / people directory");
  directory
    .command('sync')
    .description('Synchronise les agents depuis Microsoft Entra ID / synchronize people from Microsoft Graph')
    .option('--dry-run', "affiche les changements sans rien écrire / show the changes, write nothing")
    .option('--no-photos', 'ne synchronise pas les photos / skip profile photos')
    .action(async (options: { dryRun?: boolean; photos: boolean }) => {
      const config = loadConfig({ env: io.env, cwd: io.cwd });
      // Refused before touching anything when Entra is not configured (local mode: the seeded demo).
      const app = directoryEntraApp(config);
      const storage = await openStorage(config.database, { purpose: 'equipage directory sync', dataDir: config.dataDir });
      const blobs = options.dryRun || !options.photos ? undefined : await createBlobStore(config.blob);
      try {
        println(io.stdout, `Synchronisation de l'annuaire depuis ${config.directory.graphBaseUrl}${options.dryRun ? ' (simulation / dry run)' : ''}`);
        if (!config.directory.hrGroupId) println(io.stdout, "  HR_GROUP_ID n'est pas défini : l'appartenance RH n'est pas modifiée / HR membership left as is.");
        const report = await runDirectorySync({
          config,
          db: storage.db,
          blobs,
          app,
          dryRun: options.dryRun ?? false,
          photos: options.photos,
          actor: 'cli:directory-sync',
          retry: { onRetry: ({ status, retryAfter, attempt }) => println(io.stdout, `  Graph a répondu ${status} : nouvel essai ${attempt} dans ${retryAfter ?? '?'} s / throttled, retrying`) },
          onProgress: (p) => printProgress(io, p),
        });
        printReport(io, report);
      } finally {
        await blobs?.close();
        await storage.close();
      }
    });
}

function printProgress(io: CliIo, p: SyncProgress): void {
  switch (p.phase) {
    case 'users':
      println(io.stdout, `  utilisateurs lus / users read: ${p.read}`);
      break;
    case 'hr-group':
      println(io.stdout, `  membres du groupe RH / HR group members: ${p.members}`);
      break;
    case 'apply':
      break;
    case 'photos':
      if (p.done === p.total || p.done % 50 === 0) println(io.stdout, `  photos: ${p.done}/${p.total}`);
      break;
  }
}

function printReport(io: CliIo, r: DirectorySyncReport): void {
  if (r.dryRun) {
    for (const change of r.changes.slice(0, MAX_LISTED_CHANGES)) {
      println(io.stdout, `  ${change.action.padEnd(7)} ${change.upn}${change.fields.length ? ` (${change.fields.join(', ')})` : ''}`);
    }
    if (r.changes.length > MAX_LISTED_CHANGES) println(io.stdout, `  … ${r.changes.length - MAX_LISTED_CHANGES} de plus / more`);
  }
  for (const warning of r.warnings) println(io.stdout, `  attention / warning: ${warning}`);
  const verb = r.dryRun ? 'Simulation / dry run' : 'Annuaire synchronisé / directory synchronized';
  println(
    io.stdout,
    `${verb}: ${r.created} créé(s) / created, ${r.updated} mis à jour / updated, ${r.unchanged} inchangé(s) / unchanged, ${r.left} parti(s) / left, ` +
      `${r.skipped} ignoré(s) / skipped, ${r.servicesCreated} service(s) créé(s) / services created.`,
  );
  if (r.photos) {
    println(io.stdout, `Photos: ${r.photos.updated} mise(s) à jour / updated, ${r.photos.removed} retirée(s) / removed, ${r.photos.unchanged} inchangée(s) / unchanged, ${r.photos.none} sans photo / none.`);
  }
}
