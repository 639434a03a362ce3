import { z } from 'zod';
import { parseDuration } from './duration';
import { bool, duration, type EnvVarSpec, int, spec, trustProxy } from './env-spec';
import { REDIS_VARS } from './redis-vars';

export type { EnvVarSpec } from './env-spec';

const schedule = z.string().transform((v, ctx) => {
  const parts = v.split(',').map((p) => p.trim());
  const out: number[] = [];
  for (const [i, p] of parts.entries()) {
    const ms = parseDuration(p);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `item ${i + 1} ("${p}") must be a duration like 5s, 2m or 1h` });
    } else {
      out.push(ms);
    }
  }
  if (out.length > 20) ctx.addIssue({ code: 'custom', message: 'at most 20 retries' });
  return out;
});

const fraction = z
  .string()
  .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a number from 0 to 1')
  .transform(Number);

const quietHours = z.string().transform((v, ctx) => {
  if (v === 'off') return undefined;
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(v);
  if (!m || `${m[1]}${m[2]}` === `${m[3]}${m[4]}`) {
    ctx.addIssue({ code: 'custom', message: 'must be off or a local-time window like 21:00-08:00' });
    return z.NEVER;
  }
  return { startMinute: Number(m[1]) * 60 + Number(m[2]), endMinute: Number(m[3]) * 60 + Number(m[4]) };
});

const wordList = z.string().transform((v, ctx) => {
  const words = v
    .split(',')
    .map((w) => w.trim().toUpperCase())
    .filter(Boolean);
  for (const w of words)
    if (!/^[A-Z0-9-]{1,20}$/.test(w))
      ctx.addIssue({ code: 'custom', message: `"${w}" must be one word (letters, digits, -)` });
  return words;
});

const reply = z.string().min(1).max(640, 'must be at most 640 characters');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable the hub reads, in README order. The README's configuration table is
 * generated from this list (`configTableMarkdown()`), and a test keeps the two equal.
 */
