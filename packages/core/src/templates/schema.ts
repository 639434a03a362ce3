import { z } from 'zod';
import { Timestamp } from '../schemas/common';
import { doc } from '../schemas/doc';

/** The most merge values one message may carry. */
export const MAX_TEMPLATE_VARS = 100;

/** Template text: plain text with `{{field}}` merge fields. */
export const TemplateBody = doc(
  z.string().min(1).max(1600),
  'Template text with {{field}} merge fields (mustache, logic-less: no sections or partials; nothing is ' +
    'HTML-escaped)',
  'Hi {{firstName}}, your order {{orderId}} ships today.',
);

/** A merge field's name: what goes between `{{` and `}}`. */
export const TemplateFieldName = doc(z.string().min(1).max(64), 'Merge field name', 'firstName');

/** Merge values of one message, by field name. */
export const TemplateVars = doc(
  z
    .record(TemplateFieldName, z.union([z.string().max(1600), z.number()]))
    .refine((v) => Object.keys(v).length <= MAX_TEMPLATE_VARS, `at most ${MAX_TEMPLATE_VARS} values`),
  "Merge values by field name; they win over the contact's stored fields. A blank value counts as missing",
  { firstName: 'Ada', orderId: 'A-1042' },
);
export type TemplateVars = z.infer<typeof TemplateVars>;

/** A template id. */
export const TemplateId = doc(z.string().min(1).max(64), 'Template id', 'tpl_01jd3k2m4n5p6q7r8s9t0v1w2x');

/** A stored message template. */
export const Template = z
  .object({
    id: TemplateId,
    name: doc(z.string().min(1).max(100), 'Name shown in pickers (n8n, Zapier, Slack)', 'Shipping notice'),
    body: TemplateBody,
    fields: doc(
      z.array(TemplateFieldName).max(MAX_TEMPLATE_VARS),
      'The merge fields the body uses, in order of first use',
      ['firstName', 'orderId'],
    ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .describe('A stored message template');
export type Template = z.infer<typeof Template>;
