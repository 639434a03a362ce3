import { SendRequest } from '@smsfleet/core';
import { guarded, type ToolContext } from '../tool-context';
import { toolAnswer } from '../tool-result';

/**
 * `preview_sms`: the hub's preview of a send (validated like a send; the text as it would go out, its parts, encoding
 * and warnings). Sends and stores nothing.
 */
export function registerPreviewSms(ctx: ToolContext): void {
  ctx.server.registerTool(
    'preview_sms',
    {
      title: 'Preview an SMS',
      description:
        'Check a text before sending it: the hub validates it as it would a send and shows the text as it would ' +
        'go out (links shortened, opt-out footer), its SMS parts and encoding, and warnings (recipient opted out, ' +
        'characters forcing UCS-2, quiet hours). Sends and stores nothing.',
      inputSchema: SendRequest,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (message) =>
      guarded(ctx, undefined, async () => {
        const p = await ctx.hub.preview(message);
        const warnings = p.warnings.length ? `; ${p.warnings.map((w) => w.code).join(', ')}` : '';
        const summary = `To ${p.to}: ${p.segments} part(s), ${p.encoding}, ${p.characters} characters${warnings}.`;
        return toolAnswer(summary, { preview: p });
      }),
  );
}
