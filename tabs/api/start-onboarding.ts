/**
 * Starting an onboarding from the tab: `GET /api/tab/onboardings/start-options` (the manager's
 * reports, buddies, HR contacts, templates) and `POST /api/tab/onboardings`.
 */
import type { FastifyInstance } from 'fastify';
import { startOnboarding, startOptions } from '../../core/onboarding/start-onboarding.js';
import type { StartOnboardingInput, StartOnboardingResponse, StartOptions } from '../../core/onboarding/types.js';
import type { AppContext } from '../../server/context.js';
import { onboardingDeps, PRIVATE_NO_STORE, uuidParam } from './deps.js';

const nullableUuid = { anyOf: [uuidParam, { type: 'null' }] } as const;

/** Registers the routes. */
export function registerStartOnboardingRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/tab/onboardings/start-options', { preHandler: app.authenticate }, async (request, reply): Promise<StartOptions> => {
    const options = await startOptions(onboardingDeps(ctx, request));
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return options;
  });

  app.post<{ Body: StartOnboardingInput }>(
    '/api/tab/onboardings',
    {
      preHandler: app.authenticate,
      schema: {
        body: {
          type: 'object',
          properties: { personId: uuidParam, templateId: uuidParam, startDate: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, buddyId: nullableUuid, hrContactId: nullableUuid },
          required: ['personId', 'templateId', 'startDate', 'buddyId', 'hrContactId'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply): Promise<StartOnboardingResponse> => {
      const lower = (id: string | null) => (id === null ? null : id.toLowerCase());
      const b = request.body;
      const result = await startOnboarding(onboardingDeps(ctx, request), {
        personId: b.personId.toLowerCase(),
        templateId: b.templateId.toLowerCase(),
        startDate: b.startDate,
        buddyId: lower(b.buddyId),
        hrContactId: lower(b.hrContactId),
      });
      void reply.header('cache-control', PRIVATE_NO_STORE);
      return reply.status(201).send(result);
    },
  );
}