export const ENV_VARS = {
  SMSFLEET_PORT: spec(int(0, 65_535), {
    description: 'TCP port the hub listens on (0 picks a free port).',
    default: '8080',
    example: '8080',
  }),
  SMSFLEET_HOST: spec(z.string().min(1, 'must not be empty'), {
    description: 'Interface to bind. Use 0.0.0.0 to accept connections from other machines.',
    default: '127.0.0.1',
    example: '0.0.0.0',
  }),
  SMSFLEET_PUBLIC_URL: spec(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(), {
    description:
      'Base URL under which clients and gateways reach the hub (OpenAPI servers, webhook and short-link URLs). ' +
      'Defaults to http://HOST:PORT.',
    example: 'https://sms.example.com',
  }),
  ...REDIS_VARS,
  SMSFLEET_REDIS_PREFIX: spec(
    z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1-64 letters, digits, ":", "_" or "-"'),
    {
      description: 'Key prefix in Redis, so several installations can share one Redis.',
      default: 'smsfleet:',
      example: 'smsfleet:prod:',
    },
  ),
  SMSFLEET_REDIS_PARTITIONS: spec(int(1, 256).optional(), {
    description:
      'Partitions the Redis queues and message indexes are split into, so a Redis Cluster spreads them over its ' +
      'shards (queue order is then exact per partition, within a bound across: hub README). Unset: 16 on a ' +
      'Cluster; 1 on a single node or Sentinel (one slot each, exact order). Every hub on one store must use the ' +
      'same count; the store refuses another.',
    example: '16',
  }),
  SMSFLEET_LOG_LEVEL: spec(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }), {
    description: 'pino log level.',
    default: 'info',
    example: 'debug',
  }),
  SMSFLEET_RATE_LIMIT_PER_MIN: spec(int(1, 1_000_000), {
    description:
      'Requests per minute allowed for one API key (fixed one-minute windows, shared by every hub on one Redis).',
    default: '600',
    example: '1200',
  }),
  SMSFLEET_BODY_LIMIT_BYTES: spec(int(1_024, 50 * 1_048_576), {
    description: 'Largest request body accepted; larger bodies get 413 SMSFLEET_ERR_BODY_TOO_LARGE.',
    default: '1048576',
    example: '262144',
  }),
  SMSFLEET_TRUST_PROXY: spec(trustProxy, {
    description:
      'Proxies whose X-Forwarded-For names the client (for the failed-login throttle and unique link visitors): ' +
      'false, true, a hop count, or addresses/CIDRs. Set it only when clients can reach the hub through the proxy ' +
      'alone.',
    default: 'false',
    example: '10.0.0.0/8,loopback',
  }),
  SMSFLEET_DEFAULT_REGION: spec(
    z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code like US or GB')
      .optional(),
    {
      description: 'Country used to read phone numbers written without +country code. Unset: numbers must be in E.164.',
      example: 'GB',
    },
  ),
  SMSFLEET_REFUSE_NON_MOBILE: spec(bool, {
    description: 'Refuse numbers that are certainly not mobile (landline, toll-free) with SMSFLEET_ERR_NOT_MOBILE.',
    default: 'false',
    example: 'true',
  }),
  SMSFLEET_RETENTION_DAYS: spec(int(1, 3_650), {
    description: 'Days personal data (message texts, numbers, inbound texts) is kept before it is purged.',
    default: '90',
    example: '30',
  }),
  SMSFLEET_WEBHOOK_RETRY_SCHEDULE: spec(schedule, {
    description:
      'Delays before each retry of a failed webhook delivery, comma-separated. After the last one fails the ' +
      'delivery is dead-lettered.',
    default: '5s,30s,2m,10m,1h,6h,24h',
    example: '1s,10s,1m',
  }),
  SMSFLEET_WEBHOOK_JITTER: spec(fraction, {
    description: 'Random spread applied to each retry delay (0.2 = up to 20% shorter or longer).',
    default: '0.2',
    example: '0',
  }),
  SMSFLEET_WEBHOOK_TIMEOUT: spec(duration(100, 120_000), {
    description: 'Time allowed for one delivery attempt (connect, send, answer).',
    default: '10s',
    example: '5s',
  }),
  SMSFLEET_WEBHOOK_LEASE: spec(duration(1_000, 3_600_000), {
    description:
      'How long a hub holds a claimed delivery before another hub may take it over; must exceed the timeout.',
    default: '60s',
    example: '2m',
  }),
  SMSFLEET_WEBHOOK_CONCURRENCY: spec(int(1, 1_000), {
    description: 'Deliveries one hub attempts at the same time.',
    default: '16',
    example: '64',
  }),
  SMSFLEET_WEBHOOK_POLL: spec(duration(10, 60_000), {
    description: 'Longest idle wait between two looks at the delivery queue.',
    default: '1s',
    example: '250ms',
  }),
  SMSFLEET_WEBHOOK_ALARM_AFTER: spec(int(1, 10_000), {
    description: 'Failed attempts in a row after which a subscription is marked failing and webhook.failing is sent.',
    default: '5',
    example: '3',
  }),
  SMSFLEET_WEBHOOK_DISABLE_AFTER_FAILURES: spec(int(0, 1_000_000), {
    description: 'Failed attempts in a row that disable a subscription (deliveries then held for replay). 0: never.',
    default: '20',
    example: '50',
  }),
  SMSFLEET_WEBHOOK_DISABLE_AFTER: spec(duration(0, 365 * 86400_000), {
    description: 'Time of only failed attempts that disables a subscription, like the count above. 0: never.',
    default: '24h',
    example: '5d',
  }),
  SMSFLEET_FLEET_NAME: spec(z.string().min(1).max(100, 'must be at most 100 characters'), {
    description: 'Name of this fleet, shown by front-ends as the connection label (`GET /v1/account`).',
    default: 'smsfleet',
    example: 'Acme support phones',
  }),
  SMSFLEET_SHORT_URL: spec(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(), {
    description:
      'Base of trackable short links (the hub answers `GET /l/<code>`; point a short domain there). Defaults to ' +
      'PUBLIC_URL/l.',
    example: 'https://go.example.com/l',
  }),
  SMSFLEET_REPLY_WINDOW: spec(duration(60_000, 90 * 86400_000), {
    description:
      'An inbound text is credited to the latest message sent to that contact in that conversation within this window.',
    default: '72h',
    example: '24h',
  }),
  SMSFLEET_OPT_OUT_KEYWORDS: spec(wordList, {
    description:
      'Extra single-word opt-out keywords, comma-separated, on top of STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, ' +
      'QUIT, REVOKE, OPTOUT.',
    default: '',
    example: 'ARRET,REMOVE',
  }),
  SMSFLEET_OPT_OUT_REPLY: spec(reply.optional(), {
    description: 'Confirmation texted back after an opt-out keyword. Unset: no confirmation.',
    example: 'You are unsubscribed. Reply START to resubscribe.',
  }),
  SMSFLEET_OPT_IN_REPLY: spec(reply.optional(), {
    description: 'Confirmation texted back after START, UNSTOP or YES undid an opt-out. Unset: no confirmation.',
    example: 'You are subscribed again. Reply STOP to opt out.',
  }),
  SMSFLEET_HELP_REPLY: spec(reply.optional(), {
    description: 'Answer texted back to HELP or INFO. Unset: no answer.',
    example: 'Acme support: call 0800 123 456. Reply STOP to opt out.',
  }),
  SMSFLEET_OPT_OUT_FOOTER: spec(reply, {
    description: 'Footer appended to the first text to a contact when the send asks for it (`optOutFooter`).',
    default: 'Reply STOP to opt out',
    example: 'Txt STOP to end',
  }),
  SMSFLEET_OPT_OUT_FOOTER_DEFAULT: spec(bool, {
    description: 'Whether sends that do not say `optOutFooter` get the footer on the first text to a contact.',
    default: 'false',
    example: 'true',
  }),
  SMSFLEET_QUIET_HOURS: spec(quietHours, {
    description:
      "Local-time window (from the number's country) in which non-urgent texts are deferred to the window's end, " +
      'or off.',
    default: 'off',
    example: '21:00-08:00',
  }),
  SMSFLEET_PRICE_PER_SEGMENT: spec(
    z
      .string()
      .regex(/^\d{1,6}(\.\d{1,6})?$/, 'must be a decimal number like 0.0075')
      .transform(Number),
    {
      description: 'Price of one segment for the cost metric (failed messages are not charged).',
      default: '0',
      example: '0.0075',
    },
  ),
  SMSFLEET_CURRENCY: spec(z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code like USD'), {
    description: 'Currency of the cost metric.',
    default: 'USD',
    example: 'EUR',
  }),
  SMSFLEET_PURGE_EVERY: spec(duration(1_000, 86400_000), {
    description: 'How often personal data past its retention is purged.',
    default: '1h',
    example: '10m',
  }),
  SMSFLEET_SWEEP_EVERY: spec(duration(1_000, 3600_000), {
    description:
      'How often the sweeper finishes sends left half-done by a crash or a store failure (a create older than a ' +
      'minute whose send job, index, claim or links were not all written).',
    default: '1m',
    example: '30s',
  }),
  SMSFLEET_POLL_EVERY: spec(duration(1_000, 86400_000), {
    description:
      'How often a message with no final report yet is checked: its gateway is polled (covering lost reports), and ' +
      'status events a crash left unpublished go out.',
    default: '10m',
    example: '1m',
  }),
  SMSFLEET_DEVICE_OFFLINE_AFTER: spec(duration(0, 7 * 86400_000), {
    description:
      'A phone that sends heartbeats (sms-gate system:ping, textbee status) and gives no sign of life for this long ' +
      'is marked offline and routed around (`device.offline`); any sign of life brings it back (`device.online`). ' +
      '0: never by silence.',
    default: '35m',
    example: '10m',
  }),
} as const satisfies Record<string, EnvVarSpec>;

/** Name of an environment variable the hub reads. */
export type EnvVarName = keyof typeof ENV_VARS;

/** The parsed value of every variable. */
export type ParsedEnv = { [K in EnvVarName]: z.output<(typeof ENV_VARS)[K]['schema']> };
