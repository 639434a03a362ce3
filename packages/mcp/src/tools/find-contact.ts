import { z } from 'zod';
import { Contact } from '@smsfleet/core';
import { guarded, type ToolContext } from '../tool-context';
import { toolAnswer } from '../tool-result';

/** The contact tools' number: core's contact phone (E.164). */
export const ContactPhoneInput = z.strictObject({ phone: Contact.shape.phone }).describe('The contact to look up');

/** A contact as the hub shows it: its consent, and whether the hub knows the number at all. */
export type ContactView = Contact & { known: boolean };

/** One line on a contact's consent. */
export function consentLine(c: ContactView): string {
  if (c.optedOut) return `${c.phone} has opted out${c.optedOutAt ? ` (${c.optedOutAt})` : ''}: texts are refused.`;
  return c.known ? `${c.phone} may be texted.` : `${c.phone} is unknown to the hub and has not opted out.`;
}

/** `find_contact`: a number's consent (opted out or not, when and how) and when the hub first texted it. */
export function registerFindContact(ctx: ToolContext): void {
  ctx.server.registerTool(
    'find_contact',
    {
      title: 'Find a contact',
      description:
        "A phone number's consent as the hub records it: whether it opted out (STOP), when and how, and when " +
        'the hub first texted it. Answers for any valid number (known: false when the hub has no record).',
      inputSchema: ContactPhoneInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ phone }) =>
      guarded(ctx, undefined, async () => {
        const c = await ctx.hub.call<ContactView>('GET', `/v1/contacts/${encodeURIComponent(phone)}`);
        return toolAnswer(consentLine(c), { contact: c });
      }),
  );
}
