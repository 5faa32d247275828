/**
 * Directory synchronization from Microsoft Graph into PGlite and the local blob store, against the
 * local Graph + Entra double (tests/doubles/graph-server.ts).
 */
import { isEquipageError } from '../../../core/errors.js';
import { syncDirectory, personIdForEntraUser } from '../../../core/directory/directory-sync.js';
import { photoKey } from '../../../core/directory/photos.js';
import { listPeopleByService } from '../../../core/onboarding/people-directory.js';
import { seedDemoCommune } from '../../../core/seed/seed.js';
import type { Person } from '../../../core/storage/schema.js';
import { startGraphServer, type GraphServer } from '../../doubles/graph-server.js';
import { COMMUNE_MEMBERS, createWorld, HR_GROUP_ID, HR_NESTED_GROUP_ID, OID, photoBytes, populateTenant, TENANT_DOMAIN, type World } from './directory-fixture.js';

const TODAY = '2026-10-05';
let server: GraphServer;
let world: World | undefined;
/** One PGlite database for the file, emptied before each test (see createWorld). */
let shared: World;

beforeAll(async () => {
  // A page size of 3 makes the 10 users of the fixture come in 4 pages.
  server = await startGraphServer({ maxPageSize: 3 });
  shared = await createWorld(server);
});

afterAll(async () => {
  await shared.close();
  await server.close();
});

/** A world on the shared database. */
const newWorld = (options: Parameters<typeof createWorld>[1] = {}) => createWorld(server, { storage: shared.storage, ...options });

beforeEach(() => {
  populateTenant(server);
  server.requests.length = 0;
  server.issued.length = 0;
  server.tokenRequests.length = 0;
  server.maxPageSize = 3;
  server.consentRequired = false;
  server.clearThrottles();
});

afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function people(w: World): Promise<Map<string, Person>> {
  const rows = await w.storage.db.selectFrom('people').selectAll().execute();
  return new Map(rows.map((r) => [r.entra_object_id ?? r.upn, r]));
}

function sync(w: World, extra: Partial<Parameters<typeof syncDirectory>[0]> = {}) {
  return syncDirectory({ db: w.storage.db, graph: w.graph, blobs: w.blobs, hrGroupId: HR_GROUP_ID, today: TODAY, ...extra });
}

