import { z } from 'zod';
import { SmsfleetError, Template, TemplateBody, TemplateId, doc } from '@smsfleet/core';

/** A template as the API shows it: the stored record. */
export const TemplateOut = Template;

/** `/templates/:id` */
export const TemplateIdParams = z.strictObject({ id: TemplateId });

/** The name field of a template body. */
const Name = doc(z.string().trim().min(1).max(100), 'Name shown in pickers (n8n, Zapier, Slack)', 'Shipping notice');

/** The body of `POST /v1/templates`. */
export const CreateTemplateBody = z.strictObject({ name: Name, body: TemplateBody }).describe('A template to store');

/** The body of `PATCH /v1/templates/:id`: what changes. */
export const UpdateTemplateBody = z
  .strictObject({ name: Name.optional(), body: TemplateBody.optional() })
  .describe('The fields of a template to change');

/** The 404 of a template id. */
export function noTemplate(id: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No template ${id}.`, {
    field: 'params.id',
    reason: 'no such template',
  });
}
