/** HR's template routes under `/api/tab/hr/templates` (HR members only; denials audited). */
import type { FastifyInstance } from 'fastify';
import { applyTemplateToPlans, duplicateTemplate, getTemplate, listTemplates, setTemplateArchived, updateTemplate } from '../../core/onboarding/templates.js';
import type { TemplateDetail, TemplateSummary, TemplateUpdate } from '../../core/onboarding/types.js';
import type { AppContext } from '../../server/context.js';
import { onboardingDeps, PRIVATE_NO_STORE, uuidParam } from './deps.js';

const idParams = { type: 'object', properties: { id: uuidParam }, required: ['id'] } as const;

/** Registers the routes. */
export function registerHrTemplateRoutes(app: FastifyInstance, ctx: AppContext): void {
  const opts = { preHandler: app.authenticate, schema: { params: idParams } };
  app.get('/api/tab/hr/templates', { preHandler: app.authenticate }, async (request, reply): Promise<{ templates: TemplateSummary[] }> => {
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return { templates: await listTemplates(onboardingDeps(ctx, request)) };
  });
  app.get<{ Params: { id: string } }>('/api/tab/hr/templates/:id', opts, async (request, reply): Promise<TemplateDetail> => {
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return getTemplate(onboardingDeps(ctx, request), request.params.id.toLowerCase());
  });
  app.put<{ Params: { id: string }; Body: TemplateUpdate }>(
    '/api/tab/hr/templates/:id',
    { ...opts, schema: { params: idParams, body: { type: 'object', required: ['name', 'jobProfile', 'content', 'expectedVersion'] } } },
    async (request, reply): Promise<TemplateDetail> => {
      void reply.header('cache-control', PRIVATE_NO_STORE);
      return updateTemplate(onboardingDeps(ctx, request), request.params.id.toLowerCase(), request.body);
    },
  );
  app.post<{ Params: { id: string } }>('/api/tab/hr/templates/:id/duplicate', opts, async (request, reply) => {
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return reply.status(201).send(await duplicateTemplate(onboardingDeps(ctx, request), request.params.id.toLowerCase()));
  });
  for (const [action, archived] of [['archive', true], ['unarchive', false]] as const) {
    app.post<{ Params: { id: string } }>(`/api/tab/hr/templates/:id/${action}`, opts, async (request, reply): Promise<TemplateDetail> => {
      void reply.header('cache-control', PRIVATE_NO_STORE);
      return setTemplateArchived(onboardingDeps(ctx, request), request.params.id.toLowerCase(), archived);
    });
  }
  app.post<{ Params: { id: string }; Body: { onboardingIds: string[] } }>(
    '/api/tab/hr/templates/:id/apply',
    {
      preHandler: app.authenticate,
      schema: {
        params: idParams,
        body: { type: 'object', properties: { onboardingIds: { type: 'array', items: uuidParam, maxItems: 500 } }, required: ['onboardingIds'], additionalProperties: false },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', PRIVATE_NO_STORE);
      return applyTemplateToPlans(onboardingDeps(ctx, request), request.params.id.toLowerCase(), request.body.onboardingIds.map((i) => i.toLowerCase()));
    },
  );
}
