import { MessageUpdateRequest } from '@smsfleet/core';
import { errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { IdParams, MessageOut } from './schemas';

/** `PATCH /messages/:id`: edit a message that has not been handed over to a gateway yet. */
export function updateMessage(app: ZodApp): void {
  app.patch(
    '/messages/:id',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['messages'],
        summary: 'Edit a scheduled or queued message',
        description:
          'Changes the text (segments are counted again), `sendAt`, the device or the SIM of a message still ' +
          'waiting for its hand-over, and adds a `message.updated` entry to its timeline. Atomic against the ' +
          'dispatcher: the phone sends the old text or the new one, never both. Once handed over: 409 ' +
          'SMSFLEET_ERR_MESSAGE_HANDED_OVER.',
        params: IdParams,
        body: MessageUpdateRequest,
        response: { 200: MessageOut, ...errorResponses(400, 401, 404, 409, 429) },
      },
    },
    async (request) => app.pipeline.sender.update(request.params.id, request.body, new Date(app.clock.now())),
  );
}
