import type { Template } from '@smsfleet/client';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { withHub } from '../hub';

/** Hidden: the hub's message templates, for the Send SMS template dropdown. */
export const template = {
  key: 'template',
  noun: 'Template',
  display: { label: 'Template', description: "Lists the hub's message templates (for dropdowns).", hidden: true },
  operation: {
    perform: async (z: ZObject, bundle: Bundle) =>
      withHub(z, bundle, async (hub) =>
        (await hub.templates()).map((t: Template) => ({
          id: t.id,
          name: t.name,
          body: t.body,
          fields: t.fields.join(', '),
        })),
      ),
    sample: {
      id: 'tpl_01jd3k2m4n5p6q7r8s9t0v1w2x',
      name: 'Shipping notice',
      body: 'Hi {{firstName}}, your order {{orderId}} ships today.',
      fields: 'firstName, orderId',
    },
    outputFields: [
      { key: 'id', label: 'Template ID' },
      { key: 'name', label: 'Name' },
      { key: 'body', label: 'Text' },
      { key: 'fields', label: 'Merge Fields' },
    ],
  },
};
