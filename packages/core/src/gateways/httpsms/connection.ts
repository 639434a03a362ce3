import { z } from 'zod';
import { doc } from '../../schemas/doc';
import { E164 } from '../../schemas/common';

/** The public httpSMS API. */
export const HTTPSMS_CLOUD_URL = 'https://api.httpsms.com';

/** How to reach httpSMS (NdoleStudio/httpsms), hosted or self-hosted. */
export const HttpSmsConnection = z
  .object({
    kind: z.literal('httpsms'),
    baseUrl: doc(
      z.url({ protocol: /^https?$/ }).default(HTTPSMS_CLOUD_URL),
      'API base URL (paths /v1/... hang off it)',
      HTTPSMS_CLOUD_URL,
    ),
    apiKey: doc(z.string().min(1), 'API key from the httpSMS settings page (sent as x-api-key)', 'uk_6Xh2kP9m'),
    webhookSigningKey: doc(
      z.string().min(1),
      'Signing key of the webhook: the HS256 secret of the Authorization JWT httpSMS sends with every event',
      'whsec_q8Lm3Rz',
    ),
    webhookUrl: doc(
      z.url().optional(),
      'The public webhook URL registered at httpSMS, which it puts in the JWT audience ' +
        '(default: the URL the request arrived at)',
      'https://hub.example.com/gateways/httpsms/webhook',
    ),
    webhookPhoneNumbers: doc(
      z.array(E164).default([]),
      'Phone numbers whose events the webhook receives (the SIM numbers of your phones)',
      ['+14155550100'],
    ),
    issuer: doc(
      z.string().optional(),
      'Expected JWT issuer, when set (httpSMS cloud: api.httpsms.com)',
      'api.httpsms.com',
    ),
  })
  .describe('Connection to httpSMS')
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
export type HttpSmsConnection = z.infer<typeof HttpSmsConnection>;
