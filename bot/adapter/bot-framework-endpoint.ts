/**
 * The only file that imports botbuilder. It authenticates incoming Bot Framework requests
 * (CloudAdapter + ConfigurationBotFrameworkAuthentication), runs the SDK-free conversation
 * handler on each turn, and sends its replies back through the Bot Connector. Moving to the
 * Microsoft 365 Agents SDK means rewriting this file only.
 *
 * Without bot credentials (local mode) requests are anonymous, as the Agents Playground and the
 * Bot Framework Emulator send them. With credentials, a request must carry a Bot Connector JWT
 * signed by a key of the Bot Framework OpenID metadata, for this bot's app id, else 401.
 */
import {
  ActivityTypes,
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, type ClaimsIdentity, type ConnectorClient, type ConnectorFactory, type UserTokenClient } from 'botframework-connector';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../core/config/config.js';
import { EquipageError } from '../../core/errors.js';
import type { ConversationHandler } from '../conversation/conversation.js';
import { turnErrorReply } from '../conversation/conversation.js';
import type { IncomingEvent, InvokeResult, ReplySink } from '../conversation/model.js';
import { isTenantAllowed } from '../conversation/tenant-policy.js';
import { parseActivity, tenantOf, toIncomingEvent, toInvokeResponse, toOutgoingActivity } from './activity.js';

/** What the HTTP route answers. */
export interface EndpointResponse {
  status: number;
  body?: unknown;
}

/** Handles the POSTs of `/api/messages`. */
export interface BotEndpoint {
  handle(request: { authorization: string | undefined; body: unknown }): Promise<EndpointResponse>;
}

export interface BotEndpointOptions {
  bot: Config['bot'];
  logger: FastifyBaseLogger;
  handler: ConversationHandler;
  /** Tenants allowed to talk to the bot; empty means any. */
  allowedTenants: readonly string[];
}

/** What a successful authentication yields (not exported by name from botbuilder). */
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** Exposes `processActivity` with an already authenticated request (it is protected in CloudAdapterBase). */
class AuthenticatedCloudAdapter extends CloudAdapter {
  runTurn(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/** How many connector (or user token) clients are kept: one per service URL and audience in practice. */
const CLIENT_CACHE_MAX = 256;

/** The bot's app id in a request's claims, as botbuilder derives it (audience claim, else appid claim). */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** The promise `make()` gives, kept under `key` (dropped again if it fails). */
function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let client = cache.get(key);
  if (!client) {
    if (cache.size >= CLIENT_CACHE_MAX) cache.clear();
    client = make();
    cache.set(key, client);
    client.catch(() => cache.delete(key));
  }
  return client;
}

/**
 * CloudAdapter builds a new ConnectorClient (credentials, HTTP pipeline, serializers) and a new
 * UserTokenClient on every turn; that construction cost about as much as the reply itself. These
 * clients hold no per-turn state (the app id, service URL and audience they are made for; token
 * caching lives in the credentials), so the same ones are reused for every turn with the same
 * app id, service URL and audience, as botbuilder's older BotFrameworkAdapter did.
 */
class ClientReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectorClients = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    const appId = appIdOf(result.claimsIdentity);
    const inner = result.connectorFactory;
    if (!inner) return result;
    const connectorFactory: ConnectorFactory = {
      create: (serviceUrl, audience) => remember(this.connectorClients, JSON.stringify([appId, serviceUrl, audience ?? null]), () => inner.create(serviceUrl, audience)),
    };
    return { ...result, connectorFactory };
  }

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    return remember(this.userTokenClients, appIdOf(identity), () => super.createUserTokenClient(identity));
  }
}

