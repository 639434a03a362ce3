import { errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { IdParams, MessageOut } from './schemas';

/** `POST /messages/:id/cancel`: cancel a message the phone has not sent yet. */
export function cancelMessage(app: ZodApp): void {
  app.post(
    '/messages/:id/cancel',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['messages'],
        summary: 'Cancel a message',
        description: 'Only before the phone sent it: otherwise 409 SMSFLEET_ERR_NOT_CANCELLABLE.',
        params: IdParams,
        response: { 200: MessageOut, ...errorResponses(401, 404, 409, 429) },
      },
    },
    async (request) => app.pipeline.sender.cancel(request.params.id, new Date(app.clock.now())),
  );
}
