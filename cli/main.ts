#!/usr/bin/env node
/**
 * `equipage`: the project's command line (start the suite, seed, package the Teams app, HR tools).
 * Each command lives in its own file under cli/commands/ and registers itself here.
 */
import { Command, CommanderError } from 'commander';
import { fileURLToPath } from 'node:url';
import { isEquipageError } from '../core/errors.js';
import { VERSION } from '../core/util/project-root.js';
import { println, type CliIo } from './io.js';
import * as packageCommand from './commands/package.js';
import * as audit from './commands/audit.js';
import * as documents from './commands/documents.js';
import * as directory from './commands/directory.js';
import * as fieldops from './commands/fieldops.js';
import * as kb from './commands/kb.js';
import * as seed from './commands/seed.js';
import * as start from './commands/start.js';

const commands: Array<{ register(program: Command, io: CliIo): void }> = [start, seed, packageCommand, documents, audit, directory, kb, fieldops];

/** Builds the program; exported so tests run commands in-process. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('equipage')
    .description("Équipage — l'espace numérique des agents de la commune dans Microsoft Teams")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const command of commands) command.register(program, io);
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isEquipageError(error)) {
      println(io.stderr, `[${error.code}] ${error.localized('fr')}`);
      println(io.stderr, `  (${error.localized('en')})`);
      // Itemized problems (invalid rows of an import, invalid configuration keys): print each one.
      if (Array.isArray(error.details)) {
        for (const item of error.details as Array<Record<string, unknown>>) {
          const where = [item.row != null ? `ligne ${String(item.row)}` : '', item.column ? `colonne « ${String(item.column)} »` : '', item.key ? String(item.key) : '', item.path ? String(item.path) : '']
            .filter(Boolean)
            .join(', ');
          println(io.stderr, `  - ${where ? `${where} : ` : ''}${String(item.message ?? JSON.stringify(item))}${item.messageEn ? ` (${String(item.messageEn)})` : ''}`);
        }
      }
      return error.code === 'EQP_ERR_CLI_USAGE' ? 2 : 1;
    }
    println(io.stderr, `Erreur inattendue / unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
  // `start` keeps running; every other command exits with its code.
  if (code !== 0 || !['start'].includes(process.argv[2] ?? '')) process.exitCode = code;
}
