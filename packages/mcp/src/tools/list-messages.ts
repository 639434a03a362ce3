import { z } from 'zod';
import { withQuery, type Message } from '@smsfleet/client';
import { Campaign, Message as MessageSchema, MessageStatus, Reference, Sender, Timestamp } from '@smsfleet/core';
import { guarded, type ToolContext } from '../tool-context';
import { toolAnswer } from '../tool-result';
import { PageInput, pageNote } from './page-input';

/** The list tool's input: the hub's message filters, built from core's field schemas. */
export const ListMessagesInput = z
  .strictObject({
    status: z.array(MessageStatus).min(1).optional().describe('Only messages in one of these statuses'),
    to: MessageSchema.shape.to.optional(),
    deviceId: Sender.shape.deviceId.optional(),
    campaign: Campaign.optional(),
    tag: MessageSchema.shape.tags.unwrap().element.optional().describe('Only messages with this tag'),
    reference: Reference.optional(),
    since: Timestamp.optional().describe('Only messages created at or after this time'),
    until: Timestamp.optional().describe('Only messages created before this time'),
    ...PageInput,
  })
  .describe('Filters of the message list; each one narrows it');

/** `list_messages`: sent messages, newest first, filtered, a page at a time. */
export function registerListMessages(ctx: ToolContext): void {
  ctx.server.registerTool(
    'list_messages',
    {
      title: 'List sent messages',
      description:
        'Messages sent through the hub, newest first, with their status. Every filter given narrows the list ' +
        '(e.g. status ["failed","undelivered"] for what went wrong). Pages: pass nextCursor as cursor.',
      inputSchema: ListMessagesInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (filters) =>
      guarded(ctx, undefined, async () => {
        const page = await ctx.hub.call<{ items: Message[]; nextCursor?: string }>(
          'GET',
          withQuery('/v1/messages', filters),
        );
        return toolAnswer(`${page.items.length} message(s). ${pageNote(page)}`, { ...page });
      }),
  );
}
