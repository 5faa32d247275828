/**
 * Authentication for the tab and connector APIs. With Entra ID configured, a bearer token is
 * required and verified. In local mode only (no credentials configured), the
 * `X-Equipage-Local-User` header (a person id or UPN chosen in the "Se connecter en tant que…"
 * picker) is accepted instead; the start-up log and the landing page say so loudly.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller, TokenVerifier } from '../../core/auth/identity.js';
import type { PersonCache } from '../../core/auth/person-cache.js';
import { EquipageError } from '../../core/errors.js';
import type { AppContext } from '../context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the `authenticate` pre-handler. */
    caller?: Caller;
  }
}

export const LOCAL_USER_HEADER = 'x-equipage-local-user';

/** Returns the caller set by `authenticate`, or throws 401 when the route forgot to require it. */
export function requireCaller(request: FastifyRequest): Caller {
  if (!request.caller) throw new EquipageError('EQP_ERR_UNAUTHENTICATED');
  return request.caller;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds the `authenticate` pre-handler. `verifier` is required unless the config is in local mode.
 * Callers are found through `people` (the cache forgets them as soon as `people` changes).
 */
export function createAuthenticator(ctx: AppContext, verifier: TokenVerifier | undefined, people: PersonCache) {
  if (!ctx.config.localMode && !verifier) {
    throw new Error('A token verifier is required outside local mode');
  }

  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const auth = request.headers.authorization;
    if (auth !== undefined || !ctx.config.localMode) {
      const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(auth ?? '');
      if (!match || !verifier) throw new EquipageError('EQP_ERR_UNAUTHENTICATED');
      const identity = await verifier.verify(match[1]!).catch((error: unknown) => {
        request.log.info({ reason: (error as Error).message }, 'token rejected');
        throw new EquipageError('EQP_ERR_UNAUTHENTICATED');
      });
      const person = await people.find({ by: 'entra', objectId: identity.objectId, upn: identity.upn ?? null });
      request.caller = {
        personId: person?.id ?? null,
        entraObjectId: identity.objectId,
        tenantId: identity.tenantId,
        upn: identity.upn,
        displayName: person?.display_name ?? identity.name ?? identity.upn ?? identity.objectId,
        hrMember: person?.hr_member ?? false,
        via: 'entra',
      };
      return;
    }
    const raw = request.headers[LOCAL_USER_HEADER];
    const who = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase();
    if (!who) throw new EquipageError('EQP_ERR_UNAUTHENTICATED');
    const person = await people.find({ by: 'local', who, isUuid: UUID.test(who) });
    if (!person) throw new EquipageError('EQP_ERR_UNAUTHENTICATED');
    request.caller = {
      personId: person.id,
      entraObjectId: person.entra_object_id,
      tenantId: null,
      upn: person.upn,
      displayName: person.display_name,
      hrMember: person.hr_member,
      via: 'local',
    };
  };
}
