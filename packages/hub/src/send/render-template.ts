import type { z } from 'zod';
import {
  normalizePhone,
  parseOrThrow,
  renderTemplate,
  SmsfleetError,
  TemplatedSendRequest,
  type NormalizePhoneOptions,
  type Store,
} from '@smsfleet/core';

/** The keys that make a send a templated one. */
const TEMPLATE_KEYS = ['template', 'templateId', 'vars'] as const;

/**
 * Step 2a of the message path: a send with `templateId` or `template` becomes a send with a `body`, its merge fields
 * filled from the request's `vars`, then the contact's stored `fields` (the request wins). A field neither gives is
 * `SMSFLEET_ERR_TEMPLATE_FIELD_MISSING` naming `vars.<field>` of that message; an unknown `templateId` is
 * `SMSFLEET_ERR_VALIDATION` naming it. Any other input is returned as it came.
 */
export async function renderTemplatedSend(
  raw: unknown,
  field: (f: string) => string,
  deps: {
    store: Pick<Store, 'templates' | 'contacts'>;
    phone: (field: string) => NormalizePhoneOptions;
    /** `raw` is the output of the `TemplatedSendRequest` schema already: not parsed again. */
    validated?: boolean;
  },
): Promise<unknown> {
  if (typeof raw !== 'object' || raw === null || !TEMPLATE_KEYS.some((k) => Object.hasOwn(raw, k))) return raw;
  const req = deps.validated
    ? (raw as z.output<typeof TemplatedSendRequest>)
    : parseOrThrow(TemplatedSendRequest, raw, field('').replace(/\.$/, '') || undefined);
  const { template, templateId, vars, ...rest } = req;
  if (rest.body !== undefined) return rest;
  let text = template;
  if (templateId !== undefined) {
    text = (await deps.store.templates.get(templateId))?.body;
    if (text === undefined)
      throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `No template ${templateId}.`, {
        field: field('templateId'),
        reason: 'no such template',
      });
  }
  const phone = normalizePhone(req.to, deps.phone(field('to')));
  const contact = await deps.store.contacts.get(phone.e164);
  const { text: body } = renderTemplate(text!, [vars ?? {}, contact?.fields ?? {}], {
    template: field(templateId === undefined ? 'template' : 'templateId'),
    value: (name) => field(`vars.${name}`),
  });
  return { ...rest, body };
}
