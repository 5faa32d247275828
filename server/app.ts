/**
 * `buildApp(ctx)`: the one HTTP application hosting the bot endpoint, the tab (web app and API),
 * the custom connectors' API, health checks and the landing page. Separate from `listen()`
 * (server/start.ts) so tests drive it with `inject()` or real loopback HTTP.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TokenVerifier } from '../core/auth/identity.js';
import { SECRET_KEYS, type Config } from '../core/config/config.js';
import { PersonCache } from '../core/auth/person-cache.js';
import { createAuthenticator } from './auth/authenticate.js';
import type { AppContext } from './context.js';
import { handleFrameworkError, installErrorHandlers } from './errors.js';
import { registerHealthRoutes, type HealthState } from './routes/health.js';
import { registerLandingPage } from './routes/landing.js';
import { registerTabs } from '../tabs/api/register.js';
import { registerDocuments } from './routes/documents/register.js';
import { registerOgc } from './routes/ogc/register.js';
import { registerConnectors } from '../connectors/register.js';
import { registerBot } from '../bot/register.js';

export interface BuildAppOptions {
  /** Verifies Entra ID bearer tokens; required unless `ctx.config.localMode`. */
  tokenVerifier?: TokenVerifier;
  /** Body limit in bytes (default 1 MiB; routes that take photos set their own). */
  bodyLimit?: number;
}

/** The built application with the state the host needs for a graceful shutdown. */
export interface EquipageApp {
  app: FastifyInstance;
  health: HealthState;
}

/** Builds the application without listening. */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<EquipageApp> {
  const app = Fastify({
    loggerInstance: ctx.logger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Keep-alive sockets would hold `close()` forever; in-flight requests still complete.
    forceCloseConnections: 'idle',
    requestIdHeader: 'x-request-id',
    // Behind a reverse proxy (TLS ended at Azure App Service's front ends...), links, client
    // addresses (rate limits, audit) and the protocol come from the proxy's X-Forwarded-* headers.
    trustProxy: fastifyTrustProxy(ctx.config.server.trustProxy),
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    frameworkErrors: handleFrameworkError,
  });
  const health: HealthState = { accepting: true };
  installErrorHandlers(app);
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('x-content-type-options', 'nosniff');
  });

  const people = await PersonCache.open(ctx.storage.db, ctx.storage.notifications);
  app.addHook('onClose', async () => people.close());
  const authenticate = createAuthenticator(ctx, options.tokenVerifier, people);
  app.decorate('authenticate', authenticate);

  registerHealthRoutes(app, ctx, health);
  registerLandingPage(app, ctx);
  for (const register of surfaces) await register(app, ctx);
  return { app, health };
}

/** `TRUST_PROXY` for Fastify, whose types take no hop count: N hops is "trust the N nearest". */
function fastifyTrustProxy(trust: Config['server']['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/** A surface (bot, tabs, connectors) registers its routes on the app. */
export type SurfaceRegistrar = (app: FastifyInstance, ctx: AppContext) => void | Promise<void>;

const surfaces: SurfaceRegistrar[] = [registerBot, registerTabs, registerConnectors, registerDocuments, registerOgc];

declare module 'fastify' {
  interface FastifyInstance {
    /** Pre-handler that sets `request.caller` or answers 401. */
    authenticate: ReturnType<typeof createAuthenticator>;
  }
}

/** Pino redaction paths: secrets and tokens never reach the log. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.appPassword',
  '*.clientSecret',
  '*.apiKey',
  '*.connectionString',
  ...SECRET_KEYS.map((k) => `*.${k}`),
];
