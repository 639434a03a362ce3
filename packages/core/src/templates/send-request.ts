import type { z } from 'zod';
import { doc } from '../schemas/doc';
import { SendRequest } from '../schemas/message';
import { TemplateBody, TemplateId, TemplateVars } from './schema';

/**
 * A send as the API takes it: a {@link SendRequest} whose text is a `body`, a stored template (`templateId`) or an
 * inline one (`template`), exactly one of them, with `vars` for the merge fields. The hub renders the template into
 * `body` before anything else is checked.
 */
export const TemplatedSendRequest = SendRequest.extend({
  body: SendRequest.shape.body.optional(),
  templateId: TemplateId.optional().describe('Send this stored template (instead of body)'),
  template: doc(
    TemplateBody.optional(),
    'An inline template (instead of body): {{field}} merge fields filled from vars and the contact',
    'Hi {{firstName}}, see you at {{time}}.',
  ),
  vars: TemplateVars.optional(),
})
  .superRefine((v, ctx) => {
    const given = [v.body, v.template, v.templateId].filter((x) => x !== undefined).length;
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [v.body === undefined ? 'body' : 'template'],
        message: given ? 'give only one of body, template and templateId' : 'give body, template or templateId',
      });
    }
    if (v.vars !== undefined && v.body !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['vars'], message: 'vars fill a template: use template or templateId' });
    }
  })
  .describe('A message to send: its text, or a stored or inline template and its merge values');
export type TemplatedSendRequest = z.input<typeof TemplatedSendRequest>;
