import { parseOrThrow } from '../errors/validate';
import { GatewayConnection, type GatewayConnectionInput } from './connection';
import { HttpSmsAdapter } from './httpsms/adapter';
import { MySmsGateAdapter } from './mysmsgate/adapter';
import type { GatewayAdapter, GatewayAdapterDeps } from './port';
import { SmsGateAdapter } from './sms-gate/adapter';
import { TextbeeAdapter } from './textbee/adapter';

/**
 * The adapter for a connection. The connection is validated first: a bad one throws
 * `SMSFLEET_ERR_VALIDATION` naming every bad field (prefixed `connection.`).
 */
export function createGatewayAdapter(
  conn: GatewayConnection | GatewayConnectionInput,
  deps: GatewayAdapterDeps = {},
): GatewayAdapter {
  const c = parseOrThrow(GatewayConnection, conn, 'connection');
  switch (c.kind) {
    case 'sms-gate':
      return new SmsGateAdapter(c, deps);
    case 'httpsms':
      return new HttpSmsAdapter(c, deps);
    case 'textbee':
      return new TextbeeAdapter(c, deps);
    case 'mysmsgate':
      return new MySmsGateAdapter(c, deps);
  }
}
