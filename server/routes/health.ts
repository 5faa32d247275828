/**
 * `GET /healthz` (liveness + facts an operator wants) and `GET /readyz` (the database answers and
 * the server is not shutting down).
 */
import type { FastifyInstance } from 'fastify';
import { EquipageError } from '../../core/errors.js';
import type { AppContext } from '../context.js';
import { errorBody } from '../errors.js';

export interface HealthState {
  /** False while shutting down: `/readyz` then answers 503 so a load balancer drains us. */
  accepting: boolean;
}

/** Registers the health routes. */
export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext, state: HealthState): void {
  app.get('/healthz', async () => ({
    status: 'ok',
    version: ctx.version,
    storage: ctx.storage.kind,
    blobStore: ctx.blobs.kind,
    migrations: ctx.storage.migrations,
    localMode: ctx.config.localMode,
    uptimeSeconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 1000),
  }));

  app.get('/readyz', async (_request, reply) => {
    if (!state.accepting) {
      return reply.status(503).send(errorBody(new EquipageError('EQP_ERR_NOT_READY')));
    }
    try {
      await ctx.storage.ping();
    } catch (error) {
      return reply.status(503).send(errorBody(new EquipageError('EQP_ERR_STORAGE_UNAVAILABLE', { reason: (error as Error).message })));
    }
    return { status: 'ready' };
  });
}