describe('first synchronization into an empty directory', () => {
  it('creates the people of the commune with their services, hierarchy, HR membership and photos', async () => {
    world = await newWorld();
    const report = await sync(world);

    expect(report).toMatchObject({
      dryRun: false,
      graphUsers: 10,
      skipped: 2, // the guest and the disabled room account
      created: COMMUNE_MEMBERS,
      updated: 0,
      unchanged: 0,
      left: 0,
      servicesCreated: 4,
      hrMembers: 2,
      photos: { updated: 2, removed: 0, unchanged: 0, none: COMMUNE_MEMBERS - 2 },
    });

    const rows = await people(world);
    expect(rows.size).toBe(COMMUNE_MEMBERS);
    expect(rows.has(OID.guest)).toBe(false);
    expect(rows.has(OID.salle)).toBe(false);

    const kevin = rows.get(OID.agent1)!;
    expect(kevin).toMatchObject({
      id: personIdForEntraUser(OID.agent1),
      upn: `kevin.voirie@${TENANT_DOMAIN}`,
      matricule: 'T011',
      given_name: 'Kévin',
      family_name: 'Martin',
      display_name: 'Kévin Martin',
      email: `kevin.voirie@${TENANT_DOMAIN}`,
      job_title: 'Agent de voirie',
      manager_id: rows.get(OID.chefVoirie)!.id,
      preferred_language: 'fr',
      hr_member: false,
      hire_date: '2024-03-01',
      status: 'active',
      left_at: null,
    });
    expect(rows.get(OID.gestionnaire)!.preferred_language).toBe('en');
    expect(rows.get(OID.chefVoirie)!.mobile_phone).toBe('+33 6 11 22 33 44');
    expect(rows.get(OID.dgs)!.site).toBe('Hôtel de ville');
    expect(rows.get(OID.dgs)!.manager_id).toBeNull();
    expect(rows.get(OID.jardinier)!.matricule).toBeNull();

    // Departments became services, "Voirie" and "voirie" being one.
    const services = await world.storage.db.selectFrom('services').select(['id', 'code', 'name']).orderBy('code').execute();
    expect(services.map((s) => s.code)).toEqual(['direction-generale-des-services', 'espaces-verts', 'ressources-humaines', 'voirie']);
    const voirie = services.find((s) => s.code === 'voirie')!.id;
    expect([OID.chefVoirie, OID.agent1, OID.agent2, OID.agent3].map((oid) => rows.get(oid)!.service_id)).toEqual([voirie, voirie, voirie, voirie]);

    // Photos: stored under people/{id}/photo with Graph's bytes and content type; 404 = none.
    const stored = await world.blobs.head(photoKey(kevin.id));
    expect(stored).toMatchObject({ contentType: 'image/jpeg', metadata: { graph_etag: 'W/"kevin-1"' } });
    expect(await world.blobs.getBuffer(photoKey(kevin.id))).toEqual(photoBytes('kevin-1'));
    expect(await world.blobs.exists(photoKey(rows.get(OID.agent2)!.id))).toBe(false);

    // The whole run is recorded once in the audit log.
    const audit = await world.storage.db.selectFrom('audit_log').selectAll().where('action', '=', 'directory.sync').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ created: COMMUNE_MEMBERS, left: 0 });
  });

  it('derives the tab roles from the data: managers from the hierarchy, HR from the (nested) HR group', async () => {
    world = await newWorld();
    await sync(world);
    const listed = (await listPeopleByService(world.storage.db)).services.flatMap((s) => s.people);
    const rolesOf = (upnKey: string) => listed.find((p) => p.upn === `${upnKey}@${TENANT_DOMAIN}`)!.roles.filter((r) => r !== 'agent').sort();
    expect(rolesOf('claire.dgs')).toEqual(['manager']);
    expect(rolesOf('sophie.drh')).toEqual(['hr', 'manager']); // direct member, manages Karim
    expect(rolesOf('karim.rh')).toEqual(['hr']); // member through the nested group
    expect(rolesOf('jean.voirie')).toEqual(['manager']);
    expect(rolesOf('kevin.voirie')).toEqual([]);
    expect(rolesOf('pierre.ev')).toEqual([]);
  });

  it('reads every page through @odata.nextLink, with the documented $select, $expand and $top', async () => {
    world = await newWorld();
    await sync(world);
    const userPages = server.requests.filter((r) => r.path === '/users');
    expect(userPages).toHaveLength(4); // 10 users, 3 per page
    expect(userPages[0]!.query.get('$top')).toBe('999');
    expect(userPages[0]!.query.get('$expand')).toBe('manager($select=id)');
    expect(userPages[0]!.query.get('$select')!.split(',')).toEqual(expect.arrayContaining(['id', 'employeeId', 'accountEnabled', 'department', 'preferredLanguage']));
    expect(userPages[0]!.query.has('$skiptoken')).toBe(false);
    for (const page of userPages.slice(1)) {
      expect(page.query.get('$skiptoken')).toBeTruthy();
      expect(page.query.get('$select')).toBe(userPages[0]!.query.get('$select'));
    }
    const hr = server.requests.filter((r) => r.path === `/groups/${HR_GROUP_ID}/transitiveMembers/microsoft.graph.user`);
    expect(hr).toHaveLength(1);
    expect(hr[0]!.headers.consistencylevel).toBe('eventual');
  });

  it('pages the HR group too', async () => {
    // The nested group (already holding Karim) gets six more members, Karim listed twice.
    server.groups.get(HR_NESTED_GROUP_ID)!.push(OID.agent1, OID.agent2, OID.agent3, OID.jardinier, OID.chefVoirie, OID.dgs, OID.gestionnaire);
    world = await newWorld();
    const report = await sync(world);
    expect(report.hrMembers).toBe(8); // the DRH, Karim and the six others
    const hr = await world.storage.db.selectFrom('people').select('entra_object_id').where('hr_member', '=', true).execute();
    expect(hr).toHaveLength(8);
    expect(server.requests.filter((r) => r.path.endsWith('/transitiveMembers/microsoft.graph.user')).length).toBeGreaterThan(2);
  });
});

