import { z } from 'zod';
import { doc } from '@smsfleet/core';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { TemplateIdParams, noTemplate } from './schemas';

/** `DELETE /templates/:id`: delete a template; sends already made keep their text. */
export function deleteTemplate(app: ZodApp): void {
  app.delete(
    '/templates/:id',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['templates'],
        summary: 'Delete a template',
        description: 'Sends naming it from now on are refused naming `templateId`; messages already made keep theirs.',
        params: TemplateIdParams,
        response: {
          200: z.object({ deleted: doc(z.literal(true), 'The template was deleted', true) }).describe('Deleted'),
          ...AUTHED_ERRORS,
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      if (!(await app.store.templates.delete(request.params.id))) throw noTemplate(request.params.id);
      return { deleted: true as const };
    },
  );
}
