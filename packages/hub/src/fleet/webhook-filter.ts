import type { GatewayConnection } from '@smsfleet/core';
import type { FleetDevice } from './fleet-config';

/**
 * A connection's webhook registration narrowed to its own phones, where the config leaves it open: an SMS Gateway
 * cloud or private connection with one phone registers with that phone's `deviceId`, and an httpSMS connection with
 * the SIM numbers of its phones as `phone_numbers`. Without it, two connections on one gateway account would each
 * receive the other's reports and refuse them (401), and the gateway would retry them for days.
 */
export function ownWebhookFilter(c: GatewayConnection, devices: readonly FleetDevice[]): GatewayConnection {
  if (
    c.kind === 'sms-gate' &&
    c.mode !== 'local' &&
    !c.webhookDeviceId &&
    devices.length === 1 &&
    devices[0]!.gatewayDeviceId
  ) {
    return { ...c, webhookDeviceId: devices[0]!.gatewayDeviceId };
  }
  if (c.kind === 'httpsms' && c.webhookPhoneNumbers.length === 0) {
    const numbers = [
      ...new Set(devices.flatMap((d) => d.sims.map((s) => s.number).filter((n): n is string => Boolean(n)))),
    ];
    if (numbers.length > 0) return { ...c, webhookPhoneNumbers: numbers };
  }
  return c;
}
