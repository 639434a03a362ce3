import { type HubEventType, verifyWebhook, WEBHOOK_REFUSALS } from '@smsfleet/client';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { withHub } from '../hub';

type Obj = Record<string, unknown>;

/** What one instant trigger needs: its hub event type, how to shape items, and where recent items come from. */
export interface HookTriggerSpec {
  key: string;
  noun: string;
  label: string;
  description: string;
  event: Extract<
    HubEventType,
    'message.status_changed' | 'sms.received' | 'link.clicked' | 'contact.opted_out' | 'device.offline'
  >;
  shape: (data: Obj, eventId?: string) => Obj;
  /** Recent real items, shaped like hook items (performList). */
  list: (z: ZObject, bundle: Bundle) => Promise<Obj[]>;
  inputFields?: unknown[];
  /** The subscription's filters from the input (statuses, senders, keywords): the hub applies them. */
  subscription?: (bundle: Bundle) => Obj;
  sample: Obj;
  outputFields: { key: string; label: string; type?: string }[];
}

/** What Zapier hands a REST hook's `perform`: the raw request, when it keeps it. */
interface RawRequest {
  headers?: Record<string, string>;
  content?: string;
}

/** Zapier passes a hook's headers as `Http-Webhook-Id` and the like: back to the names the sender used. */
export function senderHeaders(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase().replace(/^http-/, ''), v]));
}

/**
 * An instant (REST hook) trigger: subscribing creates a hub webhook subscription for the Zap's URL, with the Zap's
 * filters, and keeps its id and signing secret; each delivery is verified (Standard Webhooks, failing closed: no
 * secret, no raw request or a bad signature is refused) and flattened; unsubscribing deletes it.
 */
export function hookTrigger(spec: HookTriggerSpec) {
  return {
    key: spec.key,
    noun: spec.noun,
    display: { label: spec.label, description: spec.description },
    operation: {
      type: 'hook',
      inputFields: spec.inputFields ?? [],
      performSubscribe: (z: ZObject, bundle: Bundle) =>
        withHub(z, bundle, async (hub) => {
          const sub = await hub.subscribe({
            url: String(bundle.targetUrl),
            events: [spec.event],
            description: `Zapier: ${spec.label}`,
            ...spec.subscription?.(bundle),
          });
          return sub as unknown as Obj; // { id, secret, ... } becomes bundle.subscribeData
        }),
      performUnsubscribe: (z: ZObject, bundle: Bundle) =>
        withHub(z, bundle, async (hub) => {
          const id = (bundle.subscribeData as Obj | undefined)?.id;
          if (typeof id === 'string') await hub.unsubscribe(id); // already gone is fine
          return {};
        }),
      perform: async (z: ZObject, bundle: Bundle) => {
        const secret = (bundle.subscribeData as Obj | undefined)?.secret;
        const raw = (bundle as unknown as { rawRequest?: RawRequest }).rawRequest;
        const verdict = verifyWebhook({
          secret: typeof secret === 'string' ? secret : undefined,
          headers: senderHeaders(raw?.headers),
          rawBody: raw?.content,
          now: Date.now(),
        });
        if (!verdict.ok) {
          throw new z.errors.Error(
            `The webhook signature did not verify (${WEBHOOK_REFUSALS[verdict.reason]}); the request was not from ` +
              'your smsfleet hub.',
            'SMSFLEET_ERR_SIGNATURE_INVALID',
            401,
          );
        }
        const evt = verdict.event; // the signed bytes, not Zapier's re-parsed copy
        if (evt.type !== spec.event) return []; // e.g. a webhook.test event
        return [spec.shape(evt.data as unknown as Obj, evt.id)];
      },
      performList: (z: ZObject, bundle: Bundle) => spec.list(z, bundle),
      sample: spec.sample,
      outputFields: spec.outputFields,
    },
  };
}
