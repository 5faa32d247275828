/**
 * Writes the demo commune into an empty database (or wipes and re-writes it with `reset`).
 * Runs in one transaction: a failed seed leaves nothing half-written.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, NewPerson } from '../storage/schema.js';
import { addDays, todayInParis } from '../util/dates.js';
import { stableId } from '../util/stable-id.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseFaqCsv } from '../kb/faq-parser.js';
import { writeKbVersion } from '../kb/kb-service.js';
import { PROJECT_ROOT } from '../util/project-root.js';
import { insertDemoFieldOps, wipeFieldOps } from './demo-assets.js';
import { DEMO_ARRIVALS, DEMO_COMMUNE, DEMO_PEOPLE, DEMO_SERVICES, DEMO_TEMPLATES } from './demo-commune.js';

/** Ids of demo records, derived from their keys so they are stable across re-seeds. */
export const demoIds = {
  service: (code: string) => stableId('service', code),
  person: (key: string) => stableId('person', key),
  /** Entra object id of a demo person (what Teams sends as `aadObjectId`). */
  entraObjectId: (key: string) => stableId('entra', key),
  template: (code: string) => stableId('template', code),
  onboarding: (personKey: string) => stableId('onboarding', personKey),
};

export interface SeedResult {
  services: number;
  people: number;
  templates: number;
  onboardings: number;
  steps: number;
  /** Field-ops report categories and assets (the connector's demo data). */
  reportCategories: number;
  assets: number;
  /** Entries of the demo FAQ imported as the first knowledge-base version (0 when HR already has one). */
  faqEntries: number;
}

/** True when no person exists: the signal to seed on first start. */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

async function wipe(trx: Transaction<Database>): Promise<void> {
  // Order matters: children first. The audit log is kept: it is evidence, not demo data.
  await wipeFieldOps(trx);
  await trx.deleteFrom('onboarding_steps').execute();
  await trx.deleteFrom('onboardings').execute();
  await trx.deleteFrom('onboarding_templates').execute();
  await sql`update people set manager_id = null`.execute(trx);
  await trx.deleteFrom('people').execute();
  await trx.deleteFrom('services').execute();
}

