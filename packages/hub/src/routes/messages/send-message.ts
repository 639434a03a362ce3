import { TemplatedSendRequest } from '@smsfleet/core';
import { vouchForAnswer } from '../../plugins/serializer';
import { errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { oneMessage, refusedSend } from './refused-send';
import { IdempotencyHeaders, MessageOut } from './schemas';

/** `POST /messages`: send one message. */
export function sendMessage(app: ZodApp): void {
  app.post(
    '/messages',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['messages'],
        summary: 'Send a message',
        description:
          'Validates, stores and queues the message, and answers 202 with it (status `queued` or `scheduled`). ' +
          'The text is `body`, or a stored (`templateId`) or inline (`template`) template filled from `vars`, then ' +
          "the contact's fields; a field with no value is refused 422 (SMSFLEET_ERR_TEMPLATE_FIELD_MISSING). " +
          'Follow it with `GET /v1/messages/{id}` or a `message.status_changed` webhook. ' +
          'With an `Idempotency-Key`, a repeat returns the first message (200) and texts nobody twice.',
        headers: IdempotencyHeaders,
        body: TemplatedSendRequest,
        response: { 200: MessageOut, 202: MessageOut, ...errorResponses(400, 401, 409, 413, 422, 429) },
      },
      attachValidation: true,
    },
    async (request, reply) => {
      const { sender } = app.pipeline;
      if (request.validationError)
        throw refusedSend(request.validationError, [request.body as unknown], oneMessage, sender);
      // Read once: after the headers' validation each read of request.headers copies them.
      const idempotencyKey = request.headers['idempotency-key'];
      const [r] = await sender.send([request.body], {
        now: new Date(app.clock.now()),
        field: oneMessage,
        validated: true, // the body passed its zod schema above: checked once
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      // A created message is the store's copy of what the send service built from checked values and vouched for
      // (vouchForCreate): its answer needs no second check. A repeat's is read back from the store and checked.
      if (r!.created) vouchForAnswer(r!.message);
      return reply.code(r!.created ? 202 : 200).send(r!.message);
    },
  );
}
