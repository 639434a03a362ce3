import { setTimeout as wait } from 'node:timers/promises';
import { HubError } from './hub-error';
import type { HubAnswer, HubClientOptions } from './client-options';
import { fetchTransport, type Transport } from './transport';

export type { HubAnswer, HubClientOptions } from './client-options';
import type {
  Account,
  BulkPreviewItem,
  ApiKeyScope,
  ApiKeyView,
  CreateApiKey,
  CreatedApiKey,
  ConnectionInput,
  ConnectionView,
  CreateSubscription,
  CreateTemplate,
  Device,
  DeviceInput,
  DevicePatch,
  DiscoveredPhoneView,
  DiscoverRequest,
  Message,
  MessageUpdate,
  MessageWithEvents,
  SendPreview,
  Subscription,
  SubscriptionView,
  Template,
  TemplatedSendRequest,
} from './types';

function parse(body: unknown): unknown {
  if (typeof body !== 'string') return body ?? {};
  if (!body) return {};
  try {
    return JSON.parse(body);
  } catch {
    return { text: body };
  }
}

/**
 * The smsfleet hub's REST API. Every non-2xx answer throws a {@link HubError} with the hub's code, fields and status.
 * A rate-limited call (429) waits the `Retry-After` the hub gives and goes again, a bounded number of times: the hub
 * refuses it before doing anything, so any request, a send included, is safe to repeat.
 */
export class HubClient {
  private readonly url: string;
  private readonly transport: Transport;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaits: number;
  private readonly maxWaitMs: number;

  constructor(private readonly opts: HubClientOptions) {
    this.url = opts.url.replace(/\/+$/, '');
    this.transport = opts.transport ?? fetchTransport;
    this.sleep = opts.sleep ?? ((ms) => wait(ms).then(() => undefined));
    this.maxWaits = opts.maxRateLimitWaits ?? 3;
    this.maxWaitMs = opts.maxWaitMs ?? 60_000;
  }

