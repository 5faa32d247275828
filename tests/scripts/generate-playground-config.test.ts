/**
 * The committed `.m365agentsplayground.yml` is exactly what scripts/generate-playground-config.ts
 * generates, and its people are people of the seeded demo commune.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { DEMO_ARRIVALS, DEMO_COMMUNE, DEMO_PEOPLE } from '../../core/seed/demo-commune.js';
import { demoIds } from '../../core/seed/seed.js';
import { PLAYGROUND_CONFIG_PATH, PLAYGROUND_CURRENT_USER, playgroundConfigYaml } from '../../scripts/generate-playground-config.js';

type User = { id: string; name: string; userPrincipleName: string; aadObjectId: string };

describe('.m365agentsplayground.yml', () => {
  it('matches the generator (run `npm run playground:config` after changing it)', () => {
    expect(readFileSync(PLAYGROUND_CONFIG_PATH, 'utf8')).toBe(playgroundConfigYaml());
  });

  const config = parse(playgroundConfigYaml()) as { tenantId: string; currentUser: User; users: User[] };

  it('uses the demo tenant and demo people, with their directory ids', () => {
    expect(config.tenantId).toBe(DEMO_COMMUNE.tenantId);
    for (const u of [config.currentUser, ...config.users]) {
      const key = u.userPrincipleName.split('@')[0]!;
      expect(DEMO_PEOPLE.some((p) => p.key === key)).toBe(true);
      expect(u.userPrincipleName).toBe(`${key}@${DEMO_COMMUNE.domain}`);
      expect(u.aadObjectId).toBe(demoIds.entraObjectId(key));
    }
    expect(config.users).toHaveLength(5);
  });

  it('makes a new arrival the current user, with a manager and an HR member among the others', () => {
    expect(DEMO_ARRIVALS.some((a) => a.person === PLAYGROUND_CURRENT_USER)).toBe(true);
    const keys = config.users.map((u) => u.userPrincipleName.split('@')[0]);
    const arrival = DEMO_PEOPLE.find((p) => p.key === PLAYGROUND_CURRENT_USER)!;
    expect(keys).toContain(arrival.manager);
    expect(keys.some((k) => DEMO_PEOPLE.find((p) => p.key === k)?.hr)).toBe(true);
  });
});
