/**
 * `equipage package --env <env>`: builds `appPackage/build/appPackage.<env>.zip` from
 * `appPackage/` and `env/.env.<env>` (see docs/teams-packaging.md).
 *
 * The packager depends on dev-only packages (`jszip`, `pngjs`, `@microsoft/app-manifest`), so it
 * is imported on demand: the other commands keep working in a production install without them.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { PROJECT_ROOT } from '../../core/util/project-root.js';
import { println, type CliIo } from '../io.js';

export interface RunPackageOptions {
  /** Environment name: `local`, `dev`… (reads `env/.env.<env>`). */
  env: string;
  /** Project root holding `appPackage/` and `env/`. */
  root: string;
}

/** Builds the app package of one environment; resolves to the zip path and the resolved manifest. */
export async function runPackage(options: RunPackageOptions): Promise<{ zipPath: string; manifestPath: string; manifest: Record<string, unknown> }> {
  const { buildAppPackage } = await import('../teams-package/build-package.js');
  const built = await buildAppPackage({ root: options.root, env: options.env });
  return { zipPath: built.zipPath, manifestPath: built.manifestPath, manifest: built.manifest };
}

export function register(program: Command, io: CliIo): void {
  program
    .command('package')
    .description("Construit le paquet de l'application Teams / build the Teams app package")
    .requiredOption('--env <env>', 'environnement (fichier env/.env.<env>) / environment, e.g. local, dev')
    .action(async (options: { env: string }) => {
      const root = io.cwd ? path.resolve(io.cwd) : PROJECT_ROOT;
      const result = await runPackage({ env: options.env, root });
      println(io.stdout, `Paquet Teams créé / Teams app package written: ${path.relative(root, result.zipPath)}`);
      println(io.stdout, `Manifeste résolu / resolved manifest: ${path.relative(root, result.manifestPath)}`);
    });
}
