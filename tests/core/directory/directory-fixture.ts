/**
 * A small commune tenant for the directory tests, and a throw-away world (PGlite in a temp folder,
 * local blob store, the Graph double) to synchronize it into.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { sql } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import { createBlobStore } from '../../../core/blob/create-blob-store.js';
import type { BlobStore } from '../../../core/blob/blob-store.js';
import { loadConfig, type Config } from '../../../core/config/config.js';
import { createEntraApp, type EntraApp } from '../../../core/directory/entra-app.js';
import { createAppGraphClient, type GraphClient, type GraphRetryOptions } from '../../../core/directory/graph-client.js';
import { openStorage, type Storage } from '../../../core/storage/database.js';
import type { FakeUser, GraphServer } from '../../doubles/graph-server.js';

export const TENANT_DOMAIN = 'ville-test.fr';
export const HR_GROUP_ID = '7b0a3c1e-5d2f-4a6b-9c8d-0e1f2a3b4c5d';
export const HR_NESTED_GROUP_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

/** Object ids of the fixture's users, by short name. */
export const OID = {
  dgs: '00000000-0000-4000-8000-00000000d650',
  drh: '00000000-0000-4000-8000-000000000d4d',
  gestionnaire: '00000000-0000-4000-8000-000000000a11',
  chefVoirie: '00000000-0000-4000-8000-0000000c4ef0',
  agent1: '00000000-0000-4000-8000-00000000a001',
  agent2: '00000000-0000-4000-8000-00000000a002',
  agent3: '00000000-0000-4000-8000-00000000a003',
  jardinier: '00000000-0000-4000-8000-00000000a004',
  guest: '00000000-0000-4000-8000-00000000e9e5',
  salle: '00000000-0000-4000-8000-0000000005a1',
} as const;

/** 1×1 JPEG-ish bytes: the content does not matter, only that it round-trips. */
export const photoBytes = (seed: string) => Buffer.from(`\xff\xd8\xff\xe0 photo ${seed}`, 'latin1');

const user = (id: string, key: string, given: string, family: string, extra: Partial<FakeUser> = {}): FakeUser => ({
  id,
  userPrincipalName: `${key}@${TENANT_DOMAIN}`,
  displayName: `${given} ${family}`,
  givenName: given,
  surname: family,
  mail: `${key}@${TENANT_DOMAIN}`,
  accountEnabled: true,
  userType: 'Member',
  ...extra,
});

/** Fills the double with the fixture tenant: 8 people of the commune, a guest, a disabled room account. */
export function populateTenant(server: GraphServer): void {
  const users = [
    user(OID.dgs, 'claire.dgs', 'Claire', 'Dumas', { jobTitle: 'Directrice générale des services', department: 'Direction générale des services', employeeId: 'T001', officeLocation: 'Hôtel de ville' }),
    user(OID.drh, 'sophie.drh', 'Sophie', 'Roux', { jobTitle: 'DRH', department: 'Ressources humaines', employeeId: 'T002', managerId: OID.dgs, photo: { bytes: photoBytes('drh-1'), etag: 'W/"drh-1"' } }),
    user(OID.gestionnaire, 'karim.rh', 'Karim', 'Benali', { jobTitle: 'Gestionnaire RH', department: 'Ressources humaines', employeeId: 'T003', managerId: OID.drh, preferredLanguage: 'en-GB' }),
    user(OID.chefVoirie, 'jean.voirie', 'Jean', 'Durand', { jobTitle: "Chef d'équipe voirie", department: 'Voirie', employeeId: 'T010', managerId: OID.dgs, mobilePhone: '+33 6 11 22 33 44' }),
    user(OID.agent1, 'kevin.voirie', 'Kévin', 'Martin', { jobTitle: 'Agent de voirie', department: 'Voirie', employeeId: 'T011', managerId: OID.chefVoirie, employeeHireDate: '2024-03-01T00:00:00Z', photo: { bytes: photoBytes('kevin-1'), etag: 'W/"kevin-1"' } }),
    user(OID.agent2, 'mehdi.voirie', 'Mehdi', 'Haddad', { jobTitle: 'Agent de voirie', department: 'Voirie', employeeId: 'T012', managerId: OID.chefVoirie, preferredLanguage: 'fr-FR' }),
    user(OID.agent3, 'lucas.voirie', 'Lucas', 'Fontaine', { jobTitle: 'Agent de voirie', department: 'voirie', employeeId: 'T013', managerId: OID.chefVoirie }),
    user(OID.jardinier, 'pierre.ev', 'Pierre', 'Bonnet', { jobTitle: 'Jardinier', department: 'Espaces verts', employeeId: null, managerId: OID.dgs }),
    user(OID.guest, 'consultant_example.com#EXT#', 'Paul', 'Externe', { userType: 'Guest', department: 'Conseil' }),
    user(OID.salle, 'salle.conseil', 'Salle', 'du conseil', { accountEnabled: false, givenName: null, surname: null }),
  ];
  server.users.clear();
  for (const u of users) server.users.set(u.id, u);
  // HR: the DRH directly, the gestionnaire through a nested group.
  server.groups.clear();
  server.groups.set(HR_GROUP_ID, [OID.drh, HR_NESTED_GROUP_ID]);
  server.groups.set(HR_NESTED_GROUP_ID, [OID.gestionnaire]);
}

/** Members of the commune in the fixture (not the guest, not the disabled room). */
export const COMMUNE_MEMBERS = 8;

export interface World {
  config: Config;
  storage: Storage;
  blobs: BlobStore;
  app: EntraApp;
  graph: GraphClient;
  dataDir: string;
  close(): Promise<void>;
}

/** The Entra + Graph environment keys pointing at the double. */
export function entraEnv(server: GraphServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AAD_APP_CLIENT_ID: server.clientId,
    AAD_APP_CLIENT_SECRET: server.clientSecret,
    AAD_APP_TENANT_ID: server.tenantId,
    AAD_APP_OAUTH_AUTHORITY_HOST: server.authorityHost,
    GRAPH_BASE_URL: server.graphBaseUrl,
    HR_GROUP_ID,
    ...extra,
  };
}

/**
 * A fresh blob store and Graph client against `server`, with a fresh database — or `storage`
 * reused after emptying the directory tables (opening PGlite and migrating costs seconds).
 */
export async function createWorld(
  server: GraphServer,
  options: { env?: Record<string, string>; retry?: GraphRetryOptions; storage?: Storage } = {},
): Promise<World> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-directory-'));
  const config = loadConfig({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...entraEnv(server), ...options.env }, readEnvFiles: false });
  const shared = options.storage;
  if (shared) await sql`truncate table people, services, audit_log, onboarding_templates cascade`.execute(shared.db);
  const storage = shared ?? (await openStorage(config.database, { purpose: 'test', dataDir: config.dataDir }));
  const blobs = await createBlobStore(config.blob);
  const app = createEntraApp(config.entra!);
  // Throttling tests set their own retry policy; the default keeps the library's bounded retries.
  const graph = createAppGraphClient(app, config.directory.graphBaseUrl, options.retry);
  return {
    config,
    storage,
    blobs,
    app,
    graph,
    dataDir,
    async close() {
      await blobs.close();
      if (!shared) await storage.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
