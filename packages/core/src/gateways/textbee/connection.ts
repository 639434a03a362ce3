import { z } from 'zod';
import { doc } from '../../schemas/doc';

/** The public textbee API. */
export const TEXTBEE_CLOUD_URL = 'https://api.textbee.dev';

/** How to reach textbee (vernu/textbee), hosted or self-hosted. */
export const TextbeeConnection = z
  .object({
    kind: z.literal('textbee'),
    baseUrl: doc(
      z.url({ protocol: /^https?$/ }).default(TEXTBEE_CLOUD_URL),
      'API base URL (paths /api/v1/... hang off it)',
      TEXTBEE_CLOUD_URL,
    ),
    apiKey: doc(z.string().min(1), 'API key from the textbee dashboard (sent as x-api-key)', 'tb_3f9c2a7e'),
    webhookSigningSecret: doc(
      z.string().min(1),
      'Signing secret of the webhook subscription (textbee requires at least 20 characters): verifies X-Signature',
      'whsec_0123456789abcdefghij',
    ),
  })
  .describe('Connection to textbee')
  .meta({ examples: [{ kind: 'textbee', apiKey: 'tb_3f9c2a7e', webhookSigningSecret: 'whsec_0123456789abcdefghij' }] });
export type TextbeeConnection = z.infer<typeof TextbeeConnection>;
