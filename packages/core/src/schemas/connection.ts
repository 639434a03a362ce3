import { z } from 'zod';
import { GatewayConnection } from '../gateways/connection';
import { doc } from './doc';
import { DeliveryGuarantee } from './handover';

/** A connection id: also the ingress path `/ingress/<id>`. */
export const ConnectionId = doc(
  z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  'Connection id; also the ingress path `/ingress/<id>`',
  'sms-gate-cloud',
);

/**
 * One gateway account or server the hub talks to, as the store keeps it (secrets included: the store is the hub's
 * own; API answers never show them, see the hub's connection view). Its reports arrive at `/ingress/<id>`.
 */
export const Connection = z
  .object({
    id: ConnectionId,
    connection: GatewayConnection,
    delivery: DeliveryGuarantee.default('at-most-once').describe(
      'What the hub does with a hand-over it cannot confirm after a crash or store failure ' +
        '(the gateway cannot tell whether it took it): ' +
        'at-most-once (default) ends the message `unknown`, so nobody is texted twice; ' +
        'at-least-once hands it over again, so nothing is lost but the ' +
        'recipient may get it twice',
    ),
  })
  .describe('A gateway connection');
export type Connection = z.infer<typeof Connection>;
export type ConnectionInput = z.input<typeof Connection>;
