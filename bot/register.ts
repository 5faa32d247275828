/**
 * Registers the HR bot's endpoint, `POST /api/messages`, where Teams (through the Bot Connector),
 * the Agents Playground and the Bot Framework Emulator post activities.
 */
import type { SurfaceRegistrar } from '../server/app.js';
import { createBotEndpoint } from './adapter/bot-framework-endpoint.js';
import { createConversation } from './conversation/conversation.js';
import type { QuestionAnswerer } from './conversation/model.js';
import { allowedTenants } from './conversation/tenant-policy.js';

export interface BotOptions {
  /** The FAQ engine answering free-text questions; without it the bot says which commands exist. */
  faq?: QuestionAnswerer;
}

/** A registrar for the bot with the given options. */
export function createBotRegistrar(options: BotOptions = {}): SurfaceRegistrar {
  return (app, ctx) => {
    const endpoint = createBotEndpoint({
      bot: ctx.config.bot,
      logger: ctx.logger,
      allowedTenants: allowedTenants(ctx.config),
      handler: createConversation({ db: ctx.storage.db, logger: ctx.logger, faq: options.faq }),
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
