import { z } from 'zod';
import { withQuery } from '@smsfleet/client';
import { InboundSms } from '@smsfleet/core';
import { guarded, type ToolContext } from '../tool-context';
import { toolAnswer } from '../tool-result';
import { PageInput, pageNote } from './page-input';

/** The inbox tool's input: the hub's inbox filters, as core's inbound schema describes the fields. */
export const ListInboxInput = z
  .strictObject({
    from: InboundSms.shape.from.optional(),
    deviceId: InboundSms.shape.deviceId.optional(),
    ...PageInput,
  })
  .describe('Filters of the inbox; each one narrows it');

/** `list_inbox`: texts the fleet's phones received, newest first (replies credited to the message they answer). */
export function registerListInbox(ctx: ToolContext): void {
  ctx.server.registerTool(
    'list_inbox',
    {
      title: 'List received texts',
      description:
        "Texts the fleet's phones received, newest first: who sent them, the text, the phone, the message a " +
        'reply answers (inReplyTo) and any compliance keyword (STOP, START, HELP). Pages: pass nextCursor as cursor.',
      inputSchema: ListInboxInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (filters) =>
      guarded(ctx, undefined, async () => {
        const page = await ctx.hub.call<{ items: InboundSms[]; nextCursor?: string }>(
          'GET',
          withQuery('/v1/inbox', filters),
        );
        return toolAnswer(`${page.items.length} text(s) received. ${pageNote(page)}`, { ...page });
      }),
  );
}
