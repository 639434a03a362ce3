import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const Env = z
  .object({
    SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-…)'),
    SLACK_SIGNING_SECRET: z.string().min(8, "must be the app's signing secret").optional(),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, 'must be an app-level token (xapp-…)')
      .optional(),
    SLACK_SOCKET_MODE: bool.default(false),
    SLACK_INBOUND_CHANNEL: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id like C0123ABCD'),
    SLACK_API_URL: z.url().optional(),
    SMSFLEET_URL: z.url({ protocol: /^https?$/, message: "must be the hub's http(s) URL" }),
    SMSFLEET_API_KEY: z.string().regex(/^sf_live_/, 'must be an smsfleet API key (sf_live_…)'),
    PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be the http(s) URL where the hub reaches this app' }),
    PORT: z.string().regex(/^\d+$/, 'must be a port number').transform(Number).default(3000),
  })
  .superRefine((e, ctx) => {
    if (e.SLACK_SOCKET_MODE && !e.SLACK_APP_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'is required in Socket Mode' });
    if (!e.SLACK_SOCKET_MODE && !e.SLACK_SIGNING_SECRET)
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required in HTTP mode' });
  });

/** The Slack app's configuration, parsed once and frozen. */
export interface SlackAppConfig {
  readonly botToken: string;
  readonly signingSecret?: string;
  readonly appToken?: string;
  readonly socketMode: boolean;
  readonly inboundChannel: string;
  readonly slackApiUrl?: string;
  readonly hubUrl: string;
  readonly hubApiKey: string;
  readonly publicUrl: string;
  readonly port: number;
}

/** A configuration problem: every problem at once, each naming its variable. */
export class SlackConfigError extends Error {
  constructor(readonly issues: { field: string; reason: string }[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.field} ${i.reason}`).join('; ')}`);
    this.name = 'SlackConfigError';
  }
}

/** Read the configuration from the environment (unset and empty are the same). */
export function loadSlackConfig(env: Record<string, string | undefined>): SlackAppConfig {
  const clean = Object.fromEntries(
    Object.entries(env)
      .filter(([, v]) => v !== undefined && v.trim() !== '')
      .map(([k, v]) => [k, v!.trim()]),
  );
  const r = Env.safeParse(clean);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({
      field: String(i.path[0] ?? 'env'),
      reason: i.code === 'invalid_type' ? 'is required' : i.message,
    }));
    // zod skips the mode checks when another field failed: add them, so every problem shows at once.
    const socket = ['true', '1', 'yes'].includes(clean.SLACK_SOCKET_MODE ?? '');
    const missing = socket
      ? !clean.SLACK_APP_TOKEN && { field: 'SLACK_APP_TOKEN', reason: 'is required in Socket Mode' }
      : !clean.SLACK_SIGNING_SECRET && { field: 'SLACK_SIGNING_SECRET', reason: 'is required in HTTP mode' };
    if (missing && !issues.some((i) => i.field === missing.field)) issues.push(missing);
    throw new SlackConfigError(issues);
  }
  const e = r.data;
  return Object.freeze({
    botToken: e.SLACK_BOT_TOKEN,
    ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
    ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
    socketMode: e.SLACK_SOCKET_MODE,
    inboundChannel: e.SLACK_INBOUND_CHANNEL,
    ...(e.SLACK_API_URL ? { slackApiUrl: e.SLACK_API_URL } : {}),
    hubUrl: e.SMSFLEET_URL.replace(/\/+$/, ''),
    hubApiKey: e.SMSFLEET_API_KEY,
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
    port: e.PORT,
  });
}
