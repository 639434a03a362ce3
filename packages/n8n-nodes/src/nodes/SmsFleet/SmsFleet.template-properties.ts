import type { INodeProperties } from 'n8n-workflow';

const sendWith = (content: string) => ({
  displayOptions: { show: { resource: ['message'], operation: ['send'], content: [content] } },
});

/** Message → Send: what the text is, a typed text or a hub template with merge values (after `To`). */
export const CONTENT_PROPERTY: INodeProperties = {
  displayName: 'Content',
  name: 'content',
  type: 'options',
  noDataExpression: true,
  default: 'text',
  displayOptions: { show: { resource: ['message'], operation: ['send'] } },
  options: [
    { name: 'Text', value: 'text', description: 'Type the text here' },
    {
      name: 'Template',
      value: 'template',
      description: "A template stored on the hub, its {{fields}} filled from values here and the contact's fields",
    },
  ],
};

/** Message → Send with a template: which one, and its merge values. */
export const TEMPLATE_PROPERTIES: INodeProperties[] = [
  {
    displayName: 'Template Name or ID',
    name: 'templateId',
    type: 'options',
    required: true,
    default: '',
    typeOptions: { loadOptionsMethod: 'getTemplates' },
    description:
      'A template stored on the hub. Choose from the list, or specify an ID using an ' +
      '<a href="https://docs.n8n.io/code/expressions/">expression</a>.',
    ...sendWith('template'),
  },
  {
    displayName: 'Template Values',
    name: 'templateVars',
    type: 'fixedCollection',
    placeholder: 'Add Value',
    default: {},
    typeOptions: { multipleValues: true },
    description:
      "Values of the template's {{fields}}; they win over the contact's stored fields. A field with no value " +
      'stops the send with SMSFLEET_ERR_TEMPLATE_FIELD_MISSING.',
    ...sendWith('template'),
    options: [
      {
        displayName: 'Value',
        name: 'values',
        values: [
          { displayName: 'Field', name: 'name', type: 'string', default: '', placeholder: 'firstName' },
          { displayName: 'Value', name: 'value', type: 'string', default: '' },
        ],
      },
    ],
  },
];
