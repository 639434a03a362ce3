/**
 * The hub's payloads, as types inferred from core's zod schemas. `import type` only: nothing of core is loaded at run
 * time, so the client stays free of runtime dependencies (core brings Redis, libphonenumber and zod).
 */
import type {
  ApiKeyScope,
  ConnectionInput,
  Device,
  DiscoveredPhone,
  EventType,
  GatewayConnectionInput,
  Sim,
  Message,
  MessageStatus,
  MessageUpdateRequest,
  OutboundEvent,
  SendRequest,
  StatusEvent,
  Subscription,
  Template,
  TemplatedSendRequest,
} from '@smsfleet/core';

export type { ApiKeyScope, Device, EventType, Message, MessageStatus, SendRequest, Subscription };
/** A stored message template (`{{field}}` merge fields) and a send that may use one. */
export type { Template, TemplatedSendRequest };
/** Body of `PATCH /v1/messages/:id`: what an edit of a message not yet handed over changes. */
export type MessageUpdate = MessageUpdateRequest;

/** Any event the hub POSTs to a subscription (the Standard Webhooks payload: id, type, timestamp, data). */
export type HubEvent = OutboundEvent;
/** The type names of {@link HubEvent}. */
export type HubEventType = HubEvent['type'];
/** The event of one type, e.g. `HubEventOf<'sms.received'>`. */
export type HubEventOf<T extends HubEventType> = Extract<HubEvent, { type: T }>;
/** The `data` of one event type. */
export type HubEventData<T extends HubEventType> = HubEventOf<T>['data'];

/** The answer of `GET /v1/messages/:id`: the message and its status history. */
export interface MessageWithEvents {
  message: Message;
  events: StatusEvent[];
}

/** Body of `POST /v1/webhooks`. */
export interface CreateSubscription {
  url: string;
  events: EventType[];
  /** For `message.status_changed`: only these statuses. */
  statuses?: MessageStatus[];
  /** For `sms.received`: only texts from these numbers (the hub normalises them to E.164). */
  from?: string[];
  /** For `sms.received`: only texts whose first word is one of these (case-insensitive). */
  keywords?: string[];
  description?: string;
}

/** A subscription as read back (without its secret, shown only at creation). */
export type SubscriptionView = Omit<Subscription, 'secret'>;

/** The answer of `POST /v1/messages/preview`: the text as it would go out, its parts and warnings. */
export interface SendPreview {
  to: string;
  body: string;
  segments: number;
  encoding: Message['encoding'];
  characters: number;
  ucs2Characters: string[];
  links: number;
  optOutFooter: boolean;
  deferredUntil?: string;
  warnings: { code: string; message: string }[];
}

/** The answer of `GET /v1/account`: the fleet and what the key may do. */
export interface Account {
  fleetName: string;
  keyId: string;
  keyName: string;
  hubVersion: string;
  devices: number;
  scopes: ApiKeyScope[];
  /** Per scope, whether the key has it (`admin` implies all). */
  can: Record<ApiKeyScope, boolean>;
  expiresAt?: string;
}

/** An API key as `GET /v1/keys` lists it (never the key or its hash). */
export interface ApiKeyView {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** A new key: the answer of `POST /v1/keys`, the only time `key` is shown. */
export interface CreatedApiKey extends ApiKeyView {
  key: string;
}

/** What `POST /v1/keys` takes. */
export interface CreateApiKey {
  name: string;
  scopes: ApiKeyScope[];
  /** ISO time after which the key is refused. */
  expiresAt?: string;
}

/** A device to add (`POST /v1/devices`): the phone, the connection that reaches it, and its SIMs with budgets. */
export interface DeviceInput {
  id: string;
  name: string;
  connectionId: string;
  gatewayDeviceId?: string;
  sims: Array<Partial<Sim> & { slot: number }>;
}

/** Changes to a device (`PATCH /v1/devices/:id`); `sims` replaces the list whole. */
export type DevicePatch = Partial<Omit<DeviceInput, 'id'>>;

/** A connection to add (`POST /v1/connections`), secrets included: they are write-only. */
export type { ConnectionInput };

/** A connection as the hub answers it: settings without secrets, and the names of the secrets that are set. */
export interface ConnectionView {
  id: string;
  kind: GatewayConnectionInput['kind'];
  delivery: 'at-most-once' | 'at-least-once';
  settings: Record<string, unknown>;
  secrets: string[];
  devices: string[];
}

/** A phone discovery found, the device it already is (if any), and a device body to add it with. */
export type DiscoveredPhoneView = DiscoveredPhone & {
  deviceId?: string;
  suggested: Omit<DeviceInput, 'connectionId' | 'id'> & { id?: string };
};

/** What discovery looks at: credentials (stored nowhere), or an existing connection. */
export type DiscoverRequest = { connection: GatewayConnectionInput } | { connectionId: string };
/** What `POST /v1/templates` takes (and `PATCH /v1/templates/:id`, every field optional). */
export interface CreateTemplate {
  name: string;
  /** Text with `{{field}}` merge fields. */
  body: string;
}

/** One message of `POST /v1/messages/bulk/preview`: its preview, or the hub's error that would refuse it. */
export interface BulkPreviewItem {
  index: number;
  preview?: SendPreview;
  error?: {
    code: string;
    message: string;
    field?: string;
    reason?: string;
    issues?: { field: string; reason: string }[];
  };
}
