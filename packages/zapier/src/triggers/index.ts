import { withQuery } from '@smsfleet/client';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { withHub } from '../hub';
import { clickItem, inboundItem, optOutItem, statusItem } from '../shape';
import { hookTrigger } from './hook-trigger';

type Obj = Record<string, unknown>;
const STATUSES = [
  'queued',
  'scheduled',
  'pending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'rejected',
  'expired',
  'cancelled',
  'unknown',
];

const get = (z: ZObject, bundle: Bundle, path: string): Promise<Obj[]> =>
  withHub(z, bundle, async (hub) => (await hub.call<{ items: Obj[] }>('GET', path)).items);
/** A list input (Zapier gives an array, or a comma-separated string from a mapped field). */
const listOf = (bundle: Bundle, key: string): string[] => {
  const s = bundle.inputData[key];
  return (Array.isArray(s) ? s : typeof s === 'string' && s ? s.split(',') : [])
    .map((x) => String(x).trim())
    .filter(Boolean);
};
const statusesOf = (bundle: Bundle) => listOf(bundle, 'statuses');

export const messageStatusChanged = hookTrigger({
  key: 'message_status_changed',
  noun: 'Message',
  label: 'Message Status Changed',
  description:
    'Triggers when a text changes status: delivered, failed, undelivered, expired… (optionally only some statuses).',
  event: 'message.status_changed',
  inputFields: [
    {
      key: 'statuses',
      label: 'Statuses',
      list: true,
      choices: STATUSES,
      required: false,
      helpText: 'Only these statuses. Leave empty for every change.',
    },
  ],
  subscription: (bundle) => (statusesOf(bundle).length ? { statuses: statusesOf(bundle) } : {}),
  shape: statusItem,
  list: async (z, bundle) => {
    const s = statusesOf(bundle);
    return (await get(z, bundle, `/v1/messages?limit=25${s.length ? `&status=${s.join(',')}` : ''}`)).map((m) =>
      statusItem(m),
    );
  },
  sample: {
    id: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x:delivered',
    messageId: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
    to: '+14155550123',
    status: 'delivered',
    previousStatus: 'sent',
    reference: 'order-1042',
    deviceId: 'pixel-7',
    sim: 1,
    segments: 1,
    at: '2026-11-24T10:15:30.000Z',
  },
  outputFields: [
    { key: 'messageId', label: 'Message ID' },
    { key: 'to', label: 'To' },
    { key: 'status', label: 'Status' },
    { key: 'previousStatus', label: 'Previous Status' },
    { key: 'failureCode', label: 'Failure Code' },
    { key: 'failureCategory', label: 'Failure Category' },
    { key: 'failureReason', label: 'Failure Reason' },
    { key: 'failureGatewayReason', label: "Failure Reason (Gateway's Own Words)" },
    { key: 'reference', label: 'Reference' },
    { key: 'campaign', label: 'Campaign' },
    { key: 'deviceId', label: 'Device' },
    { key: 'sim', label: 'SIM', type: 'integer' },
    { key: 'segments', label: 'Segments', type: 'integer' },
    { key: 'at', label: 'Changed At', type: 'datetime' },
  ],
});

export const inboundSms = hookTrigger({
  key: 'inbound_sms',
  noun: 'SMS',
  label: 'New Inbound SMS',
  description:
    'Triggers when one of your phones receives a text; replies carry the message they answer and its reference.',
  event: 'sms.received',
  inputFields: [
    {
      key: 'from',
      label: 'From',
      list: true,
      required: false,
      helpText: 'Only texts from these numbers (international form, e.g. +14155550123). Leave empty for every sender.',
    },
    {
      key: 'keywords',
      label: 'Keywords',
      list: true,
      required: false,
      helpText:
        'Only texts whose first word is one of these (not case-sensitive), e.g. YES. Leave empty for every text.',
    },
  ],
  // The hub filters: the Zap is only called for the texts it asked for.
  subscription: (bundle) => ({
    ...(listOf(bundle, 'from').length ? { from: listOf(bundle, 'from') } : {}),
    ...(listOf(bundle, 'keywords').length ? { keywords: listOf(bundle, 'keywords') } : {}),
  }),
  shape: inboundItem,
  list: async (z, bundle) => {
    const from = listOf(bundle, 'from');
    const path = withQuery('/v1/inbox', { limit: 25, ...(from.length === 1 ? { from: from[0] } : {}) });
    return (await get(z, bundle, path)).map((i) => inboundItem(i));
  },
  sample: {
    id: 'in_01jd3k2m4n5p6q7r8s9t0v1w2x',
    from: '+14155550123',
    to: '+15550100001',
    body: 'Yes, see you at 10',
    deviceId: 'pixel-7',
    sim: 1,
    receivedAt: '2026-11-24T10:20:00.000Z',
    inReplyToMessageId: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
    inReplyToReference: 'appt-7',
    media: [
      {
        url: 'https://sms.example.com/v1/media/med_01jd3k2m4n5p6q7r8s9t0v1w2x?expires=1767225600000&sig=3q2-7w',
        contentType: 'image/jpeg',
        size: 48213,
      },
    ],
    mediaUrl: 'https://sms.example.com/v1/media/med_01jd3k2m4n5p6q7r8s9t0v1w2x?expires=1767225600000&sig=3q2-7w',
    mediaUrls: 'https://sms.example.com/v1/media/med_01jd3k2m4n5p6q7r8s9t0v1w2x?expires=1767225600000&sig=3q2-7w',
  },
  outputFields: [
    { key: 'mediaUrl', label: 'First Attachment URL (MMS)' },
    { key: 'mediaUrls', label: 'Attachment URLs (MMS, comma-separated)' },
    { key: 'from', label: 'From' },
    { key: 'to', label: 'To (our SIM)' },
    { key: 'body', label: 'Text' },
    { key: 'deviceId', label: 'Device' },
    { key: 'receivedAt', label: 'Received At', type: 'datetime' },
    { key: 'keyword', label: 'Compliance Keyword' },
    { key: 'inReplyToMessageId', label: 'In Reply To (Message ID)' },
    { key: 'inReplyToReference', label: 'In Reply To (Reference)' },
  ],
});

