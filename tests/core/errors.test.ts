import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERRORS, EquipageError, formatMessage } from '../../core/errors.js';
import { PROJECT_ROOT } from '../../core/util/project-root.js';

describe('error catalogue', () => {
  const doc = readFileSync(path.join(PROJECT_ROOT, 'docs/errors.md'), 'utf8');
  const documented = new Map(
    [...doc.matchAll(/^\| `(EQP_ERR_\w+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])] as const),
  );

  it('documents every code in docs/errors.md with its HTTP status, and nothing else', () => {
    const catalogue = new Map(Object.entries(ERRORS).map(([code, def]) => [code, def.status] as const));
    expect([...documented.keys()].sort()).toEqual([...catalogue.keys()].sort());
    for (const [code, status] of catalogue) expect(documented.get(code)).toBe(status);
  });

  it('has French and English messages with the same placeholders', () => {
    for (const [code, def] of Object.entries(ERRORS)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect({ code, fr: names(def.fr) }).toEqual({ code, fr: names(def.en) });
      expect(def.fr).not.toBe('');
    }
  });

  it('formats messages and keeps unknown placeholders visible', () => {
    expect(formatMessage('a {x} b {y}', { x: 1 })).toBe('a 1 b {y}');
    const error = new EquipageError('EQP_ERR_NOT_FOUND', { what: 'la personne' });
    expect(error.localized('fr')).toBe('Ressource introuvable : la personne.');
    expect(error.status).toBe(404);
  });
});
