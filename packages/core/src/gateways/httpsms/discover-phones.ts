import { type DiscoveredPhone, e164, listIn, str } from '../discovered-phone';
import { errorFromAnswer, gatewayHttp, joinUrl, protocolError } from '../http';
import type { GatewayAdapterDeps } from '../port';
import type { HttpSmsConnection } from './connection';

/**
 * The phones of an httpSMS account: `GET /v1/phones?skip=0&limit=100` answers
 * `{status, message, data: [{id, phone_number, sim, updated_at, ...}]}`. A phone's number is its identity on
 * httpSMS (sends name it as `from`), so it is reported as the SIM number.
 */
export async function discoverHttpSmsPhones(
  conn: HttpSmsConnection,
  deps: GatewayAdapterDeps = {},
): Promise<DiscoveredPhone[]> {
  const http = gatewayHttp('httpsms', deps.fetch, deps.timeoutMs);
  const ans = await http.call({
    method: 'GET',
    url: joinUrl(conn.baseUrl, '/v1/phones?skip=0&limit=100'),
    headers: { 'x-api-key': conn.apiKey },
  });
  if (ans.status < 200 || ans.status > 299) throw errorFromAnswer('httpsms', ans, { action: 'list phones' });
  const list = listIn(ans.json, 'data');
  if (!list) throw protocolError('httpsms', 'list phones', ans, 'no `data` list of phones');
  return list
    .filter((p) => str(p, 'id'))
    .map((p) => ({
      gatewayDeviceId: str(p, 'id')!,
      name: str(p, 'phone_number') ?? str(p, 'id')!,
      numbers: e164(str(p, 'phone_number')),
      ...(str(p, 'updated_at') ? { lastSeenAt: str(p, 'updated_at')! } : {}),
    }));
}
