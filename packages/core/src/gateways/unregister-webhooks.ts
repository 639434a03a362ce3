import type { GatewayConnection } from './connection';
import { listIn, str } from './discovered-phone';
import { errorFromAnswer, type GatewayHttp, gatewayHttp, joinUrl } from './http';
import type { GatewayAdapterDeps } from './port';
import { SMS_GATE_CLOUD_URL } from './sms-gate/connection';

/** Where a gateway lists and deletes webhooks, how it authenticates, and how a hook names its URL and id. */
function endpoints(c: GatewayConnection) {
  switch (c.kind) {
    case 'sms-gate': {
      const a = c.auth;
      const authorization =
        a.type === 'basic'
          ? `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`
          : `Bearer ${a.token}`;
      const base = c.baseUrl ?? SMS_GATE_CLOUD_URL;
      return { list: joinUrl(base, 'webhooks'), one: joinUrl(base, 'webhooks'), headers: { authorization }, key: '' };
    }
    case 'httpsms': {
      const headers = { 'x-api-key': c.apiKey };
      return {
        list: joinUrl(c.baseUrl, 'v1/webhooks?skip=0&limit=100'),
        one: joinUrl(c.baseUrl, 'v1/webhooks'),
        headers,
        key: 'data',
      };
    }
    case 'textbee': {
      const headers = { 'x-api-key': c.apiKey };
      return {
        list: joinUrl(c.baseUrl, 'api/v1/webhooks'),
        one: joinUrl(c.baseUrl, 'api/v1/webhooks'),
        headers,
        key: 'data',
      };
    }
    default:
      return undefined; // MySMSGate: webhooks are set in its dashboard, not through an API
  }
}

/**
 * Delete the webhooks a gateway has for `url` (a removed connection's ingress), where the gateway has an API for it:
 * SMS Gateway, httpSMS and textbee. Returns how many were deleted; a hook already gone counts as done.
 */
export async function unregisterWebhooks(
  c: GatewayConnection,
  url: string,
  deps: GatewayAdapterDeps = {},
): Promise<number> {
  const e = endpoints(c);
  if (!e) return 0;
  const http: GatewayHttp = gatewayHttp(c.kind, deps.fetch, deps.timeoutMs);
  const list = await http.call({ method: 'GET', url: e.list, headers: e.headers });
  if (list.status < 200 || list.status > 299) throw errorFromAnswer(c.kind, list, { action: 'list webhooks' });
  const hooks = (listIn(list.json, e.key || undefined) ?? []).filter(
    (h) => (str(h, 'url') ?? str(h, 'deliveryUrl')) === url,
  );
  let deleted = 0;
  for (const h of hooks) {
    const id = str(h, 'id') ?? str(h, '_id');
    if (!id) continue;
    const d = await http.call({ method: 'DELETE', url: `${e.one}/${encodeURIComponent(id)}`, headers: e.headers });
    if ((d.status < 200 || d.status > 299) && d.status !== 404)
      throw errorFromAnswer(c.kind, d, { action: 'delete webhook' });
    deleted++;
  }
  return deleted;
}
