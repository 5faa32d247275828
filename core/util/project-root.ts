import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  // Walk up from this file: works from sources (tests) and from dist/ alike.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'equipage') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Équipage project root not found');
    dir = parent;
  }
}

/** Absolute path of the project root (the folder holding package.json). */
export const PROJECT_ROOT: string = findRoot();

/** Version of the suite, from package.json. */
export const VERSION: string = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