  /** Call the API and return its answer's body. */
  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return (await this.request<T>(method, path, body, headers)).body;
  }

  /** {@link call}, with the answer's HTTP status (a repeated send with the same idempotency key answers 200). */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HubAnswer<T>> {
    return (await this.answer<T>(method, path, body, headers, false))!;
  }

  /**
   * One call, with the rate-limit waits. A 404 is undefined when `absentOk` (a lookup that may miss), else a
   * {@link HubError} like every other non-2xx answer.
   */
  private async answer<T>(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
    absentOk: boolean,
  ): Promise<HubAnswer<T> | undefined> {
    for (let waits = 0; ; waits++) {
      const res = await this.transport({
        method,
        url: `${this.url}${path}`,
        headers: {
          accept: 'application/json',
          ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = parse(res.body);
      if (res.status >= 200 && res.status < 300) return { status: res.status, body: json as T };
      if (res.status === 404 && absentOk) return undefined;
      const error = HubError.fromAnswer(res.status, json, res.header('retry-after'));
      if (res.status === 429 && waits < this.maxWaits) {
        const ms = 1000 * (error.retryAfterSeconds ?? 60);
        if (ms <= this.maxWaitMs) {
          await this.sleep(Math.max(ms, 1));
          continue;
        }
      }
      throw error;
    }
  }

  /** `GET` a path, undefined on a 404. */
  async find<T>(path: string): Promise<T | undefined> {
    return (await this.answer<T>('GET', path, undefined, {}, true))?.body;
  }

  /** Send one text (a body, or a template and its `vars`); the same `idempotencyKey` never texts twice. */
  async send(message: TemplatedSendRequest, idempotencyKey?: string): Promise<HubAnswer<Message>> {
    return this.request<Message>(
      'POST',
      '/v1/messages',
      message,
      idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
    );
  }

  /** Validate a send as the hub would and show how it would go out; sends nothing. */
  async preview(message: TemplatedSendRequest): Promise<SendPreview> {
    return this.call<SendPreview>('POST', '/v1/messages/preview', message);
  }

  /** Preview each message of a bulk send on its own: its preview, or the error that would refuse it. */
  async previewBulk(messages: TemplatedSendRequest[]): Promise<BulkPreviewItem[]> {
    return (await this.call<{ items: BulkPreviewItem[] }>('POST', '/v1/messages/bulk/preview', { messages })).items;
  }

  /**
   * Edit a message not yet handed over (text, `sendAt`, device, SIM); a `HubError` with code
   * `SMSFLEET_ERR_MESSAGE_HANDED_OVER` (409) once the gateway has it.
   */
  async updateMessage(id: string, changes: MessageUpdate): Promise<Message> {
    return this.call<Message>('PATCH', `/v1/messages/${encodeURIComponent(id)}`, changes);
  }

  /** A message with its status history, or undefined. */
  async message(id: string): Promise<MessageWithEvents | undefined> {
    return this.find<MessageWithEvents>(`/v1/messages/${encodeURIComponent(id)}`);
  }

  /** The fleet's phones. */
  async devices(): Promise<Device[]> {
    return (await this.call<{ items: Device[] }>('GET', '/v1/devices')).items;
  }

  /** Add a phone behind a connection (`devices` scope); every hub routes to it within seconds. */
  async addDevice(device: DeviceInput): Promise<Device> {
    return this.call<Device>('POST', '/v1/devices', device);
  }

  /** Change a phone (`devices` scope); undefined for an unknown id. */
  async updateDevice(id: string, patch: DevicePatch): Promise<Device | undefined> {
    return (await this.answer<Device>('PATCH', `/v1/devices/${encodeURIComponent(id)}`, patch, {}, true))?.body;
  }

  /** Remove a phone (`devices` scope); false when it was already gone. */
  async removeDevice(id: string): Promise<boolean> {
    return (await this.answer('DELETE', `/v1/devices/${encodeURIComponent(id)}`, undefined, {}, true)) !== undefined;
  }

  /** The gateway connections, secrets masked. */
  async connections(): Promise<ConnectionView[]> {
    return (await this.call<{ items: ConnectionView[] }>('GET', '/v1/connections')).items;
  }

  /** Add a gateway connection (`devices` scope); its secrets are stored and never answered. */
  async addConnection(connection: ConnectionInput): Promise<ConnectionView> {
    return this.call<ConnectionView>('POST', '/v1/connections', connection);
  }

  /** Remove a connection that reaches no device (`devices` scope); false when it was already gone. */
  async removeConnection(id: string): Promise<boolean> {
    const path = `/v1/connections/${encodeURIComponent(id)}`;
    return (await this.answer('DELETE', path, undefined, {}, true)) !== undefined;
  }

  /** The phones a gateway account lists, to pick the ones to add (`devices` scope). */
  async discover(request: DiscoverRequest): Promise<DiscoveredPhoneView[]> {
    return (await this.call<{ items: DiscoveredPhoneView[] }>('POST', '/v1/connections/discover', request)).items;
  }

  /** Create a webhook subscription; the answer carries its signing secret (shown only now). */
  async subscribe(sub: CreateSubscription): Promise<Subscription> {
    return this.call<Subscription>('POST', '/v1/webhooks', sub);
  }

  /** A subscription (without its secret), or undefined when it is gone. */
  async subscription(id: string): Promise<SubscriptionView | undefined> {
    return this.find<SubscriptionView>(`/v1/webhooks/${encodeURIComponent(id)}`);
  }

  /** Delete a subscription; false when it was already gone. */
  async unsubscribe(id: string): Promise<boolean> {
    return (await this.answer('DELETE', `/v1/webhooks/${encodeURIComponent(id)}`, undefined, {}, true)) !== undefined;
  }

  /**
   * Who the key is and what it may do. With `require`, a key lacking one of those scopes throws a 403
   * {@link HubError} whose `scope` names the first one missing (the front-ends' credential tests).
   */
  async account(require: readonly ApiKeyScope[] = []): Promise<Account> {
    return this.call<Account>('GET', withQuery('/v1/account', { require: require.length ? require : undefined }));
  }

  /** Create an API key (admin scope); the answer carries the key, shown only now. */
  async createKey(key: CreateApiKey): Promise<CreatedApiKey> {
    return this.call<CreatedApiKey>('POST', '/v1/keys', key);
  }

  /** Every API key, revoked ones included (admin scope). */
  async keys(): Promise<ApiKeyView[]> {
    return (await this.call<{ items: ApiKeyView[] }>('GET', '/v1/keys')).items;
  }

  /** Revoke a key (admin scope); undefined for an unknown id. */
  async revokeKey(id: string): Promise<ApiKeyView | undefined> {
    return (await this.answer<ApiKeyView>('DELETE', `/v1/keys/${encodeURIComponent(id)}`, undefined, {}, true))?.body;
  }

  /** The stored message templates, oldest first (read scope). */
  async templates(): Promise<Template[]> {
    return (await this.call<{ items: Template[] }>('GET', '/v1/templates')).items;
  }

  /** One template, or undefined. */
  async template(id: string): Promise<Template | undefined> {
    return this.find<Template>(`/v1/templates/${encodeURIComponent(id)}`);
  }

  /** Store a template (send scope); a body with sections or an unclosed tag is refused naming `body.body`. */
  async createTemplate(template: CreateTemplate): Promise<Template> {
    return this.call<Template>('POST', '/v1/templates', template);
  }

  /** Rename a template or change its text; undefined for an unknown id. */
  async updateTemplate(id: string, change: Partial<CreateTemplate>): Promise<Template | undefined> {
    const path = `/v1/templates/${encodeURIComponent(id)}`;
    return (await this.answer<Template>('PATCH', path, change, {}, true))?.body;
  }

  /** Delete a template; false when it was already gone. */
  async deleteTemplate(id: string): Promise<boolean> {
    const path = `/v1/templates/${encodeURIComponent(id)}`;
    return (await this.answer('DELETE', path, undefined, {}, true)) !== undefined;
  }

  /** Claim a binding (first writer wins); returns the bound value and whether this call bound it. */
  async claim(
    namespace: string,
    key: string,
    value: string,
    ttlSeconds?: number,
  ): Promise<{ value: string; created: boolean }> {
    return this.call('POST', '/v1/bindings', { namespace, key, value, ...(ttlSeconds ? { ttlSeconds } : {}) });
  }

  /** Read a binding; undefined when unbound. */
  async binding(namespace: string, key: string): Promise<string | undefined> {
    const path = `/v1/bindings/${encodeURIComponent(namespace)}/${encodeURIComponent(key)}`;
    return (await this.find<{ value: string }>(path))?.value;
  }
}

/** `path` with a query string of the defined, non-empty values of `query`. */
export function withQuery(path: string, query: Readonly<Record<string, unknown>> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  const s = q.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}
