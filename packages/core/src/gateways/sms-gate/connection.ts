import { z } from 'zod';
import { doc } from '../../schemas/doc';

/** The public cloud server of SMS Gateway for Android. */
export const SMS_GATE_CLOUD_URL = 'https://api.sms-gate.app/3rdparty/v1';

/** sms-gate credentials: HTTP Basic (every mode) or a JWT from `POST /3rdparty/v1/auth/token` (cloud and private). */
export const SmsGateAuth = z
  .discriminatedUnion('type', [
    z
      .object({
        type: z.literal('basic'),
        username: doc(
          z.string().min(1),
          'Username shown in the app (cloud/private) or set for the local server',
          'J3KQ2M',
        ),
        password: doc(z.string().min(1), 'Password shown in the app', 'x7m2kq9plw'),
      })
      .describe('HTTP Basic credentials'),
    z
      .object({
        type: z.literal('jwt'),
        token: doc(
          z.string().min(1),
          'A JWT access token issued by the server (sent as Bearer)',
          'eyJhbGciOiJIUzI1NiJ9.e30.sig',
        ),
      })
      .describe('A JWT access token'),
  ])
  .describe('How to authenticate to the sms-gate API');
export type SmsGateAuth = z.infer<typeof SmsGateAuth>;

/**
 * How to reach SMS Gateway for Android: the public cloud, a private server, or the local server running on
 * the phone itself. `baseUrl` ends where the API paths start: `https://api.sms-gate.app/3rdparty/v1` (cloud),
 * `https://<host>/3rdparty/v1` (private), `http://<phone-ip>:8080` (local).
 */
export const SmsGateConnection = z
  .object({
    kind: z.literal('sms-gate'),
    mode: doc(
      z.enum(['cloud', 'private', 'local']).default('cloud'),
      'cloud: api.sms-gate.app; private: your own server; local: the server running on the phone',
      'cloud',
    ),
    baseUrl: doc(
      z.url({ protocol: /^https?$/ }).optional(),
      'API base URL up to the resource paths (default for cloud: https://api.sms-gate.app/3rdparty/v1)',
      'https://api.sms-gate.app/3rdparty/v1',
    ),
    auth: SmsGateAuth,
    webhookSigningKey: doc(
      z.string().min(1),
      'The signing key set in the app (Settings > Webhooks): verifies X-Signature on every webhook',
      'k9Qm2x7Lp4',
    ),
    webhookDeviceId: doc(
      z.string().optional(),
      'Register webhooks for this device only (default: every device of the account)',
      'yWz3k2',
    ),
  })
  .superRefine((c, ctx) => {
    if (c.mode !== 'cloud' && !c.baseUrl) {
      ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `is required in ${c.mode} mode` });
    }
    if (c.mode === 'local' && c.auth.type !== 'basic') {
      ctx.addIssue({ code: 'custom', path: ['auth', 'type'], message: 'the local server accepts Basic auth only' });
    }
  })
  .describe('Connection to SMS Gateway for Android (sms-gate)')
  .meta({
    examples: [
      {
        kind: 'sms-gate',
        mode: 'cloud',
        auth: { type: 'basic', username: 'J3KQ2M', password: 'x7m2kq9plw' },
        webhookSigningKey: 'k9Qm2x7Lp4',
      },
    ],
  });
export type SmsGateConnection = z.infer<typeof SmsGateConnection>;
