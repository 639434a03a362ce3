import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSmsfleetError, type SmsfleetError } from '@smsfleet/core';
import { loadConfig } from './load-config';
import { ENV_VARS } from './env-vars';
import { configTableMarkdown, CONFIG_TABLE_BEGIN, CONFIG_TABLE_END } from './config-table';
import { formatDuration, parseDuration } from './duration';

function configError(env: Record<string, string>): SmsfleetError {
  try {
    loadConfig(env);
  } catch (e) {
    if (isSmsfleetError(e, 'SMSFLEET_ERR_CONFIG')) return e;
    throw e;
  }
  throw new Error('expected SMSFLEET_ERR_CONFIG');
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const c = loadConfig({});
    expect(c.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://127.0.0.1:8080',
      bodyLimitBytes: 1_048_576,
      trustProxy: false,
      logLevel: 'info',
    });
    expect(c.store).toEqual({ redisPrefix: 'smsfleet:', redisConnectTimeoutMs: 10_000, bootWaitMs: 60_000 });
    expect(c.rateLimit.perMinute).toBe(600);
    expect(c.sending).toEqual({ refuseNonMobile: false });
    expect(c.retention.days).toBe(90);
    expect(c.webhooks.retryScheduleMs).toEqual([5_000, 30_000, 120_000, 600_000, 3_600_000, 21_600_000, 86_400_000]);
    expect(c.webhooks).toMatchObject({
      jitter: 0.2,
      timeoutMs: 10_000,
      leaseMs: 60_000,
      concurrency: 16,
      pollMs: 1_000,
      alarmAfter: 5,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      SMSFLEET_PORT: '9000',
      SMSFLEET_HOST: '0.0.0.0',
      SMSFLEET_PUBLIC_URL: 'https://sms.example.com/',
      REDIS_URL: 'redis://r:6379/1',
      SMSFLEET_REDIS_PREFIX: 'x:',
      SMSFLEET_REDIS_PARTITIONS: '32',
      SMSFLEET_LOG_LEVEL: 'debug',
      SMSFLEET_RATE_LIMIT_PER_MIN: '5',
      SMSFLEET_BODY_LIMIT_BYTES: '2048',
      SMSFLEET_TRUST_PROXY: '10.0.0.0/8, loopback',
      SMSFLEET_DEFAULT_REGION: 'GB',
      SMSFLEET_REFUSE_NON_MOBILE: 'yes',
      SMSFLEET_RETENTION_DAYS: '7',
      SMSFLEET_WEBHOOK_RETRY_SCHEDULE: '100ms, 1s,2m',
      SMSFLEET_WEBHOOK_JITTER: '0',
      SMSFLEET_WEBHOOK_TIMEOUT: '2s',
      SMSFLEET_WEBHOOK_LEASE: '3s',
      SMSFLEET_WEBHOOK_CONCURRENCY: '2',
      SMSFLEET_WEBHOOK_POLL: '50ms',
      SMSFLEET_WEBHOOK_ALARM_AFTER: '2',
      SMSFLEET_FLEET_NAME: 'Acme',
      SMSFLEET_SHORT_URL: 'https://go.example.com/l/',
      SMSFLEET_REPLY_WINDOW: '24h',
      SMSFLEET_OPT_OUT_KEYWORDS: 'arret, remove',
      SMSFLEET_OPT_OUT_REPLY: 'Bye',
      SMSFLEET_OPT_IN_REPLY: 'Welcome back',
      SMSFLEET_HELP_REPLY: 'Call us',
      SMSFLEET_OPT_OUT_FOOTER: 'Txt STOP to end',
      SMSFLEET_OPT_OUT_FOOTER_DEFAULT: 'true',
      SMSFLEET_QUIET_HOURS: '21:30-08:00',
      SMSFLEET_PRICE_PER_SEGMENT: '0.0075',
      SMSFLEET_CURRENCY: 'EUR',
      SMSFLEET_PURGE_EVERY: '10m',
      SMSFLEET_SWEEP_EVERY: '30s',
      SMSFLEET_POLL_EVERY: '2m',
    });
    expect(c).toEqual({
      server: {
        host: '0.0.0.0',
        port: 9000,
        publicUrl: 'https://sms.example.com',
        bodyLimitBytes: 2048,
        trustProxy: ['10.0.0.0/8', 'loopback'],
        logLevel: 'debug',
      },
      store: {
        redis: { topology: { kind: 'single', url: 'redis://r:6379/1' }, variable: 'REDIS_URL' },
        redisPrefix: 'x:',
        redisConnectTimeoutMs: 10_000,
        bootWaitMs: 60_000,
        redisPartitions: 32,
      },
      rateLimit: { perMinute: 5 },
      sending: { defaultRegion: 'GB', refuseNonMobile: true },
      retention: { days: 7, purgeEveryMs: 600_000 },
      fleetName: 'Acme',
      recovery: { sweepEveryMs: 30_000, pollEveryMs: 120_000 },
      health: { offlineAfterMs: 2_100_000 },
      engagement: {
        shortUrl: 'https://go.example.com/l',
        replyWindowMs: 86_400_000,
        extraOptOutKeywords: ['ARRET', 'REMOVE'],
        optOutReply: 'Bye',
        optInReply: 'Welcome back',
        helpReply: 'Call us',
        footer: 'Txt STOP to end',
        footerByDefault: true,
        quietHours: { startMinute: 1290, endMinute: 480 },
        pricePerSegment: 0.0075,
        currency: 'EUR',
      },
      webhooks: {
        retryScheduleMs: [100, 1_000, 120_000],
        jitter: 0,
        timeoutMs: 2_000,
        leaseMs: 3_000,
        concurrency: 2,
        pollMs: 50,
        alarmAfter: 2,
        disableAfterFailures: 20,
        disableAfterMs: 86_400_000,
      },
    });
  });

  it('treats empty and blank variables as unset', () => {
    expect(loadConfig({ SMSFLEET_PORT: '', REDIS_URL: '  ' })).toMatchObject({
      server: { port: 8080 },
      store: { redisPrefix: 'smsfleet:' },
    });
    expect(loadConfig({ REDIS_URL: '' }).store.redis).toBeUndefined();
  });

  it('brackets an IPv6 host in the default public URL', () => {
    expect(loadConfig({ SMSFLEET_HOST: '::1', SMSFLEET_PORT: '81' }).server.publicUrl).toBe('http://[::1]:81');
  });

  it('reports every problem at once, each naming its variable', () => {
    const e = configError({
      SMSFLEET_PORT: '70000',
      SMSFLEET_PUBLIC_URL: 'ftp://x',
      REDIS_URL: 'http://r',
      SMSFLEET_LOG_LEVEL: 'loud',
      SMSFLEET_QUIET_HOURS: '9pm-8am',
      SMSFLEET_RATE_LIMIT_PER_MIN: 'many',
      SMSFLEET_DEFAULT_REGION: 'gbr',
      SMSFLEET_REFUSE_NON_MOBILE: 'maybe',
      SMSFLEET_WEBHOOK_RETRY_SCHEDULE: '5s,soon',
      SMSFLEET_WEBHOOK_JITTER: '1.5',
      SMSFLEET_WEBHOOK_TIMEOUT: 'forever',
    });
    expect(e.statusCode).toBe(500);
    expect(e.issues.map((i) => i.field)).toEqual([
      'SMSFLEET_PORT',
      'SMSFLEET_PUBLIC_URL',
      'REDIS_URL',
      'SMSFLEET_LOG_LEVEL',
      'SMSFLEET_RATE_LIMIT_PER_MIN',
      'SMSFLEET_DEFAULT_REGION',
      'SMSFLEET_REFUSE_NON_MOBILE',
      'SMSFLEET_WEBHOOK_RETRY_SCHEDULE',
      'SMSFLEET_WEBHOOK_JITTER',
      'SMSFLEET_WEBHOOK_TIMEOUT',
      'SMSFLEET_QUIET_HOURS',
    ]);
    const reason = (f: string) => e.issues.find((i) => i.field === f)!.reason;
    expect(reason('SMSFLEET_PORT')).toBe('must be at most 65535');
    expect(reason('SMSFLEET_RATE_LIMIT_PER_MIN')).toBe('must be a whole number');
    expect(reason('SMSFLEET_WEBHOOK_RETRY_SCHEDULE')).toMatch(/item 2 \("soon"\)/);
    expect(e.toJSON().error.issues).toHaveLength(11);
    expect(reason('SMSFLEET_QUIET_HOURS')).toBe('must be off or a local-time window like 21:00-08:00');
  });

  it('reads trusted proxies as fastify takes them, and refuses an entry that is no address or range', () => {
    const trust = (v: string) => loadConfig({ SMSFLEET_TRUST_PROXY: v }).server.trustProxy;
    expect(trust('true')).toBe(true);
    expect(trust('2')).toBe(2);
    expect(trust('fd00::/8,192.168.1.10,uniquelocal')).toEqual(['fd00::/8', '192.168.1.10', 'uniquelocal']);
    const e = configError({ SMSFLEET_TRUST_PROXY: '10.0.0.0/33,proxy.local' });
    expect(e.issues).toEqual([
      expect.objectContaining({
        field: 'SMSFLEET_TRUST_PROXY',
        reason: expect.stringMatching(/10\.0\.0\.0\/33, proxy\.local/),
      }),
    ]);
  });

  it('checks that the lease outlasts the delivery timeout', () => {
    const e = configError({ SMSFLEET_WEBHOOK_TIMEOUT: '30s', SMSFLEET_WEBHOOK_LEASE: '30s' });
    expect(e.issues).toEqual([
      { field: 'SMSFLEET_WEBHOOK_LEASE', reason: expect.stringMatching(/longer than SMSFLEET_WEBHOOK_TIMEOUT/) },
    ]);
  });

  it('returns a deep-frozen object', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.webhooks)).toBe(true);
    expect(Object.isFrozen(c.webhooks.retryScheduleMs)).toBe(true);
    expect(() => {
      (c.webhooks.retryScheduleMs as number[]).push(1);
    }).toThrow(TypeError);
  });

  it('parses every documented default and example', () => {
    // Variables read only with another one are parsed with it.
    const companions: Record<string, Record<string, string>> = {
      REDIS_SENTINELS: { REDIS_SENTINEL_MASTER: 'mymaster' },
      REDIS_SENTINEL_MASTER: { REDIS_SENTINELS: '127.0.0.1:26379' },
      REDIS_CLUSTER_NAT_MAP: { REDIS_CLUSTER_NODES: '127.0.0.1:7000' },
    };
    for (const [name, s] of Object.entries(ENV_VARS)) {
      expect([name, loadConfig({ [name]: s.example, ...companions[name] }) && 'ok']).toEqual([name, 'ok']);
    }
  });
});

describe('durations', () => {
  it('parses and formats units', () => {
    expect(['250', '250ms', '5s', '2m', '1h', '1d'].map(parseDuration)).toEqual([
      250, 250, 5_000, 120_000, 3_600_000, 86_400_000,
    ]);
    expect(['', '-1s', '1.5s', '5 min', 's'].map(parseDuration)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([250, 5_000, 90_000, 3_600_000, 86_400_000].map(formatDuration)).toEqual(['250ms', '5s', '90s', '1h', '1d']);
  });
});

describe('README configuration table', () => {
  it('is the table generated from the config schema', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf(CONFIG_TABLE_BEGIN);
    const end = readme.indexOf(CONFIG_TABLE_END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    expect(readme.slice(start + CONFIG_TABLE_BEGIN.length, end).trim()).toBe(configTableMarkdown());
  });
});
