/**
 * Reads a Teams Toolkit environment the way the toolkit does: `env/.env.<env>` (committed, required)
 * then `env/.env.<env>.user` (secrets and personal overrides, gitignored, optional).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { EquipageError } from '../../core/errors.js';

/** The values of one environment and the files they came from (relative to the project root). */
export interface TeamsEnvironment {
  readonly name: string;
  readonly values: Readonly<Record<string, string>>;
  readonly files: readonly string[];
}

/** Environment names are file-name fragments: keep them to what Teams Toolkit itself creates. */
const ENV_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/i;

/** Relative path of the committed file of an environment, e.g. `env/.env.dev`. */
export function envFilePath(envName: string): string {
  return `env/.env.${envName}`;
}

/**
 * Loads `env/.env.<envName>` (and its `.user` companion when present) under `root`.
 * Throws `EQP_ERR_CLI_USAGE` for a malformed name and `EQP_ERR_PACKAGE_ENV_MISSING` when the
 * committed file does not exist.
 */
export function loadTeamsEnvironment(root: string, envName: string): TeamsEnvironment {
  if (!ENV_NAME.test(envName)) {
    throw new EquipageError('EQP_ERR_CLI_USAGE', {
      details: `--env « ${envName} » : lettres, chiffres, - et _ seulement / letters, digits, - and _ only`,
    });
  }
  const main = envFilePath(envName);
  if (!existsSync(path.join(root, main))) throw new EquipageError('EQP_ERR_PACKAGE_ENV_MISSING', { file: main });
  const files = [main];
  const values: Record<string, string> = {};
  const read = (rel: string) => {
    for (const [key, value] of Object.entries(parseEnv(readFileSync(path.join(root, rel), 'utf8')))) {
      if (value !== undefined) values[key] = value;
    }
  };
  read(main);
  const user = `${main}.user`;
  if (existsSync(path.join(root, user))) {
    read(user);
    files.push(user);
  }
  return { name: envName, values, files };
}
