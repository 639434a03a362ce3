import { withQuery } from '@smsfleet/client';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { withHub } from '../hub';
import { messageOut } from '../creates';

type Obj = Record<string, unknown>;

export const findMessage = {
  key: 'find_message',
  noun: 'Message',
  display: {
    label: 'Find Message',
    description: 'Finds a text by its ID or by your reference (the newest with that reference).',
  },
  operation: {
    inputFields: [
      { key: 'id', label: 'Message ID', required: false },
      { key: 'reference', label: 'Reference', required: false },
    ],
    perform: async (z: ZObject, bundle: Bundle) => {
      const { id, reference } = bundle.inputData as { id?: string; reference?: string };
      if (!id && !reference)
        throw new z.errors.Error('Give a message ID or a reference to search for.', 'SMSFLEET_ERR_VALIDATION', 400);
      return withHub(z, bundle, async (hub) => {
        if (id) {
          const found = await hub.message(id);
          return found ? [messageOut(found.message as unknown as Obj)] : [];
        }
        const path = withQuery('/v1/messages', { reference: String(reference), limit: 1 });
        return (await hub.call<{ items: Obj[] }>('GET', path)).items.map(messageOut);
      });
    },
    sample: { id: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x', to: '+14155550123', status: 'delivered', reference: 'order-1042' },
    outputFields: [
      { key: 'id', label: 'Message ID' },
      { key: 'to', label: 'To' },
      { key: 'status', label: 'Status' },
      { key: 'reference', label: 'Reference' },
      { key: 'failureReason', label: 'Failure Reason' },
    ],
  },
};

export const findContact = {
  key: 'find_contact',
  noun: 'Contact',
  display: { label: 'Find Contact', description: 'Finds a contact the fleet knows, with their opt-out status.' },
  operation: {
    inputFields: [{ key: 'phone', label: 'Phone', required: true, helpText: 'E.164, e.g. +14155550123.' }],
    perform: async (z: ZObject, bundle: Bundle) => {
      const path = `/v1/contacts/${encodeURIComponent(String(bundle.inputData.phone).trim())}`;
      const c = await withHub(z, bundle, (hub) => hub.call<Obj>('GET', path));
      return c.known ? [{ id: c.phone, ...c }] : [];
    },
    sample: { id: '+14155550123', phone: '+14155550123', known: true, optedOut: false },
    outputFields: [
      { key: 'phone', label: 'Phone' },
      { key: 'optedOut', label: 'Opted Out', type: 'boolean' },
      { key: 'optedOutAt', label: 'Opted Out At', type: 'datetime' },
    ],
  },
};
