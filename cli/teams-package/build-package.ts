/**
 * Builds the Teams app package of one environment: resolves the `${{VAR}}` placeholders of
 * `appPackage/manifest.json` and its localization files from `env/.env.<env>` (+ `.user`),
 * validates everything against the bundled official schemas, checks the icons, and writes
 * `appPackage/build/appPackage.<env>.zip` and the resolved `appPackage/build/manifest.<env>.json`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { EquipageError } from '../../core/errors.js';
import { loadTeamsEnvironment } from './env-file.js';
import { checkColorIcon, checkOutlineIcon } from './icons.js';
import { resolveJsonPlaceholders } from './placeholders.js';
import { validateTeamsDocument } from './schemas.js';

/** Where the package sources live, relative to the project root. */
export const APP_PACKAGE_DIR = 'appPackage';

export interface BuildAppPackageOptions {
  /** Project root: holds `appPackage/` and `env/`. */
  readonly root: string;
  /** Environment name: `local`, `dev`… */
  readonly env: string;
  /** Output folder (default `<root>/appPackage/build`). */
  readonly outputDir?: string;
}

export interface BuiltAppPackage {
  readonly zipPath: string;
  /** The resolved manifest, also written next to the zip as `manifest.<env>.json`. */
  readonly manifestPath: string;
  readonly manifest: Record<string, unknown>;
  /** Entries of the zip, in order. */
  readonly entries: readonly string[];
  /** Environment files read, relative to the root. */
  readonly envFiles: readonly string[];
}

/** Zip entries get a fixed date so the same inputs give the same bytes. */
const ZIP_DATE = new Date('2000-01-01T00:00:00Z');

type Json = Record<string, unknown>;

async function readJson(file: string, label: string): Promise<Json> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new EquipageError('EQP_ERR_PACKAGE_INVALID', { details: `${label} not found` }, { details: [`${label} not found`] });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Json;
  } catch (error) {
    const problem = `${label} is not valid JSON (${(error as Error).message})`;
    throw new EquipageError('EQP_ERR_PACKAGE_INVALID', { details: problem }, { details: [problem] });
  }
}

/** A path from the manifest must stay inside appPackage/ (no absolute path, no `..`). */
function packagePath(dir: string, relative: string): string | undefined {
  const full = path.resolve(dir, relative);
  return full.startsWith(dir + path.sep) ? full : undefined;
}

/** The files a manifest points to, by role. */
function referencedFiles(manifest: Json): { icons: Array<{ role: 'color' | 'outline'; file: string }>; localizations: string[] } {
  const icons = (manifest.icons ?? {}) as { color?: unknown; outline?: unknown };
  const info = (manifest.localizationInfo ?? {}) as { defaultLanguageFile?: unknown; additionalLanguages?: unknown };
  const localizations: string[] = [];
  if (typeof info.defaultLanguageFile === 'string') localizations.push(info.defaultLanguageFile);
  if (Array.isArray(info.additionalLanguages)) {
    for (const lang of info.additionalLanguages as Array<{ file?: unknown }>) if (typeof lang.file === 'string') localizations.push(lang.file);
  }
  const result: Array<{ role: 'color' | 'outline'; file: string }> = [];
  if (typeof icons.color === 'string') result.push({ role: 'color', file: icons.color });
  if (typeof icons.outline === 'string') result.push({ role: 'outline', file: icons.outline });
  return { icons: result, localizations };
}

/**
 * Builds the package. Throws `EQP_ERR_PACKAGE_ENV_MISSING` (no env file),
 * `EQP_ERR_PACKAGE_PLACEHOLDER_UNRESOLVED` (naming every undefined or empty variable, all files
 * together) or `EQP_ERR_PACKAGE_INVALID` (schema, icon or file problems; `details` lists them).
 */
export async function buildAppPackage(options: BuildAppPackageOptions): Promise<BuiltAppPackage> {
  const root = path.resolve(options.root);
  const sourceDir = path.join(root, APP_PACKAGE_DIR);
  const environment = loadTeamsEnvironment(root, options.env);

  const template = await readJson(path.join(sourceDir, 'manifest.json'), `${APP_PACKAGE_DIR}/manifest.json`);
  const resolvedManifest = resolveJsonPlaceholders(template, environment.values);
  const unresolved = new Set(resolvedManifest.unresolved);
  const manifest = resolvedManifest.value;

  const problems: string[] = [];
  const refs = referencedFiles(template);
  const localizations: Array<{ name: string; document: Json }> = [];
  for (const name of refs.localizations) {
    const file = packagePath(sourceDir, name);
    if (!file) {
      problems.push(`localization file ${name} must be inside ${APP_PACKAGE_DIR}/`);
      continue;
    }
    const resolved = resolveJsonPlaceholders(await readJson(file, `${APP_PACKAGE_DIR}/${name}`), environment.values);
    for (const n of resolved.unresolved) unresolved.add(n);
    localizations.push({ name, document: resolved.value });
  }
  if (unresolved.size > 0) {
    const names = [...unresolved].sort();
    throw new EquipageError(
      'EQP_ERR_PACKAGE_PLACEHOLDER_UNRESOLVED',
      { file: environment.files.join(' + '), names: names.join(', ') },
      { details: names },
    );
  }

  problems.push(...(await validateTeamsDocument(manifest, 'manifest', 'manifest.json')));
  for (const { name, document } of localizations) problems.push(...(await validateTeamsDocument(document, 'localization', name)));

  const icons: Array<{ name: string; data: Buffer }> = [];
  for (const { role, file: name } of refs.icons) {
    const file = packagePath(sourceDir, name);
    if (!file || !existsSync(file)) {
      problems.push(`${role} icon ${name} not found in ${APP_PACKAGE_DIR}/`);
      continue;
    }
    const data = await readFile(file);
    problems.push(...(role === 'color' ? checkColorIcon(data, name) : checkOutlineIcon(data, name)));
    icons.push({ name, data });
  }
  if (problems.length > 0) {
    throw new EquipageError('EQP_ERR_PACKAGE_INVALID', { details: problems.join('; ') }, { details: problems });
  }

  const outputDir = path.resolve(options.outputDir ?? path.join(sourceDir, 'build'));
  await mkdir(outputDir, { recursive: true });
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const zip = new JSZip();
  const entries: string[] = [];
  const add = (name: string, data: string | Buffer) => {
    // Zip entry names always use forward slashes.
    const entry = name.split(path.sep).join('/');
    zip.file(entry, data, { date: ZIP_DATE });
    entries.push(entry);
  };
  add('manifest.json', manifestText);
  for (const icon of icons) add(icon.name, icon.data);
  for (const { name, document } of localizations) add(name, `${JSON.stringify(document, null, 2)}\n`);

  const zipPath = path.join(outputDir, `appPackage.${environment.name}.zip`);
  const manifestPath = path.join(outputDir, `manifest.${environment.name}.json`);
  await writeFile(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' }));
  await writeFile(manifestPath, manifestText);
  return { zipPath, manifestPath, manifest, entries, envFiles: environment.files };
}
