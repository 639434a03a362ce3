import { newId, templateFields } from '@smsfleet/core';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { CreateTemplateBody, TemplateOut } from './schemas';

/** `POST /templates`: store a template; its merge fields are read from the body. */
export function createTemplate(app: ZodApp): void {
  app.post(
    '/templates',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['templates'],
        summary: 'Create a template',
        description:
          'Stores a text with `{{field}}` merge fields (mustache, logic-less, not HTML-escaped). A body with ' +
          'sections, partials or an unclosed tag is refused naming `body.body`.',
        body: CreateTemplateBody,
        response: { 201: TemplateOut, ...AUTHED_ERRORS },
      },
    },
    async (request, reply) => {
      const now = new Date(app.clock.now());
      const at = now.toISOString();
      const { name, body } = request.body;
      const template = {
        id: newId('tpl', now),
        name,
        body,
        fields: templateFields(body, 'body.body'),
        createdAt: at,
        updatedAt: at,
      };
      await app.store.templates.create(template);
      return reply.code(201).send(template);
    },
  );
}