describe('idempotence and changes', () => {
  it('changes nothing on a second run: every row unchanged, no photo downloaded again, nothing written', async () => {
    world = await newWorld();
    await sync(world);
    const before = await world.storage.db.selectFrom('people').selectAll().orderBy('id').execute();
    const auditBefore = await world.storage.db.selectFrom('audit_log').select('id').execute();
    server.requests.length = 0;

    const second = await sync(world);
    expect(second).toMatchObject({ created: 0, updated: 0, left: 0, unchanged: COMMUNE_MEMBERS, servicesCreated: 0, changes: [] });
    expect(second.photos).toEqual({ updated: 0, removed: 0, unchanged: 2, none: COMMUNE_MEMBERS - 2 });
    expect(server.requests.filter((r) => r.path.endsWith('/photo/$value'))).toHaveLength(0);
    expect(await world.storage.db.selectFrom('people').selectAll().orderBy('id').execute()).toEqual(before);
    expect(await world.storage.db.selectFrom('audit_log').select('id').execute()).toEqual(auditBefore);
  });

  it('marks disabled and vanished users as left (never deleted), and applies updates, moves and photo changes', async () => {
    world = await newWorld();
    await sync(world);
    const first = await people(world);

    server.users.delete(OID.agent2); // gone from the tenant
    server.users.get(OID.agent3)!.accountEnabled = false; // disabled
    Object.assign(server.users.get(OID.jardinier)!, { department: 'Propreté urbaine', managerId: OID.chefVoirie, employeeId: 'T020' });
    server.users.get(OID.agent1)!.photo = { bytes: photoBytes('kevin-2'), etag: 'W/"kevin-2"' };
    server.users.get(OID.drh)!.photo = null;
    server.groups.set(HR_NESTED_GROUP_ID, []); // Karim leaves HR

    const report = await sync(world);
    expect(report).toMatchObject({ created: 0, updated: 2, left: 2, unchanged: COMMUNE_MEMBERS - 4, servicesCreated: 1 });
    expect(report.photos).toMatchObject({ updated: 1, removed: 1, unchanged: 0 });
    expect(report.changes.filter((c) => c.action === 'left').map((c) => c.upn).sort()).toEqual([`lucas.voirie@${TENANT_DOMAIN}`, `mehdi.voirie@${TENANT_DOMAIN}`]);

    const rows = await people(world);
    expect(rows.size).toBe(COMMUNE_MEMBERS);
    expect(rows.get(OID.agent2)).toMatchObject({ id: first.get(OID.agent2)!.id, status: 'left', left_at: TODAY });
    expect(rows.get(OID.agent3)).toMatchObject({ status: 'left', left_at: TODAY });
    expect(rows.get(OID.jardinier)).toMatchObject({ manager_id: first.get(OID.chefVoirie)!.id, matricule: 'T020' });
    const proprete = await world.storage.db.selectFrom('services').select('id').where('name', '=', 'Propreté urbaine').executeTakeFirstOrThrow();
    expect(rows.get(OID.jardinier)!.service_id).toBe(proprete.id);
    expect(rows.get(OID.gestionnaire)!.hr_member).toBe(false);
    expect(await world.blobs.getBuffer(photoKey(first.get(OID.agent1)!.id))).toEqual(photoBytes('kevin-2'));
    expect(await world.blobs.exists(photoKey(first.get(OID.drh)!.id))).toBe(false);

    // The next run keeps the leavers' dates and changes nothing.
    const third = await sync(world, { today: '2026-12-01' });
    expect(third).toMatchObject({ created: 0, updated: 0, left: 0 });
    expect((await people(world)).get(OID.agent3)!.left_at).toBe(TODAY);

    // A re-enabled account comes back.
    server.users.get(OID.agent3)!.accountEnabled = true;
    const fourth = await sync(world);
    expect(fourth).toMatchObject({ updated: 1, left: 0 });
    expect((await people(world)).get(OID.agent3)).toMatchObject({ status: 'active', left_at: null });
  });

  it('matches by Entra object id first (a renamed UPN keeps its row), then by UPN (seeded rows)', async () => {
    world = await newWorld();
    await seedDemoCommune(world.storage.db, { today: TODAY });
    const karim = await world.storage.db.selectFrom('people').selectAll().where('upn', '=', 'karim.benali@beaulieu-sur-aune.fr').executeTakeFirstOrThrow();
    // Karim's account in the tenant has the seeded UPN and its own object id.
    server.users.get(OID.gestionnaire)!.userPrincipalName = 'karim.benali@beaulieu-sur-aune.fr';

    const report = await sync(world);
    const demoPeople = (await world.storage.db.selectFrom('people').select('id').execute()).length - (COMMUNE_MEMBERS - 1);
    expect(report.created).toBe(COMMUNE_MEMBERS - 1);
    expect(report.left).toBe(demoPeople - 1); // every other demo person is not in the tenant
    const linked = await world.storage.db.selectFrom('people').selectAll().where('id', '=', karim.id).executeTakeFirstOrThrow();
    expect(linked).toMatchObject({ entra_object_id: OID.gestionnaire, status: 'active', matricule: 'T003', given_name: 'Karim' });
    // Onboardings and other references to the demo people are intact (rows are never deleted).
    expect((await world.storage.db.selectFrom('onboardings').select('id').execute()).length).toBeGreaterThan(0);

    // Renamed in Entra: same object id, new UPN → same row.
    server.users.get(OID.gestionnaire)!.userPrincipalName = `karim.benali@${TENANT_DOMAIN}`;
    const renamed = await sync(world);
    expect(renamed).toMatchObject({ created: 0, updated: 1 });
    expect(await world.storage.db.selectFrom('people').select(['id', 'upn']).where('entra_object_id', '=', OID.gestionnaire).executeTakeFirstOrThrow()).toEqual({
      id: karim.id,
      upn: `karim.benali@${TENANT_DOMAIN}`,
    });
  });

  it('a dry run reports the changes and writes nothing', async () => {
    world = await newWorld();
    const report = await sync(world, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, created: COMMUNE_MEMBERS, photos: null });
    expect(report.changes.filter((c) => c.action === 'created')).toHaveLength(COMMUNE_MEMBERS);
    expect(await world.storage.db.selectFrom('people').select('id').execute()).toEqual([]);
    expect(await world.storage.db.selectFrom('services').select('id').execute()).toEqual([]);
    expect(server.requests.filter((r) => r.path.includes('/photo'))).toHaveLength(0);
  });

  it('keeps a duplicated employeeId on the first holder only and warns', async () => {
    server.users.get(OID.agent3)!.employeeId = 'T011';
    world = await newWorld();
    const report = await sync(world);
    expect(report.warnings).toEqual([expect.stringContaining('T011')]);
    const rows = await people(world);
    expect(rows.get(OID.agent1)!.matricule).toBe('T011');
    expect(rows.get(OID.agent3)!.matricule).toBeNull();
  });
});

