import { randomBytes } from 'node:crypto';
import type { Fleet } from '@smsfleet/fleet-sim';
import type { FleetConfigInput } from '../fleet';

/**
 * The fleet config for a running simulator: one connection per sms-gate phone (each phone signs its
 * webhooks with its own key, as the real app does), one per other cloud gateway, and every phone with its
 * SIMs. Used by the tests and the demo (`@smsfleet/demo`); a real installation writes this config by hand.
 */
export function fleetConfigFromSim(fleet: Fleet): FleetConfigInput {
  const connections: FleetConfigInput['connections'] = [];
  const devices: FleetConfigInput['devices'] = [];
  const shared = new Map<string, string>();
  const sharedConnection = (kind: 'httpsms' | 'textbee' | 'mysmsgate'): string => {
    const existing = shared.get(kind);
    if (existing) return existing;
    const gw = fleet.gateways[kind];
    const id = `${kind}-cloud`;
    const secret = randomBytes(16).toString('hex');
    if (kind === 'httpsms')
      connections.push({
        id,
        connection: { kind, baseUrl: gw.baseUrl, apiKey: gw.credentials.apiKey!, webhookSigningKey: secret },
      });
    if (kind === 'textbee')
      connections.push({
        id,
        connection: { kind, baseUrl: gw.baseUrl, apiKey: gw.credentials.apiKey!, webhookSigningSecret: secret },
      });
    if (kind === 'mysmsgate')
      connections.push({
        id,
        connection: {
          kind,
          baseUrl: gw.baseUrl,
          apiKey: gw.credentials.apiKey!,
          webhookSigningSecret: gw.credentials.webhookSecret!,
        },
      });
    shared.set(kind, id);
    return id;
  };
  for (const p of fleet.phones()) {
    let connectionId: string;
    if (p.gateway === 'sms-gate' || p.gateway === 'sms-gate-local') {
      connectionId = `sms-gate-${p.id}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
      const local = p.gateway === 'sms-gate-local';
      connections.push({
        id: connectionId,
        connection: {
          kind: 'sms-gate',
          mode: local ? 'local' : 'cloud',
          baseUrl: local ? p.baseUrl : `${fleet.gateways['sms-gate'].baseUrl}/3rdparty/v1`,
          auth: { type: 'basic', username: p.credentials.username!, password: p.credentials.password! },
          webhookSigningKey: p.webhookSecret!,
          // One cloud account serves every phone: each connection's hooks must fire for its own phone only.
          ...(local ? {} : { webhookDeviceId: p.id }),
        },
      });
    } else {
      connectionId = sharedConnection(p.gateway);
    }
    devices.push({
      id: p.id,
      name: p.id,
      connectionId, // the gateway is a field of its own: a name repeating it reads twice in every list
      ...(p.gateway === 'sms-gate-local' ? {} : { gatewayDeviceId: p.id }),
      sims: p.sims.map((s) => ({ slot: s.slot, number: s.number, segmentsPerMinute: s.segmentsPerMinute })),
    });
  }
  // The httpSMS hooks fire for the account's phones whose numbers the connection lists.
  for (const c of connections) {
    if (c.connection.kind !== 'httpsms') continue;
    c.connection.webhookPhoneNumbers = devices
      .filter((d) => d.connectionId === c.id)
      .flatMap((d) => d.sims.map((s) => s.number!).filter(Boolean));
  }
  return { connections, devices };
}
