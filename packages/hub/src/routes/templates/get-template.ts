import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { TemplateIdParams, TemplateOut, noTemplate } from './schemas';

/** `GET /templates/:id`: one template. */
export function getTemplate(app: ZodApp): void {
  app.get(
    '/templates/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['templates'],
        summary: 'Get a template',
        description: 'One template with its merge fields.',
        params: TemplateIdParams,
        response: { 200: TemplateOut, ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request) => {
      const t = await app.store.templates.get(request.params.id);
      if (!t) throw noTemplate(request.params.id);
      return t;
    },
  );
}
