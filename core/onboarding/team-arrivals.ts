/**
 * The team's channel tab: the arrivals of one service, for its members (and HR). Shows what a
 * colleague may know (name, role, start date, buddy, overall progress), never the plan itself.
 */
import { recordAudit } from '../audit/audit-log.js';
import { EquipageError } from '../errors.js';
import type { OnboardingDeps } from './onboarding-service.js';
import { loadPeople, loadSteps } from './onboarding-store.js';
import { peopleWithPhoto } from './photos.js';
import { computeProgress } from './progress.js';
import type { TeamArrival } from './types.js';

/** Arrivals (planned or in progress) of the people of `serviceId`. */
export async function listTeamArrivals(deps: OnboardingDeps, serviceId: string): Promise<{ serviceName: string; arrivals: TeamArrival[] }> {
  const { db, caller, today } = deps;
  const service = await db.selectFrom('services').select(['id', 'name']).where('id', '=', serviceId).executeTakeFirst();
  if (!service) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `service ${serviceId}` });
  const member = caller.personId
    ? await db.selectFrom('people').select('id').where('id', '=', caller.personId).where('service_id', '=', serviceId).where('status', '=', 'active').executeTakeFirst()
    : undefined;
  if (!member && !caller.hrMember) {
    await recordAudit(db, caller, { action: 'onboarding.team.list_arrivals', subjectType: 'service', subjectId: serviceId, channel: deps.channel, outcome: 'denied' });
    throw new EquipageError('EQP_ERR_FORBIDDEN');
  }
  const rows = await db
    .selectFrom('onboardings')
    .innerJoin('people', 'people.id', 'onboardings.person_id')
    .selectAll('onboardings')
    .where('people.service_id', '=', serviceId)
    .where('onboardings.status', 'in', ['planned', 'in_progress'])
    .orderBy('onboardings.start_date', 'desc')
    .execute();
  const [steps, people] = await Promise.all([loadSteps(db, rows.map((r) => r.id)), loadPeople(db, rows.flatMap((r) => [r.person_id, r.buddy_id]))]);
  const photos = await peopleWithPhoto(deps.blobs, people.keys());
  for (const p of people.values()) p.hasPhoto = photos.has(p.id);
  return {
    serviceName: service.name,
    arrivals: rows.flatMap((r) => {
      const agent = people.get(r.person_id);
      if (!agent) return [];
      const own = steps.filter((s) => s.onboarding_id === r.id);
      const progress = computeProgress(own.map((s) => ({ id: s.id, title: s.title, position: s.position, ownerRole: s.owner_role, dueDate: s.due_date, status: s.status })), today);
      return [{ onboardingId: r.id, agent, startDate: r.start_date, status: r.status, buddy: r.buddy_id ? (people.get(r.buddy_id) ?? null) : null, percent: progress.percent }];
    }),
  };
}
