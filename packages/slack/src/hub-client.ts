/** A hub error: its stable code, message and the field it names. */
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

type Obj = Record<string, unknown>;

/** The smsfleet hub's REST API, as the Slack app uses it. */
export class HubClient {
  constructor(
    private readonly url: string,
    private readonly apiKey: string,
  ) {}

  async call<T = Obj>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Obj) : {};
    if (!res.ok) {
      const e = (json.error ?? {}) as { code?: string; message?: string; field?: string; reason?: string };
      throw new HubError(
        res.status,
        e.code ?? `HTTP_${res.status}`,
        e.message ?? `The hub answered ${res.status}`,
        e.field,
        e.reason,
      );
    }
    return json as T;
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
    try {
      return (
        await this.call<{ value: string }>(
          'GET',
          `/v1/bindings/${encodeURIComponent(namespace)}/${encodeURIComponent(key)}`,
        )
      ).value;
    } catch (e) {
      if (e instanceof HubError && e.status === 404) return undefined;
      throw e;
    }
  }
}
