import { z } from 'zod';
import { isSmsfleetError } from '@smsfleet/core';
import { ErrorResponse, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { Preview } from './preview-message';
import { bulkMessage, refusedSend } from './refused-send';
import { BulkSendRequest } from './schemas';

const RowPreview = z
  .object({
    index: z
      .number()
      .int()
      .describe('The message of the request (0-based)')
      .meta({ examples: [0] }),
    preview: Preview.optional(),
    error: ErrorResponse.shape.error.optional().describe('Why this message would be refused'),
  })
  .describe("One recipient's preview, or why its send would be refused");

/** `POST /messages/bulk/preview`: each message of a bulk send as it would go out, judged one by one. */
export function previewBulkMessages(app: ZodApp): void {
  app.post(
    '/messages/bulk/preview',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['messages'],
        summary: 'Preview a bulk send, per recipient',
        description:
          'Each message is judged on its own, as a send would judge it: its text as it would go out (a template ' +
          'filled for that recipient, links, footer), segments and encoding; or the error that would refuse it ' +
          '(a template field with no value names `body.messages.<i>.vars.<field>`). Sends and stores nothing.',
        body: BulkSendRequest,
        response: {
          200: z.object({ items: z.array(RowPreview).describe('One per message, in order') }).describe('Previews'),
          ...errorResponses(400, 401, 413, 429),
        },
      },
      attachValidation: true,
    },
    async (request) => {
      const { sender } = app.pipeline;
      // A row the schema refuses is one row's error here, not the request's: only a body without a list is.
      const messages = (request.body as { messages?: unknown } | null)?.messages;
      if (!Array.isArray(messages) || messages.length < 1 || messages.length > 1000)
        throw refusedSend(request.validationError ?? new Error('no messages'), messages, bulkMessage, sender);
      const now = new Date(app.clock.now());
      const items = [];
      for (const [index, m] of messages.entries()) {
        try {
          items.push({ index, preview: await sender.preview(m, now, (_i, f) => bulkMessage(index, f)) });
        } catch (e) {
          if (!isSmsfleetError(e) || e.statusCode >= 500) throw e;
          items.push({ index, error: e.toJSON().error });
        }
      }
      return { items };
    },
  );
}
