/**
 * HR's view of every arrival across the commune, filtered by service and status, and its CSV
 * export (semicolon-separated, UTF-8 with BOM: what French spreadsheet software opens directly).
 */
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.js';
import { EquipageError } from '../errors.js';
import type { Database } from '../storage/schema.js';
import type { OnboardingDeps } from './onboarding-service.js';
import { loadPeople, loadSteps } from './onboarding-store.js';
import { computeProgress } from './progress.js';
import { loadTemplateVersions, versionKey } from './template-versions.js';
import type { HrArrival, ServiceSummary } from './types.js';

/** Filters of the list (query string). */
export const hrArrivalsFilterSchema = z.object({
  service: z.uuid().optional(),
  status: z.enum(['planned', 'in_progress', 'completed', 'cancelled']).optional(),
});
export type HrArrivalsFilter = z.infer<typeof hrArrivalsFilterSchema>;

/** Every service, by name. */
export async function listServices(db: Kysely<Database>): Promise<ServiceSummary[]> {
  return (await db.selectFrom('services').select(['id', 'name']).orderBy('name').execute()).map((s) => ({ id: s.id, name: s.name }));
}

/** HR: all arrivals matching `filter`, most recent start first. */
export async function listAllArrivals(deps: OnboardingDeps, filter: HrArrivalsFilter): Promise<HrArrival[]> {
  const { db, caller, today } = deps;
  if (!caller.hrMember) {
    await recordAudit(db, caller, { action: 'onboarding.hr.list_arrivals', subjectType: 'onboarding', subjectId: null, channel: deps.channel, outcome: 'denied' });
    throw new EquipageError('EQP_ERR_FORBIDDEN');
  }
  let q = db
    .selectFrom('onboardings')
    .innerJoin('people', 'people.id', 'onboardings.person_id')
    .leftJoin('services', 'services.id', 'people.service_id')
    .selectAll('onboardings')
    .select(['services.id as service_id', 'services.name as service_name'])
    .orderBy('onboardings.start_date', 'desc');
  if (filter.service) q = q.where('people.service_id', '=', filter.service);
  if (filter.status) q = q.where('onboardings.status', '=', filter.status);
  const rows = await q.execute();
  const ids = rows.map((r) => r.id);
  const [steps, templates, people] = await Promise.all([
    loadSteps(db, ids),
    loadTemplateVersions(db, rows.map((r) => ({ templateId: r.template_id, version: r.template_version }))),
    loadPeople(db, rows.flatMap((r) => [r.person_id, r.manager_id])),
  ]);
  await recordAudit(db, caller, { action: 'onboarding.hr.list_arrivals', subjectType: 'onboarding', subjectId: null, channel: deps.channel, outcome: 'success', details: { filter, count: ids.length } });
  return rows.flatMap((r) => {
    const agent = people.get(r.person_id);
    if (!agent) return [];
    const own = steps.filter((s) => s.onboarding_id === r.id);
    return [
      {
        onboardingId: r.id,
        agent,
        status: r.status,
        startDate: r.start_date,
        templateName: templates.get(versionKey(r.template_id, r.template_version))?.name ?? '',
        progress: computeProgress(own.map((s) => ({ id: s.id, title: s.title, position: s.position, ownerRole: s.owner_role, dueDate: s.due_date, status: s.status })), today),
        managerStepsOpen: own.filter((s) => s.owner_role === 'manager' && s.status !== 'done').length,
        service: r.service_id && r.service_name ? { id: r.service_id, name: r.service_name } : null,
        manager: r.manager_id ? (people.get(r.manager_id) ?? null) : null,
      },
    ];
  });
}

const STATUS_FR = { planned: 'prévue', in_progress: 'en cours', completed: 'terminée', cancelled: 'annulée' } as const;

/**
 * The CSV export of {@link listAllArrivals}, for a French spreadsheet: `;`-separated, CRLF, UTF-8
 * with a BOM (so Excel reads the accents), and cells a spreadsheet would run as a formula escaped.
 */
export function arrivalsToCsv(arrivals: readonly HrArrival[]): string {
  const header = ['Agent', 'Poste', 'Service', 'Responsable', 'Modèle', "Date d'arrivée", 'Statut', 'Étapes faites', 'Étapes au total', 'Avancement (%)', 'Étapes en retard'];
  const rows = arrivals.map((a) => [
    a.agent.displayName, a.agent.jobTitle ?? '', a.service?.name ?? '', a.manager?.displayName ?? '', a.templateName, a.startDate, STATUS_FR[a.status],
    a.progress.done, a.progress.total, a.progress.percent, a.progress.overdue,
  ]);
  return stringify([header, ...rows], { delimiter: ';', record_delimiter: 'windows', quoted_match: /[\r\n]/, escape_formulas: true, bom: true, cast: { number: (n) => String(n) } });
}
