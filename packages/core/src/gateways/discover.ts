import { SmsfleetError } from '../errors';
import type { GatewayConnection } from './connection';
import type { DiscoveredPhone } from './discovered-phone';
import { discoverHttpSmsPhones } from './httpsms/discover-phones';
import type { GatewayAdapterDeps } from './port';
import { discoverSmsGateDevices } from './sms-gate/discover-devices';
import { discoverTextbeeDevices } from './textbee/discover-devices';

/** Whether a connection's gateway can list its phones. */
export function canDiscover(c: GatewayConnection): boolean {
  return c.kind === 'httpsms' || c.kind === 'textbee' || (c.kind === 'sms-gate' && c.mode !== 'local');
}

/**
 * The phones a gateway account lists (SMS Gateway devices, httpSMS phones, textbee devices). A gateway without such
 * a list (MySMSGate, the sms-gate local server) is `SMSFLEET_ERR_VALIDATION` naming `connection.kind`; a gateway
 * error is a `GatewaySendError` (`SMSFLEET_ERR_GATEWAY`).
 */
export function discoverPhones(c: GatewayConnection, deps: GatewayAdapterDeps = {}): Promise<DiscoveredPhone[]> {
  if (!canDiscover(c))
    return Promise.reject(
      new SmsfleetError('SMSFLEET_ERR_VALIDATION', `${c.kind} cannot list its phones; add them by hand.`, {
        field: 'connection.kind',
        reason: 'this gateway (or the sms-gate local server) has no device list',
      }),
    );
  if (c.kind === 'sms-gate') return discoverSmsGateDevices(c, deps);
  if (c.kind === 'httpsms') return discoverHttpSmsPhones(c, deps);
  return discoverTextbeeDevices(c as Extract<GatewayConnection, { kind: 'textbee' }>, deps);
}
