import { z } from 'zod';
import { HttpSmsConnection } from './httpsms/connection';
import { MySmsGateConnection } from './mysmsgate/connection';
import { SmsGateConnection } from './sms-gate/connection';
import { TextbeeConnection } from './textbee/connection';

/** How to reach one gateway account or server, by kind. */
export const GatewayConnection = z
  .discriminatedUnion('kind', [SmsGateConnection, HttpSmsConnection, TextbeeConnection, MySmsGateConnection])
  .describe('Connection to one gateway: its base URL, credentials and webhook signing secret')
  .meta({
    examples: [
      {
        kind: 'httpsms',
        apiKey: 'uk_6Xh2kP9m',
        webhookSigningKey: 'whsec_q8Lm3Rz',
        webhookPhoneNumbers: ['+14155550100'],
      },
    ],
  });
export type GatewayConnection = z.infer<typeof GatewayConnection>;
/** Connection config as written by a user, before defaults are applied. */
export type GatewayConnectionInput = z.input<typeof GatewayConnection>;
