import { z } from 'zod';
import { Message } from '@smsfleet/core';
import { guarded, type ToolContext } from '../tool-context';
import { toolAnswer, toolError } from '../tool-result';

/** The status tool's input: a message id, as core's message schema describes it. */
export const GetMessageInput = z.strictObject({ id: Message.shape.id }).describe('The message to read');

/** `get_message`: a message's current status (with the failure, when it failed) and its timeline. */
export function registerGetMessage(ctx: ToolContext): void {
  ctx.server.registerTool(
    'get_message',
    {
      title: 'Get message status and timeline',
      description:
        "A sent message's current status (queued, pending, sent, delivered, failed with a reason, ...), the " +
        'phone and SIM it went out from, and its timeline of status changes, oldest first.',
      inputSchema: GetMessageInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ id }) =>
      guarded(ctx, undefined, async () => {
        const found = await ctx.hub.message(id);
        if (!found) return toolError(`SMSFLEET_ERR_NOT_FOUND: no message ${id}.`);
        const m = found.message;
        const why = m.failure ? `: ${m.failure.category}, ${m.failure.explanation}` : '';
        const timeline = found.events.map((e) => e.status).join(' > ');
        return toolAnswer(`${m.id} to ${m.to} is ${m.status}${why} (timeline: ${timeline}).`, { ...found });
      }),
  );
}
