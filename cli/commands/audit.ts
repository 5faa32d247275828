/**
 * `equipage audit --user X [--limit N] [--json]`: what a person did, and what was attempted on their
 * documents (deliveries and refusals), newest first. X is a UPN, a matricule, a person id or an
 * Entra object id. Opens the database: refused while the server runs (stop it first).
 */
import type { Command } from 'commander';
import { loadConfig } from '../../core/config/config.js';
import { findAuditEntries, findPersonByReference } from '../../core/documents/document-audit.js';
import { EquipageError } from '../../core/errors.js';
import { openStorage } from '../../core/storage/database.js';
import { println, type CliIo } from '../io.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('audit')
    .description(
      'Journal d’audit d’une personne (ses actions et les tentatives sur ses documents). Ouvre la base : refusé tant que le serveur tourne. / Audit log of a person; opens the database: refused while the server runs.',
    )
    .requiredOption('--user <ref>', 'UPN, matricule, id de personne ou id Entra / UPN, matricule, person id or Entra object id')
    .option('--limit <n>', 'nombre maximal de lignes / maximum lines', '200')
    .option('--json', 'sortie JSON / JSON output')
    .action(async (options: { user: string; limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new EquipageError('EQP_ERR_CLI_USAGE', { details: '--limit doit être un entier positif / must be a positive integer' });
      const config = loadConfig({ env: io.env, cwd: io.cwd });
      const storage = await openStorage(config.database, { purpose: 'equipage audit', dataDir: config.dataDir });
      try {
        const person = await findPersonByReference(storage.db, options.user);
        if (!person) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `la personne « ${options.user} » / person “${options.user}”` });
        const entries = await findAuditEntries(storage.db, person.id, { limit });
        if (options.json) {
          println(io.stdout, JSON.stringify({ person: { id: person.id, upn: person.upn, matricule: person.matricule, displayName: person.display_name }, entries }, null, 2));
          return;
        }
        println(io.stdout, `${person.display_name} (${person.upn}, ${person.matricule ?? 'sans matricule'}, ${person.id}) — ${entries.length} entrée(s)`);
        for (const e of entries) {
          const who = e.actor === person.id ? 'lui/elle-même' : e.actor;
          const details = e.details ? Object.entries(e.details).filter(([k]) => k !== 'ownerId').map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ') : '';
          println(io.stdout, `${e.at.toISOString()}  ${e.outcome.padEnd(7)}  ${e.channel.padEnd(6)}  ${e.action}  par/by ${who}${e.subject ? `  doc ${e.subject}` : ''}${details ? `  ${details}` : ''}`);
        }
      } finally {
        await storage.close();
      }
    });
}