describe('throttling', () => {
  it('honors Retry-After on 429 and 503, then goes on', async () => {
    const retries: Array<{ status: number; retryAfter: string | null }> = [];
    world = await newWorld({ retry: { onRetry: (info) => retries.push({ status: info.status, retryAfter: info.retryAfter }) } });
    server.throttle({ count: 1, status: 429, retryAfter: '1', match: /^\/users$/ });
    server.throttle({ count: 1, status: 503, retryAfter: '0', match: /\/photo$/ });

    const report = await sync(world);
    expect(report.created).toBe(COMMUNE_MEMBERS);
    expect(retries).toEqual([
      { status: 429, retryAfter: '1' },
      { status: 503, retryAfter: '0' },
    ]);
    const users = server.requests.filter((r) => r.path === '/users');
    expect(users.map((r) => r.status).slice(0, 2)).toEqual([429, 200]);
    // The retry waited at least the Retry-After second (a lower bound: timers never fire early).
    expect(users[1]!.at - users[0]!.at).toBeGreaterThanOrEqual(950);
    expect(users[1]!.headers['retry-attempt']).toBe('1');
  });

  it('gives up after a bounded number of retries with a coded error, writing nothing', async () => {
    world = await newWorld({ retry: { maxRetries: 2 } });
    server.throttle({ count: 100, status: 429, retryAfter: '0', match: /^\/users$/ });
    const error = await sync(world).catch((e: unknown) => e);
    expect(isEquipageError(error, 'EQP_ERR_GRAPH_UNAVAILABLE')).toBe(true);
    expect((error as { details: unknown }).details).toMatchObject({ status: 429 });
    expect(server.requests.filter((r) => r.path === '/users')).toHaveLength(3); // 1 + 2 retries
    expect(await world.storage.db.selectFrom('people').select('id').execute()).toEqual([]);
  });

  it('fails with a coded error when the HR group does not exist, writing nothing', async () => {
    world = await newWorld();
    const error = await sync(world, { hrGroupId: '99999999-9999-4999-8999-999999999999' }).catch((e: unknown) => e);
    expect(isEquipageError(error, 'EQP_ERR_GRAPH_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('Request_ResourceNotFound');
    expect(await world.storage.db.selectFrom('people').select('id').execute()).toEqual([]);
  });
});
