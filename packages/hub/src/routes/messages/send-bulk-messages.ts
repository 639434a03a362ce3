import { z } from 'zod';
import { errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { bulkMessage, refusedSend } from './refused-send';
import { BulkSendRequest, IdempotencyHeaders, MessageOut } from './schemas';

/** `POST /messages/bulk`: send many messages, all validated before any is written. */
export function sendBulkMessages(app: ZodApp): void {
  app.post(
    '/messages/bulk',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['messages'],
        summary: 'Send many messages',
        description:
          'Every message is validated before any is written: one bad number rejects the request, naming ' +
          '`body.messages.<i>.to`, or a template field with no value `body.messages.<i>.vars.<field>` (422). With ' +
          'an `Idempotency-Key`, message i uses `<key>:<i>`.',
        headers: IdempotencyHeaders,
        body: BulkSendRequest,
        response: {
          202: z.object({ messages: z.array(MessageOut) }).describe('The accepted messages'),
          ...errorResponses(400, 401, 409, 413, 422, 429),
        },
      },
      attachValidation: true,
    },
    async (request, reply) => {
      const { sender } = app.pipeline;
      if (request.validationError)
        throw refusedSend(
          request.validationError,
          (request.body as { messages?: unknown } | null)?.messages,
          bulkMessage,
          sender,
        );
      const idempotencyKey = request.headers['idempotency-key']; // read once: each read copies the headers
      const out = await sender.send(request.body.messages, {
        now: new Date(app.clock.now()),
        field: bulkMessage,
        validated: true, // the body passed its zod schema above: checked once
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      return reply.code(202).send({ messages: out.map((o) => o.message) });
    },
  );
}