/** Seeds the demo commune. `today` (ISO date) anchors hire dates and arrivals; defaults to today in Paris. */
export async function seedDemoCommune(db: Kysely<Database>, options: { reset?: boolean; today?: string } = {}): Promise<SeedResult> {
  const today = options.today ?? todayInParis();
  return db.transaction().execute(async (trx) => {
    if (options.reset) await wipe(trx);
    await trx
      .insertInto('services')
      .values(DEMO_SERVICES.map((s) => ({ id: demoIds.service(s.code), code: s.code, name: s.name, parent_id: s.code === 'dgs' ? null : demoIds.service('dgs') })))
      .execute();
    // Managers first are not required: insert everyone, then link managers.
    const people: NewPerson[] = DEMO_PEOPLE.map((d) => ({
      id: demoIds.person(d.key),
      entra_object_id: demoIds.entraObjectId(d.key),
      upn: `${d.key}@${DEMO_COMMUNE.domain}`,
      matricule: d.matricule,
      given_name: d.givenName,
      family_name: d.familyName,
      display_name: `${d.givenName} ${d.familyName}`,
      email: `${d.key}@${DEMO_COMMUNE.domain}`,
      job_title: d.jobTitle,
      service_id: demoIds.service(d.service),
      manager_id: null,
      site: d.site,
      mobile_phone: null,
      preferred_language: d.language ?? 'fr',
      hr_member: d.hr ?? false,
      hire_date: addDays(today, d.hireOffsetDays),
      left_at: null,
    }));
    await trx.insertInto('people').values(people).execute();
    for (const d of DEMO_PEOPLE) {
      if (d.manager) {
        await trx.updateTable('people').set({ manager_id: demoIds.person(d.manager) }).where('id', '=', demoIds.person(d.key)).execute();
      }
    }
    await trx
      .insertInto('onboarding_templates')
      .values(DEMO_TEMPLATES.map((t) => ({ id: demoIds.template(t.code), code: t.code, name: t.name, job_profile: t.jobProfile, content: JSON.stringify(t.content) })))
      .execute();
    await trx
      .insertInto('onboarding_template_versions')
      .values(DEMO_TEMPLATES.map((t) => ({ template_id: demoIds.template(t.code), version: 1, name: t.name, content: JSON.stringify(t.content), created_by: null })))
      .execute();

    let steps = 0;
    for (const arrival of DEMO_ARRIVALS) {
      const person = DEMO_PEOPLE.find((d) => d.key === arrival.person)!;
      const tpl = DEMO_TEMPLATES.find((t) => t.code === arrival.template)!;
      const startDate = addDays(today, person.hireOffsetDays);
      const onboardingId = demoIds.onboarding(person.key);
      await trx
        .insertInto('onboardings')
        .values({
          id: onboardingId,
          person_id: demoIds.person(person.key),
          template_id: demoIds.template(tpl.code),
          template_version: 1,
          manager_id: person.manager ? demoIds.person(person.manager) : null,
          buddy_id: demoIds.person(arrival.buddy),
          hr_contact_id: demoIds.person(arrival.hrContact),
          start_date: startDate,
          status: startDate <= today ? 'in_progress' : 'planned',
          created_by: person.manager ? demoIds.person(person.manager) : null,
        })
        .execute();
      const rows = tpl.content.steps.map((s, index) => {
        const dueDate = addDays(startDate, s.dueOffsetDays);
        // Steps due more than a day ago are done in the demo, except one left overdue to show it.
        const done = dueDate < addDays(today, -1) && s.key !== 'securite';
        return {
          id: stableId('onboarding-step', `${person.key}:${s.key}`),
          onboarding_id: onboardingId,
          position: index,
          phase: s.phase,
          title: s.title,
          help: s.help ?? null,
          link: s.link ?? null,
          owner_role: s.ownerRole,
          due_date: dueDate,
          status: done ? ('done' as const) : ('todo' as const),
          done_at: done ? new Date(`${dueDate}T10:00:00Z`) : null,
          done_by: null,
          step_key: s.key,
        };
      });
      await trx.insertInto('onboarding_steps').values(rows).execute();
      steps += rows.length;
    }
    const fieldOps = await insertDemoFieldOps(trx);
    const faqEntries = await seedDemoFaq(trx);
    return {
      services: DEMO_SERVICES.length,
      people: people.length,
      templates: DEMO_TEMPLATES.length,
      onboardings: DEMO_ARRIVALS.length,
      steps,
      reportCategories: fieldOps.categories,
      assets: fieldOps.assets,
      faqEntries,
    };
  });
}

/** Path of the demo commune's FAQ (HR's spreadsheet, as CSV). */
export const DEMO_FAQ_PATH = path.join(PROJECT_ROOT, 'core/kb/data/demo-faq.csv');

/**
 * Imports the demo FAQ as the first knowledge-base version, only when HR has none yet: the
 * knowledge base is HR's, so a re-seed never replaces what HR imported.
 */
async function seedDemoFaq(trx: Transaction<Database>): Promise<number> {
  const existing = await trx.selectFrom('kb_versions').select('id').limit(1).executeTakeFirst();
  if (existing) return 0;
  const text = readFileSync(DEMO_FAQ_PATH, 'utf8');
  const entries = parseFaqCsv(text, 'demo-faq.csv');
  await writeKbVersion(trx, {
    entries,
    sourceName: 'demo-faq.csv',
    sourceSha256: createHash('sha256').update(text).digest('hex'),
    createdBy: 'equipage seed',
    note: 'FAQ de la commune de démonstration',
  });
  return entries.length;
}
