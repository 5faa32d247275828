/** `equipage start`: runs the whole suite (what `npm start` calls). */
import type { Command } from 'commander';
import { loadConfig } from '../../core/config/config.js';
import { startServer, stopOnSignals } from '../../server/start.js';
import type { CliIo } from '../io.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('start')
    .description("Démarre Équipage (serveur, bot, onglet, connecteurs, Playground en mode local) / start the suite")
    .action(async () => {
      const config = loadConfig({ env: io.env, cwd: io.cwd });
      const server = await startServer(config, { announce: io.stdout, ...(io.cwd ? { cwd: io.cwd } : {}) });
      stopOnSignals(server);
    });
}
