import { z } from 'zod';
import { SendRequest, doc } from '@smsfleet/core';
import type { SendPreview } from '@smsfleet/client';
import { canConfirm, confirm } from '../confirm';
import { guarded, type ToolContext } from '../tool-context';
import { toolAnswer } from '../tool-result';

/** The scope of an API key that may send. */
export const SEND_SCOPE = 'send';

/** The send tool's input: the hub's own send request (same fields, checks and descriptions), and the key. */
export const SendSmsInput = SendRequest.extend({
  idempotencyKey: doc(
    z.string().min(1).max(200).optional(),
    'Repeat a send safely: the same key returns the first message and texts nobody twice. Generated when left ' +
      'out and returned with the result: pass it again if a call failed or timed out.',
    'order-1042-sms',
  ),
}).describe('A text to send, and its idempotency key');

/** The question the user confirms before the text goes out: recipient, parts, the text as sent, the warnings. */
export function confirmQuestion(p: SendPreview): string {
  const parts = `${p.segments} SMS part${p.segments === 1 ? '' : 's'}, ${p.encoding}`;
  const lines = [`Send 1 text to ${p.to} (${parts})?`, '', p.body];
  if (p.deferredUntil) lines.push('', `Quiet hours hold it until ${p.deferredUntil}.`);
  for (const w of p.warnings) lines.push('', `Warning (${w.code}): ${w.message}`);
  return lines.join('\n');
}

/**
 * `send_sms`: send one text through the hub. A client that can ask its user (elicitation) is shown the text as it
 * would go out (the hub's preview) and must accept first; a decline sends nothing. Refused without the `send` scope.
 */
export function registerSendSms(ctx: ToolContext): void {
  ctx.server.registerTool(
    'send_sms',
    {
      title: 'Send an SMS',
      description:
        'Send one text from the fleet and return the message (status queued or scheduled) with its ' +
        'idempotency key. Use preview_sms first to see parts, encoding and warnings. A repeat with the same ' +
        'idempotencyKey texts nobody twice. Follow the message with get_message. Needs an API key with the ' +
        '`send` scope; the user is asked to confirm when the client supports it.',
      inputSchema: SendSmsInput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ idempotencyKey, ...message }) =>
      guarded(ctx, SEND_SCOPE, async () => {
        const key = idempotencyKey ?? ctx.newIdempotencyKey();
        if (canConfirm(ctx.server)) {
          const preview = await ctx.hub.preview(message);
          if (!(await confirm(ctx.server, confirmQuestion(preview))))
            return toolAnswer(`Not sent: the user did not confirm the text to ${preview.to}.`, {
              sent: false,
              idempotencyKey: key,
            });
        }
        const { status, body } = await ctx.hub.send(message, key);
        const repeat = status === 200;
        const summary = repeat
          ? `Already sent with idempotency key ${key}: ${body.id} (${body.status}); nobody was texted again.`
          : `Accepted ${body.id} to ${body.to} (${body.status}), idempotency key ${key}.`;
        return toolAnswer(summary, { sent: true, repeat, idempotencyKey: key, message: body });
      }),
  );
}
