/**
 * `${{NAME}}` placeholders, as Teams Toolkit writes and resolves them in manifests, `teamsapp.yml`
 * and ARM parameter files.
 */

/** Same grammar as the toolkit: optional spaces inside the braces. */
const PLACEHOLDER = /\$\{\{ *([A-Za-z_][A-Za-z0-9_]*) *\}\}/g;

/**
 * Variables allowed to resolve to an empty string. The toolkit treats an empty value as
 * unresolved for every variable except this one (an environment may have no name suffix).
 */
export const MAY_BE_EMPTY: ReadonlySet<string> = new Set(['APP_NAME_SUFFIX']);

/** Names of the placeholders in a text, unique, in order of first appearance. */
export function findPlaceholders(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1]!))];
}

function isResolvable(name: string, values: Readonly<Record<string, string>>): boolean {
  const value = values[name];
  return value !== undefined && (value !== '' || MAY_BE_EMPTY.has(name));
}

/**
 * Replaces the placeholders in every string of a parsed JSON document (keys and values), so a
 * value holding quotes or backslashes cannot break the JSON. Returns the resolved copy and the
 * names that could not be resolved (undefined, or empty outside {@link MAY_BE_EMPTY}).
 */
export function resolveJsonPlaceholders<T>(document: T, values: Readonly<Record<string, string>>): { value: T; unresolved: string[] } {
  const unresolved = new Set<string>();
  const resolveString = (text: string): string =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      if (!isResolvable(name, values)) {
        unresolved.add(name);
        return whole;
      }
      return values[name]!;
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return resolveString(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [resolveString(k), walk(v)]));
    }
    return node;
  };
  const value = walk(document) as T;
  return { value, unresolved: [...unresolved].sort() };
}
