import { parseArgs } from 'node:util';
import { type DeviceInput, type HubClient, HubError } from '@smsfleet/client';
import { wholeNumber } from './client';
import { deviceLines, type ListedDevice } from './devices-list';

/** Usage of `smsfleet devices`. */
export const DEVICES_USAGE = `usage: smsfleet devices [list|add|remove] [options]   (add/remove need a devices key)
  devices list                                   phones (health, last seen, battery), SIMs (minute, day,
                                                 month and unique-recipient caps with their use)
  devices add --id ID --name NAME --connection CONNECTION_ID [--gateway-id GATEWAY_DEVICE_ID]
              --sims SLOT[:NUMBER[:PER_MINUTE]],...   e.g. --sims 1:+15550100001:30,2
  devices remove DEVICE_ID                       its queued texts go to other phones (or fail, if pinned to it)`;

/** The hub's names for what `devices add` passes, as the options a user typed. */
const FLAGS: Readonly<Record<string, string>> = {
  'body.id': '--id',
  'body.name': '--name',
  'body.connectionId': '--connection',
  connectionId: '--connection',
  'body.gatewayDeviceId': '--gateway-id',
  'body.sims': '--sims',
  'params.id': 'DEVICE_ID',
};

/** `--sims 1:+15550100001:30,2`: slots with optional number and per-minute budget. */
export function parseSims(text: string): DeviceInput['sims'] {
  return text.split(',').map((part, i) => {
    const [slot, number, perMinute] = part.trim().split(':');
    return {
      slot: wholeNumber(slot ?? '', `--sims item ${i + 1} slot`),
      ...(number ? { number } : {}),
      ...(perMinute ? { segmentsPerMinute: wholeNumber(perMinute, `--sims item ${i + 1} per-minute budget`) } : {}),
    };
  });
}

/**
 * `smsfleet devices list|add|remove` through a running hub (`/v1/devices`). Plain `smsfleet devices` lists. `client`
 * makes the hub client from the parsed `--url`/`--key` options. Returns the exit code.
 */
export async function devicesCommand(
  args: string[],
  out: (s: string) => void,
  client: (v: Record<string, unknown>) => HubClient,
): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      connection: { type: 'string' },
      'gateway-id': { type: 'string' },
      sims: { type: 'string' },
    },
  });
  const [sub = 'list', id] = positionals;
  try {
    switch (sub) {
      case 'list': {
        const r = await client(v).call<{ items: ListedDevice[] }>('GET', '/v1/devices');
        for (const line of deviceLines(r.items, Date.now())) out(line);
        return 0;
      }
      case 'add': {
        if (!v.id || !v.name || !v.connection || !v.sims)
          throw new Error(`devices add needs --id, --name, --connection and --sims\n${DEVICES_USAGE}`);
        const d = await client(v).addDevice({
          id: v.id,
          name: v.name,
          connectionId: v.connection,
          sims: parseSims(v.sims),
          ...(v['gateway-id'] ? { gatewayDeviceId: v['gateway-id'] } : {}),
        });
        out(`added ${d.id} (${d.gateway} via ${d.connectionId}); every hub routes to it within seconds`);
        return 0;
      }
      case 'remove': {
        if (!id) throw new Error(`devices remove needs the device's id (see devices list)\n${DEVICES_USAGE}`);
        if (!(await client(v).removeDevice(id))) throw new Error(`no device ${id} (see devices list)`);
        out(`removed ${id}`);
        return 0;
      }
      default:
        out(DEVICES_USAGE);
        return sub === 'help' ? 0 : 1;
    }
  } catch (e) {
    if (!(e instanceof HubError)) throw e;
    throw new Error(e.missingScopeHelp() ?? e.describe(FLAGS));
  }
}
