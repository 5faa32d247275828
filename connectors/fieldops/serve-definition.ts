/**
 * Serves the connector's OpenAPI 2.0 definition at `/connectors/fieldops/apiDefinition.swagger.json`
 * and an interactive explorer (Swagger UI, from `@fastify/swagger-ui`) at
 * `/connectors/fieldops/explorer/`. The definition is generated from the routes (the same
 * function that wrote the committed file); only `host` and `schemes` are set to where this server
 * is reached, so "Try it out" calls this server. In local mode the explorer's copy also offers
 * the `X-Equipage-Local-User` header, since there is no Entra ID sign-in to use.
 */
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { stringify } from 'yaml';
import { LOCAL_USER_HEADER } from '../../server/auth/authenticate.js';
import type { AppContext } from '../../server/context.js';
import { generateFieldOpsDefinition } from './generate-definition.js';

export const DEFINITION_PATH = '/connectors/fieldops/apiDefinition.swagger.json';
export const EXPLORER_PREFIX = '/connectors/fieldops/explorer';

type Definition = Record<string, unknown>;

/** The definition with `host`/`schemes` of this server as the client reaches it. */
function forThisServer(definition: Definition, ctx: AppContext, request: FastifyRequest): Definition {
  const base = ctx.config.server.publicBaseUrl ? new URL(ctx.config.server.publicBaseUrl) : undefined;
  return {
    ...definition,
    host: base ? base.host : request.host,
    schemes: [base ? base.protocol.replace(':', '') : request.protocol],
  };
}

/** Adds the local-mode picker header as a way to authenticate in the explorer. */
function withLocalUser(definition: Definition): Definition {
  return {
    ...definition,
    securityDefinitions: {
      ...(definition.securityDefinitions as Definition),
      local_user: {
        type: 'apiKey',
        in: 'header',
        name: 'X-Equipage-Local-User',
        description: 'Mode local uniquement : UPN d’un agent de démonstration (ex. kevin.martin@beaulieu-sur-aune.fr). Local mode only: a demo person’s UPN.',
      },
    },
    security: [...(definition.security as unknown[]), { local_user: [] }],
  };
}

/** Registers the definition route and the explorer. */
export async function registerFieldOpsDefinition(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const definition = generateFieldOpsDefinition();
  if (LOCAL_USER_HEADER.toLowerCase() !== 'x-equipage-local-user') throw new Error('local user header renamed: update the explorer');

  app.get(DEFINITION_PATH, async (request, reply) => {
    void reply.header('cache-control', 'no-cache');
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(forThisServer(definition, ctx, request), null, 2));
  });

  // Swagger UI reads the document from `fastify.swagger()`, normally provided by @fastify/swagger,
  // which generates OpenAPI from routes. Our document is already generated (Swagger 2.0, with the
  // Power Platform extensions), so a small plugin under that name hands it over as is. Everything
  // stays inside this encapsulated scope.
  await app.register(async (scope) => {
    await scope.register(
      fp(
        async (instance) => {
          instance.decorate('swagger', (options?: { yaml?: boolean }) => (options?.yaml ? stringify(definition) : definition));
        },
        { name: '@fastify/swagger', fastify: '5.x' },
      ),
    );
    await scope.register(swaggerUi, {
      routePrefix: EXPLORER_PREFIX,
      transformSpecification: (spec: Readonly<Record<string, unknown>>, request: FastifyRequest) => {
        const adapted = forThisServer({ ...spec }, ctx, request);
        return ctx.config.localMode ? withLocalUser(adapted) : adapted;
      },
      uiConfig: { deepLinking: true, docExpansion: 'list', persistAuthorization: false },
    });
  });
}
