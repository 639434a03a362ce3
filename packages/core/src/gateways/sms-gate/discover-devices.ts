import { type DiscoveredPhone, listIn, str } from '../discovered-phone';
import { errorFromAnswer, gatewayHttp, joinUrl, protocolError } from '../http';
import type { GatewayAdapterDeps } from '../port';
import { SMS_GATE_CLOUD_URL, type SmsGateConnection } from './connection';

/**
 * The phones of an SMS Gateway account: `GET /3rdparty/v1/devices` (cloud and private servers) answers
 * `[{id, name, createdAt, updatedAt, lastSeen}]`. The local server is the phone itself: it lists nothing.
 */
export async function discoverSmsGateDevices(
  conn: SmsGateConnection,
  deps: GatewayAdapterDeps = {},
): Promise<DiscoveredPhone[]> {
  if (conn.mode === 'local') return [];
  const a = conn.auth;
  const authorization =
    a.type === 'basic' ? `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}` : `Bearer ${a.token}`;
  const http = gatewayHttp('sms-gate', deps.fetch, deps.timeoutMs);
  const ans = await http.call({
    method: 'GET',
    url: joinUrl(conn.baseUrl ?? SMS_GATE_CLOUD_URL, '/devices'),
    headers: { authorization },
  });
  if (ans.status < 200 || ans.status > 299) throw errorFromAnswer('sms-gate', ans, { action: 'list devices' });
  const list = listIn(ans.json);
  if (!list) throw protocolError('sms-gate', 'list devices', ans, 'not a list of devices');
  return list
    .filter((d) => str(d, 'id') && !str(d, 'deletedAt'))
    .map((d) => ({
      gatewayDeviceId: str(d, 'id')!,
      name: (str(d, 'name') ?? str(d, 'id')!).slice(0, 100),
      numbers: [],
      ...(str(d, 'lastSeen') ? { lastSeenAt: str(d, 'lastSeen')! } : {}),
    }));
}
