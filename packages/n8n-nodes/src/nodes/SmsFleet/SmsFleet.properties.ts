import type { INodeProperties } from 'n8n-workflow';
import { CONTENT_PROPERTY, TEMPLATE_PROPERTIES } from './SmsFleet.template-properties';

/** Statuses a message can have, for filters. */
export const STATUS_OPTIONS = [
  'scheduled',
  'queued',
  'accepted',
  'pending',
  'sending',
  'sent',
  'unknown',
  'delivered',
  'undelivered',
  'failed',
  'rejected',
  'expired',
  'cancelled',
].map((s) => ({ name: s.charAt(0).toUpperCase() + s.slice(1), value: s }));

const show = (resource: string, operation: string[]) => ({
  displayOptions: { show: { resource: [resource], operation } },
});

/** Every parameter of the SmsFleet node, grouped by resource and operation. */
export const PROPERTIES: INodeProperties[] = [
  {
    displayName: 'Resource',
    name: 'resource',
    type: 'options',
    noDataExpression: true,
    default: 'message',
    options: [
      { name: 'Contact', value: 'contact' },
      { name: 'Message', value: 'message' },
      { name: 'Metric', value: 'metrics' },
    ],
  },
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    default: 'send',
    displayOptions: { show: { resource: ['message'] } },
    options: [
      {
        name: 'Cancel',
        value: 'cancel',
        action: 'Cancel a message',
        description: 'Cancel a message before a phone sends it',
      },
      { name: 'Get', value: 'get', action: 'Get a message', description: 'Get a message with its full timeline' },
      { name: 'Get Many', value: 'getAll', action: 'Get many messages', description: 'List messages with filters' },
      { name: 'Send', value: 'send', action: 'Send an SMS', description: 'Send a text from one of your phones' },
    ],
  },
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    default: 'get',
    displayOptions: { show: { resource: ['contact'] } },
    options: [
      {
        name: 'Get Status',
        value: 'get',
        action: 'Get a contact s opt out status',
        description: 'Whether a number has opted out',
      },
      { name: 'Opt In', value: 'optIn', action: 'Opt a contact in', description: 'Allow texts to a number again' },
      { name: 'Opt Out', value: 'optOut', action: 'Opt a contact out', description: 'Stop all texts to a number' },
    ],
  },
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    default: 'get',
    displayOptions: { show: { resource: ['metrics'] } },
    options: [
      {
        name: 'Get',
        value: 'get',
        action: 'Get engagement metrics',
        description: 'Delivery, failures, clicks, replies and opt-outs over a range',
      },
    ],
  },

  // Message → Send
  {
    displayName: 'To',
    name: 'to',
    type: 'string',
    required: true,
    default: '',
    placeholder: '+14155550123, +14155550124',
    description: 'One or more phone numbers (E.164), separated by commas',
    ...show('message', ['send']),
  },
  CONTENT_PROPERTY,
  {
    displayName: 'Text',
    name: 'text',
    type: 'string',
    required: true,
    default: '',
    typeOptions: { rows: 4 },
    description: 'The text to send; long texts go out in several parts',
    displayOptions: { show: { resource: ['message'], operation: ['send'], content: ['text'] } },
  },
  ...TEMPLATE_PROPERTIES,
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    ...show('message', ['send']),
    options: [
      {
        displayName: 'Campaign',
        name: 'campaign',
        type: 'string',
        default: '',
        description: 'Campaign name for metrics',
      },
      {
        displayName: 'Device Name or ID',
        name: 'deviceId',
        type: 'options',
        default: '',
        typeOptions: { loadOptionsMethod: 'getDevices' },
        description:
          'Send from this phone. Choose from the list, or specify an ID using an ' +
          '<a href="https://docs.n8n.io/code/expressions/">expression</a>.',
      },
      {
        displayName: 'Metadata (JSON)',
        name: 'metadata',
        type: 'json',
        default: '{}',
        description: 'String key/value pairs echoed on every later event',
      },
      {
        displayName: 'Opt-Out Footer',
        name: 'optOutFooter',
        type: 'boolean',
        default: false,
        description: 'Whether to add "Reply STOP to opt out" to the first text to a contact',
      },
      {
        displayName: 'Priority',
        name: 'priority',
        type: 'number',
        default: 0,
        typeOptions: { minValue: -128, maxValue: 127 },
        description: 'Higher goes first; 100 and above ignores quiet hours',
      },
      {
        displayName: 'Reference',
        name: 'reference',
        type: 'string',
        default: '',
        description: 'Your own reference, echoed on every later event (status changes, replies, clicks)',
      },
      {
        displayName: 'Send At',
        name: 'sendAt',
        type: 'dateTime',
        default: '',
        description: 'Schedule the text for later',
      },
      {
        displayName: 'SIM Name or ID',
        name: 'sim',
        type: 'options',
        default: '',
        typeOptions: { loadOptionsMethod: 'getSims', loadOptionsDependsOn: ['options.deviceId'] },
        description:
          'SIM of the chosen phone. Choose from the list, or specify an ID using an ' +
          '<a href="https://docs.n8n.io/code/expressions/">expression</a>.',
      },
      {
        displayName: 'Tags',
        name: 'tags',
        type: 'string',
        default: '',
        description: 'Comma-separated tags for metrics',
      },
      {
        displayName: 'Track Links',
        name: 'trackLinks',
        type: 'boolean',
        default: false,
        description: 'Whether to replace links with trackable short links',
      },
      {
        displayName: 'TTL (Seconds)',
        name: 'ttlSeconds',
        type: 'number',
        default: 3600,
        typeOptions: { minValue: 60 },
        description: 'Give up if not sent within this many seconds',
      },
    ],
  },

  // Message → Get / Cancel
  {
    displayName: 'Message ID',
    name: 'messageId',
    type: 'string',
    required: true,
    default: '',
    ...show('message', ['get', 'cancel']),
  },

  // Message → Get Many
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
    ...show('message', ['getAll']),
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    default: 50,
    typeOptions: { minValue: 1 },
    description: 'Max number of results to return',
    displayOptions: { show: { resource: ['message'], operation: ['getAll'], returnAll: [false] } },
  },
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    ...show('message', ['getAll']),
    options: [
      { displayName: 'Campaign', name: 'campaign', type: 'string', default: '' },
      { displayName: 'Device ID', name: 'deviceId', type: 'string', default: '' },
      { displayName: 'Reference', name: 'reference', type: 'string', default: '' },
      { displayName: 'Since', name: 'since', type: 'dateTime', default: '' },
      { displayName: 'Status', name: 'status', type: 'multiOptions', options: STATUS_OPTIONS, default: [] },
      { displayName: 'To', name: 'to', type: 'string', default: '' },
      { displayName: 'Until', name: 'until', type: 'dateTime', default: '' },
    ],
  },

  // Contact
  {
    displayName: 'Phone',
    name: 'phone',
    type: 'string',
    required: true,
    default: '',
    placeholder: '+14155550123',
    ...show('contact', ['get', 'optIn', 'optOut']),
  },

  // Metrics
  {
    displayName: 'Filters',
    name: 'metricFilters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    ...show('metrics', ['get']),
    options: [
      { displayName: 'Campaign', name: 'campaign', type: 'string', default: '' },
      { displayName: 'Device ID', name: 'deviceId', type: 'string', default: '' },
      {
        displayName: 'Since',
        name: 'since',
        type: 'dateTime',
        default: '',
        description: 'Default: 24 hours before Until',
      },
      { displayName: 'Tag', name: 'tag', type: 'string', default: '' },
      { displayName: 'Until', name: 'until', type: 'dateTime', default: '', description: 'Default: now' },
    ],
  },
];
