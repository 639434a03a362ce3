import { type DiscoveredPhone, e164, listIn, str } from '../discovered-phone';
import { errorFromAnswer, gatewayHttp, joinUrl, protocolError } from '../http';
import type { GatewayAdapterDeps } from '../port';
import type { TextbeeConnection } from './connection';

/**
 * The phones of a textbee account: `GET /api/v1/gateway/devices` answers
 * `{data: [{_id, brand, model, enabled, updatedAt, simInfo: {sims: [{phoneNumber}]}, ...}]}`.
 */
export async function discoverTextbeeDevices(
  conn: TextbeeConnection,
  deps: GatewayAdapterDeps = {},
): Promise<DiscoveredPhone[]> {
  const http = gatewayHttp('textbee', deps.fetch, deps.timeoutMs);
  const ans = await http.call({
    method: 'GET',
    url: joinUrl(conn.baseUrl, '/api/v1/gateway/devices'),
    headers: { 'x-api-key': conn.apiKey },
  });
  if (ans.status < 200 || ans.status > 299) throw errorFromAnswer('textbee', ans, { action: 'list devices' });
  const list = listIn(ans.json, 'data');
  if (!list) throw protocolError('textbee', 'list devices', ans, 'no `data` list of devices');
  return list
    .filter((d) => str(d, '_id') ?? str(d, 'id'))
    .map((d) => {
      const id = (str(d, '_id') ?? str(d, 'id'))!;
      const label = [str(d, 'brand'), str(d, 'model')].filter(Boolean).join(' ');
      return {
        gatewayDeviceId: id,
        name: (label || id).slice(0, 100),
        numbers: simNumbers(d),
        ...(str(d, 'updatedAt') ? { lastSeenAt: str(d, 'updatedAt')! } : {}),
      };
    });
}

/** The SIM numbers a textbee device reports (`simInfo.sims[].phoneNumber`), when they are E.164. */
function simNumbers(d: Record<string, unknown>): string[] {
  const info = d.simInfo as { sims?: unknown } | undefined;
  const sims = info && Array.isArray(info.sims) ? (info.sims as Record<string, unknown>[]) : [];
  return sims.flatMap((s) => (s && typeof s === 'object' ? e164(str(s, 'phoneNumber')) : []));
}
