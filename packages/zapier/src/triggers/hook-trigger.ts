import type { Bundle, ZObject } from 'zapier-platform-core';
import { hubUrl, verifySignature } from '../client';

type Obj = Record<string, unknown>;

/** What one instant trigger needs: its hub event type, how to shape items, and where recent items come from. */
export interface HookTriggerSpec {
  key: string;
  noun: string;
  label: string;
  description: string;
  event: 'message.status_changed' | 'sms.received' | 'link.clicked' | 'contact.opted_out';
  shape: (data: Obj, eventId?: string) => Obj;
  /** Recent real items, shaped like hook items (performList). */
  list: (z: ZObject, bundle: Bundle) => Promise<Obj[]>;
  inputFields?: unknown[];
  /** Extra subscription settings from the input (e.g. a status filter). */
  subscription?: (bundle: Bundle) => Obj;
  /** Drop items the input does not want (filters the hub cannot apply). */
  accept?: (item: Obj, bundle: Bundle) => boolean;
  sample: Obj;
  outputFields: { key: string; label: string; type?: string }[];
}

/**
 * An instant (REST hook) trigger: subscribing creates a hub webhook subscription for the Zap's URL and keeps its id
 * and signing secret; each delivery is verified (Standard Webhooks) and flattened; unsubscribing deletes it.
 */
export function hookTrigger(spec: HookTriggerSpec) {
  return {
    key: spec.key,
    noun: spec.noun,
    display: { label: spec.label, description: spec.description },
    operation: {
      type: 'hook',
      inputFields: spec.inputFields ?? [],
      performSubscribe: async (z: ZObject, bundle: Bundle) => {
        const res = await z.request({
          url: `${hubUrl(bundle)}/v1/webhooks`,
          method: 'POST',
          body: {
            url: bundle.targetUrl,
            events: [spec.event],
            description: `Zapier: ${spec.label}`,
            ...spec.subscription?.(bundle),
          },
        });
        return res.data as Obj; // { id, secret, ... } becomes bundle.subscribeData
      },
      performUnsubscribe: async (z: ZObject, bundle: Bundle) => {
        const id = (bundle.subscribeData as Obj | undefined)?.id;
        const res = await z.request({
          url: `${hubUrl(bundle)}/v1/webhooks/${encodeURIComponent(String(id))}`,
          method: 'DELETE',
          skipThrowForStatus: true,
        });
        if (res.status !== 204 && res.status !== 404)
          throw new z.errors.Error(
            `Could not remove the smsfleet subscription ${id} (HTTP ${res.status}).`,
            'UNSUBSCRIBE_FAILED',
            res.status,
          );
        return {};
      },
      perform: async (z: ZObject, bundle: Bundle) => {
        const secret = (bundle.subscribeData as Obj | undefined)?.secret;
        const raw = (bundle as unknown as { rawRequest?: { headers?: Record<string, string>; content?: string } })
          .rawRequest;
        if (
          typeof secret === 'string' &&
          raw?.content !== undefined &&
          !verifySignature(secret, raw.headers ?? {}, raw.content)
        ) {
          throw new z.errors.Error(
            'The webhook signature did not verify; the request was not from your smsfleet hub.',
            'SMSFLEET_ERR_SIGNATURE_INVALID',
            401,
          );
        }
        const evt = bundle.cleanedRequest as { id?: string; type?: string; data?: Obj };
        if (evt?.type !== spec.event || !evt.data) return [];
        const item = spec.shape(evt.data, evt.id);
        return spec.accept && !spec.accept(item, bundle) ? [] : [item];
      },
      performList: async (z: ZObject, bundle: Bundle) => {
        const items = await spec.list(z, bundle);
        return spec.accept ? items.filter((i) => spec.accept!(i, bundle)) : items;
      },
      sample: spec.sample,
      outputFields: spec.outputFields,
    },
  };
}
