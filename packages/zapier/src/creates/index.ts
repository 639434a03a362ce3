import type { TemplatedSendRequest } from '@smsfleet/client';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { withHub } from '../hub';
import { statusItem } from '../shape';
import { TEMPLATE_INPUT, templateVarInputs, templateVars } from './template-fields';

type Obj = Record<string, unknown>;
const MESSAGE_SAMPLE = {
  id: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
  to: '+14155550123',
  status: 'queued',
  segments: 1,
  encoding: 'GSM-7',
  reference: 'order-1042',
  createdAt: '2026-11-24T10:15:00.000Z',
};
const MESSAGE_FIELDS = [
  { key: 'id', label: 'Message ID' },
  { key: 'to', label: 'To' },
  { key: 'status', label: 'Status' },
  { key: 'segments', label: 'Segments', type: 'integer' },
  { key: 'encoding', label: 'Encoding' },
  { key: 'reference', label: 'Reference' },
  { key: 'body', label: 'Text as Sent' },
  { key: 'createdAt', label: 'Created At', type: 'datetime' },
];

/** A message as Zapier shows it: flat, with the failure and sender spelled out. */
export function messageOut(m: Obj): Obj {
  const s = statusItem(m);
  return {
    ...m,
    id: m.id,
    failureCode: s.failureCode,
    failureReason: s.failureReason,
    failureGatewayReason: s.failureGatewayReason,
    deviceId: s.deviceId,
    sim: s.sim,
    failure: undefined,
    from: undefined,
    events: undefined,
  };
}

export const sendSms = {
  key: 'send_sms',
  noun: 'SMS',
  display: {
    label: 'Send SMS',
    description:
      'Sends a text from one of your phones and tracks it; status changes and replies come back through the triggers.',
  },
  operation: {
    inputFields: [
      { key: 'to', label: 'To', required: true, helpText: 'Phone number in international form, e.g. +14155550123.' },
      {
        key: 'message',
        label: 'Message',
        required: false,
        type: 'text',
        helpText: 'Up to 1600 characters; long texts go out in several parts. Leave empty when sending a Template.',
      },
      TEMPLATE_INPUT,
      templateVarInputs,
      {
        key: 'deviceId',
        label: 'Device',
        required: false,
        dynamic: 'device.id.name',
        helpText: 'Send from this phone. Leave empty to let smsfleet choose.',
      },
      { key: 'sim', label: 'SIM', required: false, choices: { 1: 'SIM 1', 2: 'SIM 2' } },
      { key: 'sendAt', label: 'Send At', required: false, type: 'datetime', helpText: 'Schedule the text for later.' },
      {
        key: 'trackLinks',
        label: 'Track Links',
        required: false,
        type: 'boolean',
        default: 'false',
        helpText: 'Replace links with trackable short links (Link Clicked trigger).',
      },
      {
        key: 'reference',
        label: 'Reference',
        required: false,
        helpText: 'Your own reference (an order number…), echoed on every later trigger.',
      },
      {
        key: 'idempotencyKey',
        label: 'Idempotency Key',
        required: false,
        helpText: 'The same key never texts twice (e.g. the order ID). Defaults to none.',
      },
    ],
    perform: async (z: ZObject, bundle: Bundle) => {
      const i = bundle.inputData as Record<string, unknown>;
      const body: Obj = { to: String(i.to ?? '').trim() };
      if (i.templateId) Object.assign(body, { templateId: String(i.templateId), vars: templateVars(i) });
      else body.body = String(i.message ?? '');
      if (i.deviceId) body.deviceId = String(i.deviceId);
      if (i.sim) body.sim = Number(i.sim);
      if (i.sendAt) body.sendAt = new Date(String(i.sendAt)).toISOString();
      if (i.trackLinks === true || i.trackLinks === 'true') body.trackLinks = true;
      if (i.reference) body.reference = String(i.reference);
      return withHub(z, bundle, async (hub) => {
        const key = i.idempotencyKey ? String(i.idempotencyKey) : undefined;
        return messageOut((await hub.send(body as unknown as TemplatedSendRequest, key)).body as unknown as Obj);
      });
    },
    // One Zap may not flood the fleet: at most 60 sends a minute per connection (the phones send 30 segments/min/SIM).
    throttle: { window: 60, limit: 60, key: '{{bundle.authData.apiKey}}', scope: ['auth'] },
    sample: MESSAGE_SAMPLE,
    outputFields: MESSAGE_FIELDS,
  },
};

export const cancelMessage = {
  key: 'cancel_message',
  noun: 'Message',
  display: { label: 'Cancel Message', description: 'Cancels a scheduled or queued text before a phone sends it.' },
  operation: {
    inputFields: [{ key: 'id', label: 'Message ID', required: true }],
    perform: async (z: ZObject, bundle: Bundle) => {
      const path = `/v1/messages/${encodeURIComponent(String(bundle.inputData.id))}/cancel`;
      return withHub(z, bundle, async (hub) => messageOut(await hub.call<Obj>('POST', path)));
    },
    sample: { ...MESSAGE_SAMPLE, status: 'cancelled' },
    outputFields: MESSAGE_FIELDS,
  },
};
