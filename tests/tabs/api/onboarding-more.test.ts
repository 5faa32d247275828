/**
 * The tab API's second slice through `app.inject`, on PGlite seeded with the demo commune:
 * document acknowledgments (versioned by SHA-256), starting an onboarding with its welcome
 * notifications, HR templates and arrivals (CSV), the team's channel tab, photos and the legal
 * pages. Every new route is tried with the callers who must be refused.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { photoKey } from '../../../core/onboarding/photos.js';
import type { AcknowledgeResponse, HrArrival, PlanView, StartOnboardingResponse, StartOptions, TeamArrival, TemplateDetail, TemplateSummary } from '../../../core/onboarding/types.js';
import { STATIC_DOCUMENTS_DIR } from '../../../core/onboarding/document-store.js';
import { demoIds } from '../../../core/seed/seed.js';
import { LOCAL_USER_HEADER } from '../../../server/auth/authenticate.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const person = (key: string) => demoIds.person(key);
const onboarding = (key: string) => demoIds.onboarding(key);
const template = (code: string) => demoIds.template(code);
const service = (code: string) => demoIds.service(code);
const sha = (file: string) => createHash('sha256').update(readFileSync(path.join(STATIC_DOCUMENTS_DIR, file))).digest('hex');

const LUCAS = 'lucas.fontaine';
const HR = 'karim.benali';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

type Body = Record<string, unknown> & { error?: { code: string } };

async function call(as: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const headers: Record<string, string> = {};
  if (as !== null) headers[LOCAL_USER_HEADER] = person(as);
  const res = await t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  let body: Body;
  try {
    body = res.json() as Body;
  } catch {
    body = { raw: res.body };
  }
  return { status: res.statusCode, body, headers: res.headers, raw: res.body };
}

const plan = async (as: string, key: string) => ((await call(as, 'GET', `/api/tab/onboardings/${onboarding(key)}`)).body as unknown as { plan: PlanView }).plan;
const ack = (as: string, key: string, doc: string, hash: string) => call(as, 'POST', `/api/tab/onboardings/${onboarding(key)}/documents/${doc}/acknowledge`, { sha256: hash });

describe('documents to acknowledge', () => {
  it('lists the documents with their current version and serves that exact version', async () => {
    const mine = await plan(LUCAS, LUCAS);
    const reglement = mine.documents.find((d) => d.key === 'reglement')!;
    expect(reglement).toMatchObject({ title: 'Règlement intérieur', sha256: sha('reglement.html'), acknowledgedAt: null, newVersion: false, canAcknowledge: true });
    const served = await t.app.inject({ method: 'GET', url: reglement.url! });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toContain('text/html');
    expect(createHash('sha256').update(served.rawPayload).digest('hex')).toBe(reglement.sha256);
    expect((await t.app.inject({ method: 'GET', url: `/tab/documents/reglement/${'0'.repeat(64)}` })).statusCode).toBe(404);
  });

  it('records "J\'ai lu et j\'accepte" with time and version, idempotently, and asks again for a new version', async () => {
    const hash = sha('charte.html');
    const first = await ack(LUCAS, LUCAS, 'charte', hash);
    expect(first.status).toBe(200);
    const body = first.body as unknown as AcknowledgeResponse;
    expect(body.changed).toBe(true);
    expect(Date.parse(body.document.acknowledgedAt!)).not.toBeNaN();
    expect(((await ack(LUCAS, LUCAS, 'charte', hash)).body as unknown as AcknowledgeResponse).changed).toBe(false);
    const row = await t.ctx.storage.db.selectFrom('onboarding_acknowledgments').selectAll().where('person_id', '=', person(LUCAS)).where('document_key', '=', 'charte').executeTakeFirstOrThrow();
    expect(row.sha256).toBe(hash);

    // The manager sees the acknowledgment, and may not acknowledge for the agent.
    const seen = await plan('jean-marc.dupuis', LUCAS);
    expect(seen.documents.find((d) => d.key === 'charte')).toMatchObject({ canAcknowledge: false, sha256: hash });
    expect(seen.documents.find((d) => d.key === 'charte')!.acknowledgedAt).not.toBeNull();
    expect(seen.notifications).toEqual({ welcome: 'none', teamIntro: 'none' });

    // HR publishes a new version: the old acknowledgment no longer counts.
    const published = await call(HR, 'POST', '/api/tab/hr/documents/charte', { title: 'Charte informatique 2027', contentType: 'text/plain; charset=utf-8', contentBase64: Buffer.from('Charte, version 2027').toString('base64') });
    expect(published.status).toBe(201);
    const newHash = createHash('sha256').update('Charte, version 2027').digest('hex');
    expect(published.body.sha256).toBe(newHash);
    const again = (await plan(LUCAS, LUCAS)).documents.find((d) => d.key === 'charte')!;
    expect(again).toMatchObject({ sha256: newHash, acknowledgedAt: null, newVersion: true });
    const outdated = await ack(LUCAS, LUCAS, 'charte', hash);
    expect(outdated.status).toBe(409);
    expect(outdated.body.error?.code).toBe('EQP_ERR_DOCUMENT_VERSION_OUTDATED');
    expect((await ack(LUCAS, LUCAS, 'charte', newHash)).status).toBe(200);
    const served = await t.app.inject({ method: 'GET', url: again.url! });
    expect(served.body).toBe('Charte, version 2027');
  });

  it.each([
    ['jean-marc.dupuis', 'the manager'],
    [HR, 'HR'],
    ['kevin.martin', 'the buddy'],
    ['ines.boucher', 'another agent'],
  ])('forbids %s (%s) to acknowledge for the agent, and audits it', async (key) => {
    const res = await ack(key, LUCAS, 'reglement', sha('reglement.html'));
    expect(res.status).toBe(403);
    const denied = await t.ctx.storage.db.selectFrom('audit_log').selectAll().where('actor', '=', person(key)).where('action', '=', 'onboarding.document.acknowledge').where('outcome', '=', 'denied').execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('answers 404 for a document not in the plan, 400 for a malformed hash, 401 without a caller', async () => {
    expect((await ack(LUCAS, LUCAS, 'inconnu', sha('reglement.html'))).status).toBe(404);
    expect((await ack(LUCAS, LUCAS, 'reglement', 'abc')).status).toBe(400);
    expect((await ack(null as unknown as string, LUCAS, 'reglement', sha('reglement.html'))).status).toBe(401);
  });

  it.each([['jean-marc.dupuis'], [LUCAS]])('forbids %s to list or publish documents (HR only)', async (key) => {
    expect((await call(key, 'GET', '/api/tab/hr/documents')).status).toBe(403);
    expect((await call(key, 'POST', '/api/tab/hr/documents/charte', { title: 'x', contentType: 'text/plain; charset=utf-8', contentBase64: 'eA==' })).status).toBe(403);
  });
});

describe('starting an onboarding', () => {
  const start = (as: string, personKey: string, extra: Record<string, unknown> = {}) =>
    call(as, 'POST', '/api/tab/onboardings', {
      personId: person(personKey),
      templateId: template('agent-voirie'),
      startDate: '2030-09-02',
      buddyId: person('kevin.martin'),
      hrContactId: person(HR),
      ...extra,
    });

  it("offers a manager their reports without a current onboarding, buddies and templates", async () => {
    const res = await call('jean-marc.dupuis', 'GET', '/api/tab/onboardings/start-options');
    expect(res.status).toBe(200);
    const options = res.body as unknown as StartOptions;
    expect(options.people.map((p) => p.displayName)).toContain('Mehdi Haddad');
    expect(options.people.map((p) => p.id)).not.toContain(person(LUCAS));
    expect(options.templates.map((x) => x.name)).toContain('Arrivée — agent de voirie');
    expect(options.hrContacts.map((p) => p.id)).toContain(person(HR));
    expect((await call('kevin.martin', 'GET', '/api/tab/onboardings/start-options')).status).toBe(403);
  });

  it('starts one from the template with dates from the start date, and records who is not yet reachable', async () => {
    const res = await start('jean-marc.dupuis', 'mehdi.haddad');
    expect(res.status).toBe(201);
    const body = res.body as unknown as StartOnboardingResponse;
    expect(body.notifications).toEqual({ welcome: 'unreachable', teamIntro: 'unreachable' });
    const steps = await t.ctx.storage.db.selectFrom('onboarding_steps').selectAll().where('onboarding_id', '=', body.onboardingId).orderBy('position').execute();
    expect(steps.find((s) => s.step_key === 'contrat')?.due_date).toBe('2030-08-26');
    expect(steps.find((s) => s.step_key === 'bilan')?.due_date).toBe('2030-10-02');
    const view = ((await call('jean-marc.dupuis', 'GET', `/api/tab/onboardings/${body.onboardingId}`)).body as unknown as { plan: PlanView }).plan;
    expect(view.notifications).toEqual({ welcome: 'unreachable', teamIntro: 'unreachable' });
    expect(view.people.buddy?.displayName).toBe('Kévin Martin');
    expect(view.status).toBe('planned');
    const again = await start('jean-marc.dupuis', 'mehdi.haddad');
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('EQP_ERR_ONBOARDING_EXISTS');
  });

  it('enqueues the welcome and the team introduction when the bot knows the conversations', async () => {
    const db = t.ctx.storage.db;
    await db.insertInto('bot_conversations').values({ person_id: person('julien.petit'), conversation_id: 'a:julien', service_url: 'https://smba.example/fr/', tenant_id: 't', bot_id: 'b', user_id: 'u', channel_id: 'msteams' }).execute();
    await db.insertInto('service_channels').values({ service_id: service('voirie'), conversation_id: '19:voirie@thread.tacv2', service_url: 'https://smba.example/fr/', team_id: '19:team', channel_id: '19:voirie', tenant_id: 't', bot_id: 'b' }).execute();
    const res = await start('jean-marc.dupuis', 'julien.petit');
    expect(res.status).toBe(201);
    const body = res.body as unknown as StartOnboardingResponse;
    expect(body.notifications).toEqual({ welcome: 'queued', teamIntro: 'queued' });
    const queued = await db.selectFrom('outbound_messages').selectAll().where('dedupe_key', 'in', [`onboarding-welcome:${body.onboardingId}`, `onboarding-team-intro:${body.onboardingId}`]).execute();
    expect(queued.map((q) => q.conversation_id).sort()).toEqual(['19:voirie@thread.tacv2', 'a:julien']);
    const intro = queued.find((q) => q.conversation_id.startsWith('19:'))!;
    const message = (typeof intro.message === 'string' ? JSON.parse(intro.message) : intro.message) as { text: string };
    expect(message.text).toContain('Julien Petit');
    expect(message.text).toContain('Kévin Martin');
  });

  it.each([
    ['isabelle.girard', 'sebastien.moreau', 'a manager of another team'],
    ['thierry.lefebvre', 'sebastien.moreau', "the manager's own manager"],
    ['kevin.martin', 'sebastien.moreau', 'a colleague'],
    ['sebastien.moreau', 'sebastien.moreau', 'the person themself'],
  ])('forbids %s to start one for %s (%s)', async (as, target) => {
    const res = await start(as, target);
    expect(res.status).toBe(403);
    expect(await t.ctx.storage.db.selectFrom('onboardings').select('id').where('person_id', '=', person(target)).execute()).toEqual([]);
  });

  it('lets HR start one for anyone, and validates the input', async () => {
    expect((await start(HR, 'sebastien.moreau', { buddyId: null })).status).toBe(201);
    expect((await start(HR, 'alexandre.lucas', { startDate: '2030-02-30' })).status).toBe(400);
    expect((await start(HR, 'alexandre.lucas', { buddyId: person('alexandre.lucas') })).status).toBe(400);
    expect((await start(HR, 'alexandre.lucas', { hrContactId: person('kevin.martin') })).status).toBe(400);
  });
});

describe('HR templates', () => {
  it.each([['jean-marc.dupuis'], [LUCAS], ['claire.morel']])('refuses every template route to %s (not HR)', async (key) => {
    const id = template('jardinier');
    const results = await Promise.all([
      call(key, 'GET', '/api/tab/hr/templates'),
      call(key, 'GET', `/api/tab/hr/templates/${id}`),
      call(key, 'PUT', `/api/tab/hr/templates/${id}`, { name: 'x', jobProfile: 'x', content: { steps: [], documents: [], practical: [] }, expectedVersion: 1 }),
      call(key, 'POST', `/api/tab/hr/templates/${id}/duplicate`),
      call(key, 'POST', `/api/tab/hr/templates/${id}/archive`),
      call(key, 'POST', `/api/tab/hr/templates/${id}/unarchive`),
      call(key, 'POST', `/api/tab/hr/templates/${id}/apply`, { onboardingIds: [] }),
    ]);
    expect(results.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
  });

  it('saves a new version without rewriting started plans, until HR applies it', async () => {
    const id = template('jardinier');
    const detail = (await call(HR, 'GET', `/api/tab/hr/templates/${id}`)).body as unknown as TemplateDetail;
    expect(detail.version).toBe(1);
    expect(detail.plans.map((p) => p.onboardingId)).toContain(onboarding('ines.boucher'));
    const content = structuredClone(detail.content);
    content.steps[0]!.title = 'Préparer le contrat (nouvelle procédure)';
    content.steps.push({ key: 'arrosage', phase: 'week1', title: "Plan d'arrosage de la saison", ownerRole: 'manager', dueOffsetDays: 4 });
    content.practical.push({ title: 'Parking', text: 'Parking du personnel derrière les serres.' });
    const saved = await call(HR, 'PUT', `/api/tab/hr/templates/${id}`, { name: detail.name, jobProfile: detail.jobProfile, content, expectedVersion: 1 });
    expect(saved.status).toBe(200);
    expect((saved.body as unknown as TemplateDetail).version).toBe(2);
    // A stale edit is refused.
    const stale = await call(HR, 'PUT', `/api/tab/hr/templates/${id}`, { name: detail.name, jobProfile: detail.jobProfile, content, expectedVersion: 1 });
    expect(stale.body.error?.code).toBe('EQP_ERR_TEMPLATE_CHANGED');
    // Inès's plan is unchanged.
    let ines = await plan(HR, 'ines.boucher');
    const titles = () => ines.phases.flatMap((p) => p.steps).map((s) => s.title);
    expect(titles()).not.toContain("Plan d'arrosage de la saison");
    expect(ines.practical.map((p) => p.title)).not.toContain('Parking');
    const list = (await call(HR, 'GET', '/api/tab/hr/templates')).body as unknown as { templates: TemplateSummary[] };
    expect(list.templates.find((x) => x.id === id)?.plansOnOlderVersions).toBe(1);

    const doneBefore = ines.progress.done;
    const applied = await call(HR, 'POST', `/api/tab/hr/templates/${id}/apply`, { onboardingIds: [onboarding('ines.boucher')] });
    expect(applied.body).toEqual({ applied: [onboarding('ines.boucher')] });
    ines = await plan(HR, 'ines.boucher');
    expect(titles()).toContain("Plan d'arrosage de la saison");
    expect(titles()).toContain('Préparer le contrat (nouvelle procédure)');
    expect(ines.practical.map((p) => p.title)).toContain('Parking');
    expect(ines.progress.done).toBe(doneBefore);
  });

  it('rejects invalid content', async () => {
    const id = template('atsem');
    const bad = await call(HR, 'PUT', `/api/tab/hr/templates/${id}`, {
      name: 'ATSEM',
      jobProfile: 'ATSEM',
      content: { steps: [{ key: 'x', phase: 'someday', title: '', ownerRole: 'agent', dueOffsetDays: 1 }], documents: [], practical: [] },
      expectedVersion: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('EQP_ERR_VALIDATION');
  });

  it('duplicates and archives; an archived template cannot start an onboarding', async () => {
    const copy = await call(HR, 'POST', `/api/tab/hr/templates/${template('atsem')}/duplicate`);
    expect(copy.status).toBe(201);
    const dup = copy.body as unknown as TemplateDetail;
    expect(dup.name).toBe('Arrivée — ATSEM (copie)');
    expect(dup.content.steps.length).toBeGreaterThan(5);
    const archived = (await call(HR, 'POST', `/api/tab/hr/templates/${dup.id}/archive`)).body as unknown as TemplateDetail;
    expect(archived.archived).toBe(true);
    const options = (await call(HR, 'GET', '/api/tab/onboardings/start-options')).body as unknown as StartOptions;
    expect(options.templates.map((x) => x.id)).not.toContain(dup.id);
    const res = await call(HR, 'POST', '/api/tab/onboardings', { personId: person('agnes.vidal'), templateId: dup.id, startDate: '2030-01-07', buddyId: null, hrContactId: null });
    expect(res.body.error?.code).toBe('EQP_ERR_TEMPLATE_ARCHIVED');
    expect(((await call(HR, 'POST', `/api/tab/hr/templates/${dup.id}/unarchive`)).body as unknown as TemplateDetail).archived).toBe(false);
  });
});

describe('HR arrivals and CSV export', () => {
  it('lists all arrivals, filtered by service and status', async () => {
    const all = (await call(HR, 'GET', '/api/tab/hr/arrivals')).body as unknown as { arrivals: HrArrival[] };
    expect(all.arrivals.length).toBeGreaterThanOrEqual(5);
    const voirie = (await call(HR, 'GET', `/api/tab/hr/arrivals?service=${service('voirie')}`)).body as unknown as { arrivals: HrArrival[] };
    expect(voirie.arrivals.length).toBeGreaterThan(0);
    expect(voirie.arrivals.every((a) => a.service?.name === 'Voirie')).toBe(true);
    const planned = (await call(HR, 'GET', '/api/tab/hr/arrivals?status=planned')).body as unknown as { arrivals: HrArrival[] };
    expect(planned.arrivals.every((a) => a.status === 'planned')).toBe(true);
    expect((await call(HR, 'GET', '/api/tab/hr/arrivals?status=whatever')).status).toBe(400);
  });

  it('exports the same list as CSV', async () => {
    const res = await call(HR, 'GET', `/api/tab/hr/arrivals.csv?service=${service('espaces-verts')}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="arrivees-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = res.raw.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain("Agent;Poste;Service;Responsable;Modèle;Date d'arrivée;Statut");
    expect(lines.some((l) => l.startsWith('Inès Boucher;Jardinière;Espaces verts;Isabelle Girard;'))).toBe(true);
  });

  it.each([['jean-marc.dupuis'], [LUCAS]])('refuses the list and the export to %s', async (key) => {
    expect((await call(key, 'GET', '/api/tab/hr/arrivals')).status).toBe(403);
    expect((await call(key, 'GET', '/api/tab/hr/arrivals.csv')).status).toBe(403);
  });
});

describe("the team's channel tab", () => {
  it('shows the arrivals of a service to its members and to HR', async () => {
    const res = await call('kevin.martin', 'GET', `/api/tab/teams/${service('voirie')}/arrivals`);
    expect(res.status).toBe(200);
    const body = res.body as unknown as { serviceName: string; arrivals: TeamArrival[] };
    expect(body.serviceName).toBe('Voirie');
    expect(body.arrivals.find((a) => a.agent.id === person(LUCAS))?.buddy?.displayName).toBe('Kévin Martin');
    expect((await call(HR, 'GET', `/api/tab/teams/${service('voirie')}/arrivals`)).status).toBe(200);
  });

  it.each([['pierre.bonnet'], ['isabelle.girard']])('refuses it to %s (another service)', async (key) => {
    expect((await call(key, 'GET', `/api/tab/teams/${service('voirie')}/arrivals`)).status).toBe(403);
  });
});

describe('photos and legal pages', () => {
  it('serves a directory photo to signed-in people only, 404 without one', async () => {
    const id = person('kevin.martin');
    expect((await call(LUCAS, 'GET', `/api/tab/people/${id}/photo`)).status).toBe(404);
    await t.ctx.blobs.put(photoKey(id), Buffer.from([0xff, 0xd8, 0xff, 0xd9]), { contentType: 'image/jpeg' });
    const res = await call(LUCAS, 'GET', `/api/tab/people/${id}/photo`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect((await call(null, 'GET', `/api/tab/people/${id}/photo`)).status).toBe(401);
    expect((await plan(LUCAS, LUCAS)).people.buddy?.hasPhoto).toBe(true);
  });

  it.each([['/tab/privacy', 'Confidentialité'], ['/tab/terms', "Conditions d'utilisation"]])('serves %s in French with English', async (url, title) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(title);
    expect(res.body).toContain('lang="en"');
  });
});
