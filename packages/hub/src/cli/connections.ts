import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ConnectionInput, type ConnectionView, type HubClient, HubError } from '@smsfleet/client';

/** Usage of `smsfleet connections`. */
export const CONNECTIONS_USAGE = `usage: smsfleet connections <list|add|remove|discover> [options]   (a devices key)
  connections list                               gateway connections (secrets are never shown)
  connections add --json FILE                    {"id": "...", "connection": {"kind": "sms-gate", ...}}
                                                 (a file, so credentials stay out of the shell history)
  connections remove CONNECTION_ID               once no device uses it
  connections discover CONNECTION_ID [--add GATEWAY_ID,...|--add all]
                                                 the phones the gateway lists; --add adds the ones picked`;

const FLAGS: Readonly<Record<string, string>> = { 'params.id': 'CONNECTION_ID', 'body.connectionId': 'CONNECTION_ID' };

/** One line of `connections list`. */
export function connectionLine(c: ConnectionView): string {
  const secrets = c.secrets.length ? `secrets set: ${c.secrets.join(', ')}` : 'no secrets';
  const devices = c.devices.join(',') || '-';
  return `${c.id.padEnd(18)} ${c.kind.padEnd(10)} ${c.delivery.padEnd(14)} devices: ${devices}  ${secrets}`;
}

/**
 * `smsfleet connections list|add|remove|discover` through a running hub (`/v1/connections`). Returns the exit code.
 */
export async function connectionsCommand(
  args: string[],
  out: (s: string) => void,
  client: (v: Record<string, unknown>) => HubClient,
): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { url: { type: 'string' }, key: { type: 'string' }, json: { type: 'string' }, add: { type: 'string' } },
  });
  const [sub, id] = positionals;
  try {
    switch (sub) {
      case 'list': {
        for (const c of await client(v).connections()) out(connectionLine(c));
        return 0;
      }
      case 'add': {
        if (!v.json) throw new Error(`connections add needs --json FILE\n${CONNECTIONS_USAGE}`);
        const c = await client(v).addConnection(JSON.parse(readFileSync(v.json, 'utf8')) as ConnectionInput);
        out(connectionLine(c));
        return 0;
      }
      case 'remove': {
        if (!id) throw new Error(`connections remove needs the connection's id\n${CONNECTIONS_USAGE}`);
        if (!(await client(v).removeConnection(id))) throw new Error(`no connection ${id} (see connections list)`);
        out(`removed ${id}`);
        return 0;
      }
      case 'discover': {
        if (!id) throw new Error(`connections discover needs the connection's id\n${CONNECTIONS_USAGE}`);
        const c = client(v);
        const phones = await c.discover({ connectionId: id });
        const pick = v.add === 'all' ? undefined : new Set((v.add ?? '').split(',').filter(Boolean));
        for (const p of phones) {
          const state = p.deviceId ? `added as ${p.deviceId}` : 'not added';
          out(`${p.gatewayDeviceId.padEnd(28)} ${p.name.padEnd(24)} ${p.numbers.join(',') || '-'}  ${state}`);
        }
        if (v.add === undefined) return 0;
        for (const p of phones.filter((x) => !x.deviceId && (!pick || pick.has(x.gatewayDeviceId)))) {
          const d = await c.addDevice({ ...p.suggested, id: p.suggested.id ?? p.gatewayDeviceId, connectionId: id });
          out(`added ${d.id}`);
        }
        return 0;
      }
      default:
        out(CONNECTIONS_USAGE);
        return sub === undefined || sub === 'help' ? 0 : 1;
    }
  } catch (e) {
    if (!(e instanceof HubError)) throw e;
    throw new Error(e.missingScopeHelp() ?? e.describe(FLAGS));
  }
}
