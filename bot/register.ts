/**
 * Registers the HR bot's endpoint, `POST /api/messages`, where Teams (through the Bot Connector),
 * the Agents Playground and the Bot Framework Emulator post activities. The bot answers from
 * HR's knowledge base in the database (`kbServiceFor`), hands the agents' documents out
 * (`documentServiceFor`), and wakes the proactive dispatcher after enqueueing notifications.
 */
import type { SurfaceRegistrar } from '../server/app.js';
import { documentServiceFor } from '../core/documents/create-service.js';
import { KbService, kbServiceFor } from '../core/kb/kb-service.js';
import { notifyEnqueued } from '../core/proactive/wake.js';
import { createBotEndpoint } from './adapter/bot-framework-endpoint.js';
import { createConversation } from './conversation/conversation.js';
import type { KnowledgeBase } from './conversation/model.js';
import { allowedTenants } from './conversation/tenant-policy.js';

export interface BotOptions {
  /** The knowledge base (default: HR's, in the app's database); `null` runs the bot without FAQ. */
  kb?: KnowledgeBase | null;
  /** Offer Teams' file consent flow in personal chats (default: on; the manifest declares `supportsFiles`). */
  fileConsent?: boolean;
}

/** A registrar for the bot with the given options. */
export function createBotRegistrar(options: BotOptions = {}): SurfaceRegistrar {
  return (app, ctx) => {
    const db = ctx.storage.db;
    const kb = options.kb === undefined ? kbServiceFor(db) : (options.kb ?? undefined);
    if (kb instanceof KbService) {
      kb.questionLog.onError = (error, lost) => ctx.logger.error({ err: error, lost }, 'question log: rows could not be written');
      // Questions logged by the last turns are written before the app (and then storage) closes.
      app.addHook('onClose', async () => kb.flushQuestions());
    }
    const endpoint = createBotEndpoint({
      bot: ctx.config.bot,
      logger: ctx.logger,
      allowedTenants: allowedTenants(ctx.config),
      handler: createConversation({
        db,
        logger: ctx.logger,
        kb,
        documents: () => documentServiceFor(ctx),
        notifyOutbox: () => notifyEnqueued(db),
        fileConsent: options.fileConsent ?? true,
      }),
    });
    app.post('/api/messages', async (request, reply) => {
      const result = await endpoint.handle({ authorization: request.headers.authorization, body: request.body });
      void reply.status(result.status);
      return result.body === undefined ? reply.send() : reply.send(result.body);
    });
  };
}

/** The bot surface, as `buildApp` registers it. */
export const registerBot: SurfaceRegistrar = createBotRegistrar();