export const linkClicked = hookTrigger({
  key: 'link_clicked',
  noun: 'Click',
  label: 'Link Clicked',
  description:
    'Triggers when someone opens a tracked short link in one of your texts (bots and link previews excluded).',
  event: 'link.clicked',
  shape: clickItem,
  list: async (z, bundle) =>
    (await get(z, bundle, '/v1/messages?limit=100'))
      .filter((m) => ((m.engagement ?? {}) as Obj).clicks)
      .map((m) => clickItem(m)),
  sample: {
    id: 'evt_01jd3k2m4n5p6q7r8s9t0v1w2x',
    messageId: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
    to: '+14155550123',
    url: 'https://shop.example.com/orders/A-1042',
    clickedAt: '2026-11-24T10:30:00.000Z',
    firstClick: true,
    reference: 'order-1042',
  },
  outputFields: [
    { key: 'messageId', label: 'Message ID' },
    { key: 'to', label: 'Recipient' },
    { key: 'url', label: 'Destination' },
    { key: 'clickedAt', label: 'Clicked At', type: 'datetime' },
    { key: 'firstClick', label: 'First Click', type: 'boolean' },
    { key: 'reference', label: 'Reference' },
  ],
});

export const contactOptedOut = hookTrigger({
  key: 'contact_opted_out',
  noun: 'Contact',
  label: 'Contact Opted Out',
  description: 'Triggers when a contact opts out (texts STOP, or is opted out through the API).',
  event: 'contact.opted_out',
  shape: optOutItem,
  list: async (z, bundle) => (await get(z, bundle, '/v1/contacts?optedOut=true&limit=25')).map((c) => optOutItem(c)),
  sample: {
    id: 'evt_01jd3k2m4n5p6q7r8s9t0v1w2y',
    phone: '+14155550123',
    keyword: 'STOP',
    source: 'keyword',
    at: '2026-11-24T10:40:00.000Z',
    inReplyToMessageId: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
  },
  outputFields: [
    { key: 'phone', label: 'Phone' },
    { key: 'keyword', label: 'Keyword' },
    { key: 'source', label: 'Source' },
    { key: 'at', label: 'Opted Out At', type: 'datetime' },
  ],
});

/** Hidden: the fleet's phones and SIMs, for the device dropdown. */
export const device = {
  key: 'device',
  noun: 'Device',
  display: { label: 'Device', description: 'Lists the phones of the fleet (for dropdowns).', hidden: true },
  operation: {
    perform: async (z: ZObject, bundle: Bundle) =>
      (await get(z, bundle, '/v1/devices')).map((d) => ({
        id: d.id,
        name: `${d.name ?? d.id} (${d.health})`,
        health: d.health,
        gateway: d.gateway,
        sims: ((d.sims ?? []) as Obj[]).map((s) => `SIM ${s.slot}${s.number ? ` ${s.number}` : ''}`).join(', '),
      })),
    sample: {
      id: 'pixel-7',
      name: 'Pixel 7 (online)',
      health: 'online',
      gateway: 'sms-gate',
      sims: 'SIM 1 +15550100001',
    },
    outputFields: [
      { key: 'id', label: 'Device ID' },
      { key: 'name', label: 'Name' },
      { key: 'health', label: 'Health' },
    ],
  },
};
