/**
 * The list of active people grouped by service, with their tab roles: what the local-mode
 * "Se connecter en tant que…" picker shows.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { LocalUsersResponse, TabRole } from './types.js';

/** Active people by service (services by name, people by name). */
export async function listPeopleByService(db: Kysely<Database>): Promise<LocalUsersResponse> {
  const [people, services, onboarded] = await Promise.all([
    db
      .selectFrom('people')
      .select(['id', 'display_name', 'job_title', 'upn', 'service_id', 'manager_id', 'hr_member'])
      .where('status', '=', 'active')
      .orderBy('family_name')
      .orderBy('given_name')
      .execute(),
    db.selectFrom('services').select(['id', 'name']).orderBy('name').execute(),
    db.selectFrom('onboardings').select('person_id').where('status', '!=', 'cancelled').execute(),
  ]);
  const managers = new Set(people.map((p) => p.manager_id).filter((id): id is string => id !== null));
  const agents = new Set(onboarded.map((o) => o.person_id));
  const entry = (p: (typeof people)[number]) => {
    const roles: TabRole[] = [];
    if (agents.has(p.id)) roles.push('agent');
    if (managers.has(p.id)) roles.push('manager');
    if (p.hr_member) roles.push('hr');
    return { id: p.id, displayName: p.display_name, jobTitle: p.job_title, upn: p.upn, roles };
  };
  const groups: LocalUsersResponse['services'] = services
    .map((s) => ({ id: s.id as string | null, name: s.name, people: people.filter((p) => p.service_id === s.id).map(entry) }))
    .filter((g) => g.people.length > 0);
  const known = new Set(services.map((s) => s.id));
  const orphans = people.filter((p) => p.service_id === null || !known.has(p.service_id));
  if (orphans.length > 0) groups.push({ id: null, name: 'Sans service', people: orphans.map(entry) });
  return { services: groups };
}
