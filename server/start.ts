/**
 * Starts the whole suite in one process: storage, blob store, demo seed on first start, the HTTP
 * server, and (in local mode) the Agents Playground. Stops it gracefully on SIGINT/SIGTERM:
 * in-flight requests finish, storage closes cleanly, child processes stop.
 */
import type { Logger } from 'pino';
import { createEntraTokenVerifier } from '../core/auth/entra-token-verifier.js';
import { createBlobStore } from '../core/blob/create-blob-store.js';
import { describeConfig, type Config } from '../core/config/config.js';
import { startDirectorySchedule, type DirectorySchedule } from '../core/directory/directory-schedule.js';
import { createRetentionSchedule } from '../core/documents/retention-schedule.js';
import { createReminderScheduler, type ReminderScheduler } from '../core/onboarding/reminder-scheduler.js';
import { kbServiceFor } from '../core/kb/kb-service.js';
import { isDatabaseEmpty, seedDemoCommune } from '../core/seed/seed.js';
import { openStorage } from '../core/storage/database.js';
import { PROJECT_ROOT, VERSION } from '../core/util/project-root.js';
import { botConnectorTokenProvider, createConnectorSender } from '../bot/adapter/connector-sender.js';
import { ProactiveDispatcher } from '../core/proactive/dispatcher.js';
import { createOpen311Forwarder } from '../core/field-reports/open311/create-forwarder.js';
import { createWebhookDispatcher } from '../core/field-reports/webhooks/dispatcher.js';
import { onReportChanged } from '../core/field-reports/webhooks/wake.js';
import { TEAMS_LIMITS_PACED } from '../core/proactive/rate-limiter.js';
import { onEnqueued } from '../core/proactive/wake.js';
import { buildApp, type BuildAppOptions } from './app.js';
import type { AppContext } from './context.js';
import { createLogger } from './logger.js';
import { startPlayground, type RunningPlayground } from './playground.js';

/** A running suite. */
export interface RunningServer {
  url: string;
  ctx: AppContext;
  /** Stops everything; idempotent. */
  stop(reason?: string): Promise<void>;
}

export interface StartOptions extends BuildAppOptions {
  logger?: Logger;
  /** Where to print the "where everything is" summary for people (the CLI passes its stdout). */
  announce?: NodeJS.WritableStream;
  /** Folder holding `.m365agentsplayground.yml` and `devTools/` (default: the project root). */
  cwd?: string;
}

