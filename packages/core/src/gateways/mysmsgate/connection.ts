import { z } from 'zod';
import { doc } from '../../schemas/doc';

/** The public MySMSGate API. */
export const MYSMSGATE_CLOUD_URL = 'https://mysmsgate.net';

/** How to reach MySMSGate (or a MySMSGate-style server). */
export const MySmsGateConnection = z
  .object({
    kind: z.literal('mysmsgate'),
    baseUrl: doc(
      z.url({ protocol: /^https?$/ }).default(MYSMSGATE_CLOUD_URL),
      'API base URL (paths /api/v1/... hang off it)',
      MYSMSGATE_CLOUD_URL,
    ),
    apiKey: doc(z.string().min(1), 'API key from the MySMSGate dashboard', 'msg_live_4f7a2c'),
    authHeader: doc(
      z.enum(['x-api-key', 'bearer']).default('x-api-key'),
      'How the key is sent: X-API-KEY header (documented) or Authorization: Bearer (seen in third-party code)',
      'x-api-key',
    ),
    webhookSigningSecret: doc(
      z.string().min(1),
      'The account\'s webhook signing secret: verifies X-MySMSGate-Signature (sha256=<hex HMAC of "timestamp.body">)',
      'mg_whsec_9c1d',
    ),
  })
  .describe('Connection to MySMSGate')
  .meta({ examples: [{ kind: 'mysmsgate', apiKey: 'msg_live_4f7a2c', webhookSigningSecret: 'mg_whsec_9c1d' }] });
export type MySmsGateConnection = z.infer<typeof MySmsGateConnection>;
