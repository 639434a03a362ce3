import { z } from 'zod';
import { doc } from './doc';
import { E164, SimSlot, Timestamp } from './common';

/** Consent state of a phone number. */
export const Contact = z
  .object({
    phone: E164,
    optedOut: doc(z.boolean(), 'True when the contact has opted out (STOP)', false),
    optedOutAt: Timestamp.optional(),
    optedInAt: Timestamp.optional(),
    source: doc(z.enum(['keyword', 'api', 'import']).optional(), 'How the latest consent change happened', 'keyword'),
    keyword: doc(z.string().max(20).optional(), 'The keyword that changed consent', 'STOP'),
    firstMessageAt: Timestamp.optional().describe('When the hub first texted this contact'),
    fields: doc(
      z
        .record(z.string().min(1).max(64), z.string().max(500))
        .refine((m) => Object.keys(m).length <= 50, 'at most 50 fields'),
      "The contact's merge values for templates ({{firstName}}); a send's own vars win over them",
      { firstName: 'Ada' },
    ).optional(),
  })
  .describe('A contact and their consent');
export type Contact = z.infer<typeof Contact>;

/** A conversation: one of our SIM numbers and one contact. */
export const Conversation = z
  .object({
    contact: E164,
    deviceId: doc(z.string(), 'Device the conversation uses', 'pixel-7'),
    sim: SimSlot,
    ourNumber: E164.optional(),
    lastMessageId: doc(
      z.string().optional(),
      'Latest outbound message to the contact',
      'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
    ),
    lastSentAt: Timestamp.optional(),
    lastInboundAt: Timestamp.optional(),
  })
  .describe('A conversation between one of our SIMs and a contact');
export type Conversation = z.infer<typeof Conversation>;
