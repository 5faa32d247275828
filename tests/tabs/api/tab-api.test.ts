/**
 * The tab API through `app.inject`, on a real PGlite database seeded with the demo commune:
 * who may read which plan and tick which step, with every forbidden combination tried.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoIds } from '../../../core/seed/seed.js';
import type { ArrivalSummary, LocalUsersResponse, MeResponse, PlanView, StepChangeResponse } from '../../../core/onboarding/types.js';
import { stableId } from '../../../core/util/stable-id.js';
import { LOCAL_USER_HEADER } from '../../../server/auth/authenticate.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const person = (key: string) => demoIds.person(key);
const onboarding = (key: string) => demoIds.onboarding(key);
const step = (personKey: string, stepKey: string) => stableId('onboarding-step', `${personKey}:${stepKey}`);

// Lucas Fontaine arrived 10 days ago in the road team; Jean-Marc Dupuis is his manager, Karim Benali his HR contact.
const LUCAS = 'lucas.fontaine';
const INES = 'ines.boucher';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

async function call(as: string | null, method: 'GET' | 'POST', url: string) {
  const headers: Record<string, string> = {};
  if (as !== null) headers[LOCAL_USER_HEADER] = as.includes('@') ? as : person(as);
  const res = await t.app.inject({ method, url, headers });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> & { error?: { code: string } } };
}

const complete = (as: string, stepId: string) => call(as, 'POST', `/api/tab/steps/${stepId}/complete`);
const reopen = (as: string, stepId: string) => call(as, 'POST', `/api/tab/steps/${stepId}/reopen`);

async function auditRows(actorKey: string, outcome: 'success' | 'denied') {
  return t.ctx.storage.db.selectFrom('audit_log').selectAll().where('actor', '=', person(actorKey)).where('outcome', '=', outcome).execute();
}

describe('authentication', () => {
  it('answers 401 without a caller or with an unknown one', async () => {
    expect((await call(null, 'GET', '/api/tab/me')).status).toBe(401);
    expect((await call('nobody@example.org', 'GET', '/api/tab/onboardings/mine')).status).toBe(401);
    expect((await call(null, 'POST', `/api/tab/steps/${step(LUCAS, 'teams')}/complete`)).body.error?.code).toBe('EQP_ERR_UNAUTHENTICATED');
  });

  it('accepts a UPN as well as a person id in local mode', async () => {
    const res = await call(`${LUCAS}@beaulieu-sur-aune.fr`, 'GET', '/api/tab/me');
    expect(res.status).toBe(200);
    expect((res.body as unknown as MeResponse).personId).toBe(person(LUCAS));
  });
});

describe('GET /api/tab/me', () => {
  it.each([
    [LUCAS, ['agent']],
    ['jean-marc.dupuis', ['manager']],
    ['karim.benali', ['hr']],
    ['sophie.lambert', ['manager', 'hr']],
    ['kevin.martin', []],
  ])('gives the roles of %s', async (key, roles) => {
    const me = (await call(key, 'GET', '/api/tab/me')).body as unknown as MeResponse;
    expect(me.roles).toEqual(roles);
    expect(me.localMode).toBe(true);
    expect(me.via).toBe('local');
  });

  it("names the agent's own onboarding", async () => {
    const me = (await call(LUCAS, 'GET', '/api/tab/me')).body as unknown as MeResponse;
    expect(me.onboardingId).toBe(onboarding(LUCAS));
  });
});

describe('GET /api/tab/local-users', () => {
  it('lists active people grouped by service, with their roles', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/tab/local-users' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as LocalUsersResponse;
    const voirie = body.services.find((s) => s.name === 'Voirie');
    expect(voirie?.people.find((p) => p.id === person(LUCAS))?.roles).toEqual(['agent']);
    expect(voirie?.people.find((p) => p.id === person('jean-marc.dupuis'))?.roles).toEqual(['manager']);
    expect(body.services.reduce((n, s) => n + s.people.length, 0)).toBe(40);
  });
});

describe('GET /api/tab/onboardings/mine', () => {
  it("returns the agent's plan: phases in order, people, practical information, progress", async () => {
    const res = await call(LUCAS, 'GET', '/api/tab/onboardings/mine');
    expect(res.status).toBe(200);
    const plan = (res.body as { plan: PlanView }).plan;
    expect(plan.id).toBe(onboarding(LUCAS));
    expect(plan.viewerRelation).toBe('self');
    expect(plan.phases.map((p) => p.phase)).toEqual(['before', 'day1', 'week1', 'month1']);
    expect(plan.people.manager?.displayName).toBe('Jean-Marc Dupuis');
    expect(plan.people.buddy?.displayName).toBe('Kévin Martin');
    expect(plan.people.hrContact?.upn).toBe('karim.benali@beaulieu-sur-aune.fr');
    expect(plan.practical[0]?.title).toBe('Prise de poste');
    expect(plan.documents.map((d) => d.key)).toContain('reglement');
    const steps = plan.phases.flatMap((p) => p.steps);
    expect(plan.progress.total).toBe(steps.length);
    expect(plan.progress.done).toBe(steps.filter((s) => s.status === 'done').length);
    // The seed leaves the safety training overdue.
    expect(steps.find((s) => s.id === step(LUCAS, 'securite'))).toMatchObject({ overdue: true, status: 'todo', ownerRole: 'manager', canToggle: false });
    expect(plan.progress.overdue).toBeGreaterThanOrEqual(1);
    // The agent may tick their own steps only; others show who is on them.
    const accueil = steps.find((s) => s.id === step(LUCAS, 'accueil'))!;
    expect(accueil.canToggle).toBe(false);
    expect(accueil.assignee?.displayName).toBe('Jean-Marc Dupuis');
    expect(steps.find((s) => s.id === step(LUCAS, 'notifications'))!.canToggle).toBe(true);
    expect(steps.find((s) => s.id === step(LUCAS, 'compte'))!.assignee).toBeNull();
  });

  it('returns plan: null to someone without an onboarding', async () => {
    const res = await call('kevin.martin', 'GET', '/api/tab/onboardings/mine');
    expect(res.status).toBe(200);
    expect(res.body.plan).toBeNull();
  });
});

describe('GET /api/tab/onboardings/:id', () => {
  it.each([
    [LUCAS, 'self'],
    ['jean-marc.dupuis', 'manager'],
    ['karim.benali', 'hr'],
    ['emilie.garnier', 'hr'],
  ])('lets %s read the plan (%s)', async (key, relation) => {
    const res = await call(key, 'GET', `/api/tab/onboardings/${onboarding(LUCAS)}`);
    expect(res.status).toBe(200);
    expect((res.body as { plan: PlanView }).plan.viewerRelation).toBe(relation);
  });

  it.each([
    [INES, 'another agent'],
    ['isabelle.girard', 'a manager of another team'],
    ['thierry.lefebvre', "the manager's own manager"],
    ['kevin.martin', 'the buddy, not HR'],
    ['claire.morel', 'the head of services, not HR'],
  ])('forbids %s (%s) and audits the denial', async (key) => {
    const res = await call(key, 'GET', `/api/tab/onboardings/${onboarding(LUCAS)}`);
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('EQP_ERR_FORBIDDEN');
    const denied = await auditRows(key, 'denied');
    expect(denied.some((r) => r.action === 'onboarding.read' && r.subject_id === onboarding(LUCAS) && r.channel === 'tab')).toBe(true);
  });

  it('audits a manager reading a report’s plan', async () => {
    await call('jean-marc.dupuis', 'GET', `/api/tab/onboardings/${onboarding(LUCAS)}`);
    const rows = await auditRows('jean-marc.dupuis', 'success');
    expect(rows.some((r) => r.action === 'onboarding.read' && r.subject_id === onboarding(LUCAS))).toBe(true);
  });

  it('answers 404 for an unknown onboarding and 400 for a malformed id', async () => {
    const unknown = await call('karim.benali', 'GET', `/api/tab/onboardings/${stableId('onboarding', 'nobody')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('EQP_ERR_NOT_FOUND');
    expect((await call('karim.benali', 'GET', '/api/tab/onboardings/not-an-id')).status).toBe(400);
  });
});

describe('POST /api/tab/steps/:stepId/complete and /reopen', () => {
  it('lets the agent tick and untick their own step, idempotently', async () => {
    // Nadia Rousseau arrives in five days: her own steps are all still to do.
    const NADIA = 'nadia.rousseau';
    const id = step(NADIA, 'teams');
    const first = await complete(NADIA, id);
    expect(first.status).toBe(200);
    const body = first.body as unknown as StepChangeResponse;
    expect(body).toMatchObject({ changed: true, step: { id, status: 'done', doneBy: { id: person(NADIA) } } });
    const again = (await complete(NADIA, id)).body as unknown as StepChangeResponse;
    expect(again.changed).toBe(false);
    expect(again.step.doneAt).toBe(body.step.doneAt);
    expect(again.progress.done).toBe(body.progress.done);

    const mine = (await call(NADIA, 'GET', '/api/tab/onboardings/mine')).body as { plan: PlanView };
    expect(mine.plan.phases.flatMap((p) => p.steps).find((s) => s.id === id)?.status).toBe('done');

    const back = (await reopen(NADIA, id)).body as unknown as StepChangeResponse;
    expect(back).toMatchObject({ changed: true, step: { status: 'todo', doneAt: null, doneBy: null } });
    expect(back.progress.done).toBe(body.progress.done - 1);
    expect(((await reopen(NADIA, id)).body as unknown as StepChangeResponse).changed).toBe(false);
    // Ticking one's own step is audited too, as evidence.
    expect((await auditRows(NADIA, 'success')).filter((r) => r.subject_id === id).length).toBe(4);
  });

  it('lets the manager of the onboarding tick a manager step, and HR an HR step', async () => {
    const manager = await complete('jean-marc.dupuis', step(LUCAS, 'securite'));
    expect(manager.status).toBe(200);
    expect((manager.body as unknown as StepChangeResponse).progress.overdue).toBe(0);
    expect((await complete('karim.benali', step(LUCAS, 'point-rh'))).status).toBe(200);
    // Any HR member, not only the named contact.
    expect((await reopen('emilie.garnier', step(LUCAS, 'point-rh'))).status).toBe(200);
  });

  it.each([
    [LUCAS, 'accueil', 'the agent ticking a manager step'],
    [LUCAS, 'point-rh', 'the agent ticking an HR step'],
    [LUCAS, 'compte', 'the agent ticking an IT step'],
    ['jean-marc.dupuis', 'teams', 'the manager ticking the agent’s step'],
    ['jean-marc.dupuis', 'compte', 'the manager ticking an IT step'],
    ['isabelle.girard', 'accueil', 'a manager of another team'],
    ['thierry.lefebvre', 'accueil', "the manager's own manager"],
    [INES, 'teams', 'another agent'],
    ['kevin.martin', 'parrain', 'the buddy'],
    ['karim.benali', 'teams', 'HR ticking the agent’s step'],
    ['karim.benali', 'accueil', 'HR ticking a manager step'],
  ])('forbids %s to tick %s (%s)', async (key, stepKey) => {
    const id = step(LUCAS, stepKey);
    const before = await t.ctx.storage.db.selectFrom('onboarding_steps').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    for (const res of [await complete(key, id), await reopen(key, id)]) {
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('EQP_ERR_FORBIDDEN');
    }
    const after = await t.ctx.storage.db.selectFrom('onboarding_steps').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.status).toBe(before.status);
    const denied = await auditRows(key, 'denied');
    expect(denied.filter((r) => r.subject_id === id && r.subject_type === 'onboarding_step' && r.channel === 'tab').length).toBeGreaterThanOrEqual(2);
  });

  it('forbids a manager to tick in an arrival of another team', async () => {
    const res = await complete('jean-marc.dupuis', step(INES, 'accueil'));
    expect(res.status).toBe(403);
  });

  it('answers 404 for an unknown step', async () => {
    const res = await complete(LUCAS, stableId('onboarding-step', 'nope'));
    expect(res.status).toBe(404);
  });

  it('marks the onboarding completed when its last step is ticked, and back when reopened', async () => {
    const db = t.ctx.storage.db;
    // Everything but one agent step done, straight in the database.
    const last = step(INES, 'notifications');
    await db.updateTable('onboarding_steps').set({ status: 'done', done_at: new Date() }).where('onboarding_id', '=', onboarding(INES)).where('id', '!=', last).execute();
    await db.updateTable('onboarding_steps').set({ status: 'todo', done_at: null }).where('id', '=', last).execute();
    const done = (await complete(INES, last)).body as unknown as StepChangeResponse;
    expect(done.onboardingStatus).toBe('completed');
    expect(done.progress).toMatchObject({ percent: 100, overdue: 0, nextDue: null });
    const reopened = (await reopen(INES, last)).body as unknown as StepChangeResponse;
    expect(reopened.onboardingStatus).toBe('in_progress');
  });
});

describe('GET /api/tab/manager/arrivals', () => {
  it("lists the manager's arrivals only, with progress, overdue count and next step", async () => {
    const res = await call('jean-marc.dupuis', 'GET', '/api/tab/manager/arrivals');
    expect(res.status).toBe(200);
    const arrivals = (res.body as { arrivals: ArrivalSummary[] }).arrivals;
    expect(arrivals.map((a) => a.agent.id)).toEqual([person(LUCAS)]);
    const [lucas] = arrivals;
    expect(lucas!.progress.total).toBeGreaterThan(0);
    expect(lucas!.progress.nextDue?.dueDate).toBeDefined();
    expect(lucas!.templateName).toBe('Arrivée — agent de voirie');

    const isabelle = (await call('isabelle.girard', 'GET', '/api/tab/manager/arrivals')).body as { arrivals: ArrivalSummary[] };
    expect(isabelle.arrivals.map((a) => a.agent.id)).toEqual([person(INES)]);
    expect(((await call(LUCAS, 'GET', '/api/tab/manager/arrivals')).body as { arrivals: ArrivalSummary[] }).arrivals).toEqual([]);
  });

  it('reflects a step the agent unticked and ticked again', async () => {
    const arrival = async () => ((await call('jean-marc.dupuis', 'GET', '/api/tab/manager/arrivals')).body as { arrivals: ArrivalSummary[] }).arrivals[0]!;
    const before = await arrival();
    expect((await reopen(LUCAS, step(LUCAS, 'parrain'))).status).toBe(200);
    expect((await arrival()).progress.done).toBe(before.progress.done - 1);
    expect((await complete(LUCAS, step(LUCAS, 'parrain'))).status).toBe(200);
    expect((await arrival()).progress.done).toBe(before.progress.done);
  });
});

describe('outside local mode', () => {
  let entra: TestContext;
  beforeAll(async () => {
    entra = await createTestContext({
      env: { AAD_APP_CLIENT_ID: '11111111-2222-4333-8444-555555555555', AAD_APP_TENANT_ID: '66666666-7777-4888-9999-000000000000' },
      // No token is valid here: these tests are about what happens without one.
      tokenVerifier: { verify: async () => Promise.reject(new Error('no token is valid in this test')) },
    });
  });
  afterAll(async () => {
    await entra?.close();
  });

  it('hides the picker list and ignores the local-user header', async () => {
    expect(entra.config.localMode).toBe(false);
    expect((await entra.app.inject({ method: 'GET', url: '/api/tab/local-users' })).statusCode).toBe(404);
    const res = await entra.app.inject({ method: 'GET', url: '/api/tab/onboardings/mine', headers: { [LOCAL_USER_HEADER]: person(LUCAS) } });
    expect(res.statusCode).toBe(401);
  });
});
