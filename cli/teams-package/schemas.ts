/**
 * Validates a Teams app manifest and its localization files against the official JSON schemas
 * bundled in `@microsoft/app-manifest`, offline: the schema named by the document's `$schema`
 * is read from the package, never fetched.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import appManifest from '@microsoft/app-manifest';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

const { AppManifestUtils } = appManifest;

/**
 * The localization schemas hold a pattern with an unescaped `]`, which is invalid as a Unicode
 * regular expression, and AppManifestUtils compiles patterns in Unicode mode: it throws a
 * SyntaxError on them. Localization files are validated with the same draft-04 Ajv set-up but
 * classic (non-Unicode) patterns, as the schema authors intended.
 */
function validateLocalization(document: Record<string, unknown>, schema: object): string[] {
  // Both packages are CommonJS with an `exports.default`: take it explicitly under NodeNext.
  const ajv = new ajvDraft04.default({ allErrors: true, strictTypes: false, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e: { instancePath: string; message?: string; params: unknown }) => `${e.instancePath} ${e.message ?? ''}. Details: ${JSON.stringify(e.params)}`);
}

/** `.../json-schemas/teams/v1.24/MicrosoftTeams.schema.json` (with or without a locale segment). */
const SCHEMA_URL = /\/json-schemas\/teams\/(v[0-9A-Za-z.]+)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/;

/** Folder of the Teams schemas inside the installed `@microsoft/app-manifest`. */
export function bundledTeamsSchemaDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  return path.join(path.dirname(pkg), 'build', 'json-schemas', 'teams');
}

/**
 * Local path of the bundled schema a `$schema` URL names, or an explanation of why there is none.
 * `kind` says which schema the document must use, so a manifest pointing at the localization
 * schema (or the reverse) is refused.
 */
export function bundledSchemaPath(schemaUrl: unknown, kind: 'manifest' | 'localization'): { path: string } | { problem: string } {
  if (typeof schemaUrl !== 'string') return { problem: '$schema is missing' };
  const match = SCHEMA_URL.exec(schemaUrl);
  const expected = kind === 'manifest' ? 'MicrosoftTeams.schema.json' : 'MicrosoftTeams.Localization.schema.json';
  if (!match || match[2] !== expected) return { problem: `$schema ${schemaUrl} is not a Teams ${kind} schema URL (…/json-schemas/teams/vX.Y/${expected})` };
  const file = path.join(bundledTeamsSchemaDir(), match[1]!, match[2]!);
  if (!existsSync(file)) return { problem: `schema ${match[1]} is not bundled in @microsoft/app-manifest` };
  return { path: file };
}

/**
 * Validates a document against the bundled schema its `$schema` names. Returns the problems,
 * each prefixed with `label` (empty when valid).
 */
export async function validateTeamsDocument(document: Record<string, unknown>, kind: 'manifest' | 'localization', label: string): Promise<string[]> {
  const located = bundledSchemaPath(document.$schema, kind);
  if ('problem' in located) return [`${label}: ${located.problem}`];
  // Same clean-up as the package's own loader: some schemas hold \a and \v escapes JSON.parse refuses.
  const raw = readFileSync(located.path, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  const schema = JSON.parse(raw) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  const errors =
    kind === 'manifest'
      ? await AppManifestUtils.validateAgainstSchema(document as unknown as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0], schema)
      : validateLocalization(document, schema as object);
  return errors.map((e) => `${label}: ${e.trim()}`);
}
