/**
 * The directory reads the suite makes on Microsoft Graph: users (with their manager), transitive
 * members of a group, a user's manager and direct reports, profile photos. Collections are read
 * page by page through `@odata.nextLink`; errors become `EQP_ERR_GRAPH_UNAVAILABLE`.
 */
import { GraphClientError, GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
import { EquipageError } from '../errors.js';
import type { GraphClient } from './graph-client.js';

/** The user properties the directory reads (Graph `user` resource, v1.0). */
export interface GraphUser {
  id: string;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  mobilePhone?: string | null;
  employeeId?: string | null;
  employeeHireDate?: string | null;
  accountEnabled?: boolean | null;
  preferredLanguage?: string | null;
  userType?: string | null;
  /** Present with `$expand=manager`; absent (or null) when the user has no manager. */
  manager?: { id: string } | null;
}

/** Properties selected on `/users`. */
export const USER_SELECT = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'department',
  'officeLocation',
  'mobilePhone',
  'employeeId',
  'employeeHireDate',
  'accountEnabled',
  'preferredLanguage',
  'userType',
] as const;

/** Graph's largest page for directory objects. */
const PAGE_SIZE = 999;

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** Turns a Graph failure into a coded error naming the request and Graph's own error code. */
export function graphFailure(operation: string, error: unknown): EquipageError {
  if (error instanceof EquipageError) return error;
  // A token failure travels through the client wrapped (see createGraphClient).
  if (error instanceof GraphClientError && error.customError instanceof EquipageError) return error.customError;
  if (error instanceof GraphError) {
    const code = error.code ? `${error.code} ` : '';
    const reason = `HTTP ${error.statusCode} ${code}${error.message ?? ''}`.trim();
    return new EquipageError('EQP_ERR_GRAPH_UNAVAILABLE', { operation, reason }, { cause: error, details: { status: error.statusCode, code: error.code } });
  }
  return new EquipageError('EQP_ERR_GRAPH_UNAVAILABLE', { operation, reason: (error as Error)?.message ?? String(error) }, { cause: error });
}

function isNotFound(error: unknown): boolean {
  return error instanceof GraphError && error.statusCode === 404;
}

/**
 * The request path of a `@odata.nextLink`, relative to the client's base URL. A link to another
 * host is refused: the bearer token must not follow it.
 */
export function nextLinkPath(graph: GraphClient, nextLink: string): string {
  const prefix = `${graph.baseUrl}/`;
  if (!nextLink.startsWith(prefix)) throw new EquipageError('EQP_ERR_GRAPH_UNAVAILABLE', { operation: 'paging', reason: `@odata.nextLink outside ${graph.baseUrl}` });
  return nextLink.slice(prefix.length);
}

/**
 * Reads every page of a collection, calling `onPage` after each (for progress). `headers` are sent
 * with the following pages too (an advanced query needs `ConsistencyLevel` on every page).
 */
export async function readAllPages<T>(
  graph: GraphClient,
  operation: string,
  first: () => Promise<Page<T>>,
  options: { onPage?: ((count: number) => void) | undefined; headers?: Record<string, string> } = {},
): Promise<T[]> {
  const items: T[] = [];
  try {
    let page = await first();
    for (;;) {
      items.push(...(page.value ?? []));
      options.onPage?.(items.length);
      const next = page['@odata.nextLink'];
      if (!next) break;
      page = (await graph.client.api(nextLinkPath(graph, next)).headers(options.headers ?? {}).get()) as Page<T>;
    }
  } catch (error) {
    throw graphFailure(operation, error);
  }
  return items;
}

/** Every user of the tenant with the selected properties and their manager's id. */
export function listUsers(graph: GraphClient, onPage?: (count: number) => void): Promise<GraphUser[]> {
  return readAllPages<GraphUser>(
    graph,
    'GET /users',
    () => graph.client.api('/users').select([...USER_SELECT]).expand('manager($select=id)').top(PAGE_SIZE).get(),
    { onPage },
  );
}

/** Object ids of the users who are members of `groupId`, directly or through nested groups. */
export async function listGroupUserIds(graph: GraphClient, groupId: string): Promise<string[]> {
  // The OData cast is an advanced query: Graph wants the eventual-consistency header with $count.
  const headers = { ConsistencyLevel: 'eventual' };
  const users = await readAllPages<{ id: string }>(
    graph,
    `GET /groups/${groupId}/transitiveMembers`,
    () =>
      graph.client
        .api(`/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user`)
        .headers(headers)
        .query({ $count: 'true' })
        .select(['id'])
        .top(PAGE_SIZE)
        .get(),
    { headers },
  );
  return users.map((u) => u.id);
}

/** The user's manager (id and display name), or null when the user has none. */
export async function getManager(graph: GraphClient, userId: string): Promise<{ id: string; displayName: string | null } | null> {
  try {
    const manager = (await graph.client.api(`/users/${encodeURIComponent(userId)}/manager`).select(['id', 'displayName']).get()) as { id: string; displayName?: string | null };
    return { id: manager.id, displayName: manager.displayName ?? null };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw graphFailure(`GET /users/${userId}/manager`, error);
  }
}

/** The users reporting directly to `userId`. */
export async function listDirectReports(graph: GraphClient, userId: string): Promise<GraphUser[]> {
  const reports = await readAllPages<GraphUser & { '@odata.type'?: string }>(graph, `GET /users/${userId}/directReports`, () =>
    graph.client.api(`/users/${encodeURIComponent(userId)}/directReports`).select([...USER_SELECT]).top(PAGE_SIZE).get(),
  );
  // Direct reports may include org contacts; only users are people of the commune.
  return reports.filter((r) => !r['@odata.type'] || r['@odata.type'] === '#microsoft.graph.user');
}

/** Metadata of a user's profile photo, or null when the user has none. */
export interface PhotoInfo {
  /** `@odata.mediaEtag`: changes when the photo changes. */
  etag: string | null;
  contentType: string;
}

/** The user's photo metadata (`GET /users/{id}/photo`), or null when there is no photo (404). */
export async function getPhotoInfo(graph: GraphClient, userId: string): Promise<PhotoInfo | null> {
  try {
    const meta = (await graph.client.api(`/users/${encodeURIComponent(userId)}/photo`).get()) as Record<string, unknown>;
    const etag = meta['@odata.mediaEtag'];
    const type = meta['@odata.mediaContentType'];
    return { etag: typeof etag === 'string' ? etag : null, contentType: typeof type === 'string' ? type : 'image/jpeg' };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw graphFailure(`GET /users/${userId}/photo`, error);
  }
}

/** The user's photo bytes (`GET /users/{id}/photo/$value`), or null when there is none (404). */
export async function getPhotoBytes(graph: GraphClient, userId: string): Promise<Buffer | null> {
  try {
    const data = (await graph.client.api(`/users/${encodeURIComponent(userId)}/photo/$value`).responseType(ResponseType.ARRAYBUFFER).get()) as ArrayBuffer;
    return Buffer.from(data);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw graphFailure(`GET /users/${userId}/photo/$value`, error);
  }
}