/** Starts the suite with a validated config. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  if (config.localMode) {
    logger.warn(
      '*** MODE LOCAL / LOCAL MODE: aucune authentification (no Entra ID nor bot credentials configured). ' +
        'Anyone reaching this server can act as any person in the directory. Never expose it. ***',
    );
  }
  logger.info({ config: describeConfig(config) }, 'starting Équipage');

  const storage = await openStorage(config.database, {
    purpose: 'serveur Équipage',
    dataDir: config.dataDir,
    // Until it listens again, callers are read from the database on every request (slower, never stale).
    onNotificationError: (error) => logger.warn({ reason: error.message }, 'database notification connection lost; reconnecting'),
  });
  // Everything started is pushed here and stopped in reverse order, on shutdown or on a failed start.
  const started: Array<{ name: string; stop: () => Promise<void> }> = [{ name: 'storage', stop: () => storage.close() }];
  const stopAll = async () => {
    for (const component of started.splice(0).reverse()) {
      try {
        await component.stop();
      } catch (error) {
        logger.error({ err: error, component: component.name }, 'failed to stop cleanly');
      }
    }
  };
  try {
    const blobs = await createBlobStore(config.blob);
    started.push({ name: 'blob store', stop: () => blobs.close() });
    if (config.seedDemo && (await isDatabaseEmpty(storage.db))) {
      const seeded = await seedDemoCommune(storage.db);
      logger.info({ seeded }, 'empty database: demo commune seeded');
    }
    // The bot's question log is write-behind: written after the HTTP server stops, before storage closes.
    started.push({ name: 'question log', stop: () => kbServiceFor(storage.db).close() });
    const ctx: AppContext = { config, storage, blobs, logger, version: VERSION, startedAt: new Date() };
    const tokenVerifier =
      options.tokenVerifier ??
      (config.entra ? createEntraTokenVerifier(config.entra, config.allowedTenantIds, { publicBaseUrl: config.server.publicBaseUrl }) : undefined);
    const { app, health } = await buildApp(ctx, { ...options, tokenVerifier });
    // In-flight requests finish inside app.close(); idle keep-alive sockets are closed.
    started.push({ name: 'http server', stop: () => app.close() });
    await app.listen({ port: config.server.port, host: config.server.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.server.port;
    const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? 'localhost' : config.server.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

    // Proactive messages (notifications, HR relays) leave through the durable outbox.
    const dispatcher = new ProactiveDispatcher({ db: storage.db, send: createConnectorSender(botConnectorTokenProvider(config)), limits: TEAMS_LIMITS_PACED, logger });
    const unwatch = onEnqueued(storage.db, () => dispatcher.wake());
    dispatcher.start();
    // Sends in flight finish; claimed but unsent messages go back to the queue, before storage closes.
    started.push({ name: 'proactive dispatcher', stop: async () => (unwatch(), await dispatcher.stop()) });

    // Field reports reach the commune's Open311 system through their durable outbox (OPEN311_ENDPOINT).
    const open311 = createOpen311Forwarder(config, storage.db, { listeningUrl: url, logger });
    if (open311) {
      open311.start();
      started.push({ name: 'open311 forwarder', stop: () => open311.stop() });
    }

    // Notifications of the connector's webhook trigger leave through their durable outbox (FIELDOPS_WEBHOOK_*).
    const webhooks = createWebhookDispatcher(config, storage.db, { logger, userAgent: `Equipage-Webhooks/${VERSION}` });
    const unwatchReports = onReportChanged(storage.db, () => webhooks.wake());
    webhooks.start();
    // POSTs in flight finish; claimed but unsent deliveries go back to the queue, before storage closes.
    started.push({ name: 'webhook dispatcher', stop: async () => (unwatchReports(), await webhooks.stop()) });

    if (config.onboarding.remindersEnabled) {
      const reminders: ReminderScheduler = createReminderScheduler({ db: storage.db, quietHours: config.onboarding.quietHours, tabBaseUrl: config.server.publicBaseUrl ?? url, logger });
      reminders.start();
      started.push({ name: 'onboarding reminders', stop: () => reminders.stop() });
    }

    if (config.documents.retentionScheduled) {
      const retention = createRetentionSchedule({ db: storage.db, blobs, policy: config.documents, logger });
      retention.start();
      started.push({ name: 'document retention', stop: () => retention.stop() });
    }

    const directorySchedule: DirectorySchedule | undefined = startDirectorySchedule({ config, db: storage.db, blobs, logger });
    if (directorySchedule) started.push({ name: 'directory sync', stop: () => directorySchedule.stop() });

    if (config.playground.enabled) {
      const playground: RunningPlayground = await startPlayground({
        port: config.playground.port,
        botEndpoint: `${url}/api/messages`,
        cwd: options.cwd ?? PROJECT_ROOT,
        logger,
      });
      started.push({ name: 'playground', stop: () => playground.stop() });
      ctx.playgroundUrl = playground.url;
    }

    let stopping: Promise<void> | undefined;
    const stop = (reason = 'stop requested') => {
      stopping ??= (async () => {
        logger.info({ reason }, 'shutting down');
        health.accepting = false;
        const timer = setTimeout(() => {
          logger.error('shutdown timed out: forcing exit');
          process.exit(1);
        }, config.shutdownTimeoutMs);
        timer.unref();
        try {
          await stopAll();
        } finally {
          clearTimeout(timer);
          logger.info('stopped');
        }
      })();
      return stopping;
    };

    printWhereThingsAre(logger, url, ctx, options.announce);
    return { url, ctx, stop };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function printWhereThingsAre(logger: Logger, url: string, ctx: AppContext, announce: NodeJS.WritableStream | undefined): void {
  const links = {
    landing: `${url}/`,
    agentView: `${url}/tab/agent`,
    managerView: `${url}/tab/manager`,
    connectorDefinition: `${url}/connectors/fieldops/apiDefinition.swagger.json`,
    connectorExplorer: `${url}/connectors/fieldops/explorer/`,
    botEndpoint: `${url}/api/messages`,
    playground: ctx.playgroundUrl ?? null,
    health: `${url}/healthz`,
  };
  logger.info({ links, storage: ctx.storage.kind, dataDir: ctx.config.dataDir, localMode: ctx.config.localMode }, 'Équipage is ready');
  if (!announce) return;
  const lines = [
    '',
    `  Équipage ${ctx.version} est prêt / is ready`,
    '',
    `  Accueil / Landing page          ${links.landing}`,
    `  Vue agent / Agent view          ${links.agentView}`,
    `  Vue responsable / Manager view  ${links.managerView}`,
    `  Connecteur / Connector         ${links.connectorDefinition}`,
    `  Explorateur / Explorer          ${links.connectorExplorer}`,
    `  Bot (Bot Framework)             ${links.botEndpoint}`,
    `  Discuter / Chat (Playground)    ${links.playground ?? '(désactivé / disabled: PLAYGROUND=on)'}`,
    `  Santé / Health                  ${links.health}`,
    `  Stockage / Storage              ${ctx.storage.kind === 'pglite' ? `PGlite — ${ctx.config.dataDir}` : 'PostgreSQL'}`,
    ...(ctx.config.localMode
      ? ['', '  !!! MODE LOCAL : aucune authentification — ne pas exposer ce serveur.', '  !!! LOCAL MODE: no authentication — do not expose this server.']
      : []),
    '',
    '  Ctrl-C pour arrêter / to stop.',
    '',
  ];
  announce.write(`${lines.join('\n')}\n`);
}

/** Installs SIGINT/SIGTERM handlers that stop the server and exit. */
export function stopOnSignals(server: RunningServer): void {
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (signalled) return;
      signalled = true;
      server.stop(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
