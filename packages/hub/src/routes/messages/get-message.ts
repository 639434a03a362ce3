import { SmsfleetError } from '@smsfleet/core';
import { errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { IdParams, MessageWithEvents } from './schemas';

/** `GET /messages/:id`: a message with its timeline. */
export function getMessage(app: ZodApp): void {
  app.get(
    '/messages/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['messages'],
        summary: 'Get a message with its timeline',
        params: IdParams,
        response: { 200: MessageWithEvents, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const m = await app.store.messages.get(request.params.id);
      if (!m)
        throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No message ${request.params.id}.`, {
          field: 'params.id',
          reason: 'no message with this id',
        });
      return { message: m, events: await app.store.messages.events(m.id) };
    },
  );
}
