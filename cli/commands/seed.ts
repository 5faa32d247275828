/** `equipage seed [--reset]`: seeds the demo commune into an empty database, or re-seeds it. */
import type { Command } from 'commander';
import { loadConfig } from '../../core/config/config.js';
import { isDatabaseEmpty, seedDemoCommune } from '../../core/seed/seed.js';
import { openStorage } from '../../core/storage/database.js';
import { println, type CliIo } from '../io.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('seed')
    .description('Charge la commune de démonstration / seed the demo commune')
    .option('--reset', 'efface les données et recharge la démonstration / wipe and re-seed')
    .action(async (options: { reset?: boolean }) => {
      const config = loadConfig({ env: io.env, cwd: io.cwd });
      // Takes the data-folder lock: refused with a clear message while the server runs.
      const storage = await openStorage(config.database, { purpose: 'equipage seed', dataDir: config.dataDir });
      try {
        if (!options.reset && !(await isDatabaseEmpty(storage.db))) {
          println(io.stdout, 'La base contient déjà des données : rien à faire. Utilisez --reset pour tout recharger. / The database already has data; use --reset to re-seed.');
          return;
        }
        const result = await seedDemoCommune(storage.db, { reset: options.reset ?? false });
        println(
          io.stdout,
          `Commune de démonstration chargée / demo commune seeded: ${result.people} personnes, ${result.services} services, ${result.templates} modèles, ${result.onboardings} arrivées (${result.steps} étapes).`,
        );
      } finally {
        await storage.close();
      }
    });
}
