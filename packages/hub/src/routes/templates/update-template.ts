import { templateFields } from '@smsfleet/core';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { TemplateIdParams, TemplateOut, UpdateTemplateBody, noTemplate } from './schemas';

/** `PATCH /templates/:id`: rename a template or change its text. */
export function updateTemplate(app: ZodApp): void {
  app.patch(
    '/templates/:id',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['templates'],
        summary: 'Change a template',
        description: 'Changes its name or text; sends from then on use the new text (sends already made keep theirs).',
        params: TemplateIdParams,
        body: UpdateTemplateBody,
        response: { 200: TemplateOut, ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { name, body } = request.body;
      const fields = body === undefined ? undefined : templateFields(body, 'body.body');
      const at = new Date(app.clock.now()).toISOString();
      const r = await app.store.templates.update(request.params.id, (t) => ({
        ...t,
        ...(name !== undefined ? { name } : {}),
        ...(body !== undefined && fields ? { body, fields } : {}),
        updatedAt: at,
      }));
      if (!r) throw noTemplate(request.params.id);
      return r.value;
    },
  );
}
