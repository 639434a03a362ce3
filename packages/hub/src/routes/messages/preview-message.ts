import { z } from 'zod';
import { Message, TemplatedSendRequest, doc } from '@smsfleet/core';
import { errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { oneMessage, refusedSend } from './refused-send';

export const Preview = z
  .object({
    to: doc(z.string(), 'Recipient in E.164', '+14155550123'),
    body: doc(
      z.string(),
      'The text as it would be sent: links shortened, footer added',
      'Your order ships today: https://sms.example.com/l/k3Rb9ZqP2xTm',
    ),
    segments: doc(z.number().int(), 'SMS parts', 1),
    encoding: Message.shape.encoding,
    characters: doc(z.number().int(), 'Characters (code points) in the body', 62),
    ucs2Characters: doc(z.array(z.string()), 'Characters that force UCS-2 (70 per part instead of 160)', ['😀']),
    links: doc(z.number().int(), 'URLs that would become tracked short links', 1),
    optOutFooter: doc(z.boolean(), 'True when the opt-out footer would be added (first text to the contact)', false),
    deferredUntil: doc(z.string().optional(), 'Quiet hours would hold the text until then', '2026-11-24T08:00:00.000Z'),
    warnings: z
      .array(
        z.object({
          code: doc(z.string(), 'SMSFLEET_ERR_OPTED_OUT, UCS2 or QUIET_HOURS', 'UCS2'),
          message: doc(z.string(), 'For people', 'These characters force UCS-2: 😀'),
        }),
      )
      .describe('Things to know before sending'),
  })
  .describe('What a send would look like');

/** `POST /messages/preview`: what a send would look like, sending and storing nothing. */
export function previewMessage(app: ZodApp): void {
  app.post(
    '/messages/preview',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['messages'],
        summary: 'Preview a send',
        description:
          'Validates like a send and shows the text as it would go out (a template filled for this recipient, ' +
          'links shortened, footer), its segments and encoding, and warnings (opted-out recipient, UCS-2, quiet ' +
          'hours). A template field with no value is refused 422 naming it. Sends and stores nothing.',
        body: TemplatedSendRequest,
        response: { 200: Preview, ...errorResponses(400, 401, 413, 422, 429) },
      },
      attachValidation: true,
    },
    async (request) => {
      const { sender } = app.pipeline;
      if (request.validationError)
        throw refusedSend(request.validationError, [request.body as unknown], oneMessage, sender);
      return sender.preview(request.body, new Date(app.clock.now()), oneMessage);
    },
  );
}
