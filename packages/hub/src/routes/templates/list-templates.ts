import { z } from 'zod';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { TemplateOut } from './schemas';

/** `GET /templates`: every stored template, in id (creation) order. */
export function listTemplates(app: ZodApp): void {
  app.get(
    '/templates',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['templates'],
        summary: 'List templates',
        description: 'Every stored template with its merge fields, oldest first (what pickers offer).',
        response: {
          200: z.object({ items: z.array(TemplateOut).describe('The templates') }).describe('The templates'),
          ...AUTHED_ERRORS,
        },
      },
    },
    async () => ({ items: await app.store.templates.list() }),
  );
}