/** Settings read by ConfigurationBotFrameworkAuthentication, from the validated config. */
function authSettings(bot: Config['bot']): Record<string, string | boolean> {
  if (!bot) return {};
  const credentials = {
    MicrosoftAppId: bot.appId,
    MicrosoftAppType: bot.appType,
    ...(bot.appPassword ? { MicrosoftAppPassword: bot.appPassword } : {}),
    ...(bot.tenantId ? { MicrosoftAppTenantId: bot.tenantId } : {}),
  };
  if (!bot.openIdMetadataUrl) return credentials;
  // Overriding one endpoint makes botbuilder expect them all: the public cloud's, but the metadata.
  return {
    ...credentials,
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: bot.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/** True for the errors botbuilder raises on a missing, malformed or wrongly signed token. */
function isAuthFailure(error: unknown): boolean {
  const e = error as { statusCode?: unknown; name?: unknown };
  return e?.statusCode === 401 || e?.name === 'JsonWebTokenError' || e?.name === 'TokenExpiredError' || e?.name === 'NotBeforeError';
}

/** Delay and period of the typing indicator (botbuilder's ShowTypingMiddleware defaults). */
export const TYPING_DELAY_MS = 500;
const TYPING_PERIOD_MS = 2000;

/** Builds the endpoint. */
export function createBotEndpoint(options: BotEndpointOptions): BotEndpoint {
  const { logger, handler } = options;
  const auth = new ClientReusingAuthentication(authSettings(options.bot));
  const adapter = new AuthenticatedCloudAdapter(auth);

  /**
   * The typing indicator follows Bot Framework's ShowTypingMiddleware: shown only when the answer
   * takes longer than TYPING_DELAY_MS, then repeated every TYPING_PERIOD_MS until the first reply.
   * An answer ready at once needs no indicator (and saves a connector call per message).
   */
  function sinkFor(context: TurnContext): ReplySink & { done(): void } {
    let timer: NodeJS.Timeout | undefined;
    const stopTyping = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    const tick = (delay: number) => {
      timer = setTimeout(() => {
        context.sendActivity({ type: ActivityTypes.Typing }).then(
          () => (timer ? tick(TYPING_PERIOD_MS) : undefined),
          () => stopTyping(),
        );
      }, delay);
      timer.unref();
    };
    return {
      typing: async () => {
        if (!timer) tick(TYPING_DELAY_MS);
      },
      send: async (reply) => {
        stopTyping();
        await context.sendActivity(toOutgoingActivity(reply));
      },
      done: stopTyping,
      update: async (activityId, reply) => {
        await context.updateActivity({ ...toOutgoingActivity(reply), id: activityId } as Partial<Activity>);
      },
    };
  }

  async function respondToInvoke(context: TurnContext, result: InvokeResult): Promise<void> {
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: toInvokeResponse(result) });
  }

  async function runConversation(event: IncomingEvent, context: TurnContext): Promise<void> {
    const isInvoke = context.activity.type === ActivityTypes.Invoke;
    try {
      const sink = sinkFor(context);
      const result = await handler(event, sink).finally(() => sink.done());
      if (isInvoke) await respondToInvoke(context, result?.invoke ?? { kind: 'ok' });
    } catch (error) {
      logger.error({ err: error, activityId: context.activity.id }, 'bot turn failed');
      const apology = turnErrorReply(event.locale);
      if (isInvoke) {
        await respondToInvoke(context, { kind: 'message', text: apology });
        return;
      }
      // Tell the person; if even that fails (connector unreachable), the channel gets a 500 and retries.
      await context.sendActivity({ type: ActivityTypes.Message, text: apology }).catch(() => {
        throw error;
      });
    }
  }

  return {
    async handle(request) {
      const activity = parseActivity(request.body);
      let authenticated: AuthenticateRequestResult;
      try {
        authenticated = await auth.authenticateRequest(activity as unknown as Activity, request.authorization ?? '');
      } catch (error) {
        if (!isAuthFailure(error)) throw error;
        logger.info({ reason: (error as Error).message }, 'bot request rejected');
        throw new EquipageError('EQP_ERR_UNAUTHENTICATED');
      }
      const tenantId = tenantOf(activity);
      if (!isTenantAllowed(options.allowedTenants, tenantId)) {
        logger.warn({ tenantId: tenantId ?? null }, 'bot activity from a tenant that is not allowed');
        throw new EquipageError('EQP_ERR_TENANT_NOT_ALLOWED', { tenantId: tenantId ?? '?' });
      }
      const event = toIncomingEvent(activity);
      if (event === 'unsupported') {
        // An invoke this bot does not offer (message extensions, task modules…): a clear 400.
        logger.info({ name: activity.name ?? null }, 'unsupported invoke');
        const name = String(activity.name ?? '(none)').slice(0, 100);
        throw new EquipageError('EQP_ERR_VALIDATION', { details: `invoke non pris en charge / unsupported invoke: ${name}` });
      }
      const result = await adapter.runTurn(authenticated, activity as unknown as Activity, async (context) => {
        if (event) await runConversation(event, context);
      });
      return result ? { status: result.status, ...(result.body === undefined ? {} : { body: result.body }) } : { status: 200 };
    },
  };
}
