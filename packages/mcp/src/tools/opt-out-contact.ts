import { z } from 'zod';
import { Contact } from '@smsfleet/core';
import { guarded, type ToolContext } from '../tool-context';
import { toolAnswer } from '../tool-result';
import { consentLine, type ContactView } from './find-contact';

/** The opt-out tool's input: core's contact phone and consent keyword. */
export const OptOutInput = z
  .strictObject({ phone: Contact.shape.phone, keyword: Contact.shape.keyword })
  .describe('The contact to opt out');

/**
 * `opt_out_contact`: put a number on the suppression list; later sends to it are refused
 * (`SMSFLEET_ERR_OPTED_OUT`). Repeating it changes nothing.
 */
export function registerOptOutContact(ctx: ToolContext): void {
  ctx.server.registerTool(
    'opt_out_contact',
    {
      title: 'Opt a contact out',
      description:
        'Stop texting a number: the hub records the opt-out (source api) and refuses every later send to it. ' +
        'Use when someone asks not to be texted. Doing it again changes nothing.',
      inputSchema: OptOutInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ phone, keyword }) =>
      guarded(ctx, undefined, async () => {
        const c = await ctx.hub.call<ContactView>(
          'POST',
          `/v1/contacts/${encodeURIComponent(phone)}/opt-out`,
          keyword ? { keyword } : {},
        );
        return toolAnswer(consentLine(c), { contact: c });
      }),
  );
}
