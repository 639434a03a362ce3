import { parseArgs } from 'node:util';
import type { FaultConfig, PhoneSpec } from '@smsfleet/fleet-sim';
import { INVALID_PREFIX } from './campaign';

/** Options of a chaos run (`npm run chaos -- --help`). */
export interface ChaosOptions {
  seed: number;
  messages: number;
  kills: number;
  redisRestarts: number;
  hubs: number;
  ratePerSec: number;
  concurrency: number;
  /** Real seconds the faults are spread over at most (a fault fires at its progress point or its share of this). */
  chaosBudgetS: number;
  settleTimeoutS: number;
  duplicateRate: number;
  reorderRate: number;
  lostRate: number;
  temporaryFailureRate: number;
  stuckRate: number;
  /** Run on a 3-master Redis Cluster (a Redis restart kills one master) instead of one Redis. */
  cluster: boolean;
  /** File the result row is appended to; undefined: none. */
  record: string | undefined;
}

export const USAGE = `usage: npm run chaos -- [options]
  --seed N                  seed of the campaign, the faults and the phones (default: from the clock, printed)
  --messages N              campaign size (default 1000)
  --kills N                 kill -9s of hubs (default 10)
  --redis-restarts N        kill -9 + restart of Redis (default 2)
  --hubs N                  smsfleet serve hubs, 1 or 2 (default 2)
  --rate N                  sends started per second (default 100)
  --concurrency N           send requests in flight (default 16)
  --chaos-budget S          seconds the faults are spread over at most (default 240)
  --settle-timeout S        seconds at most to wait for every message to settle after the faults (default 300;
                            it stops earlier after 90 s without any change)
  --duplicate-rate P --reorder-rate P --lost-rate P --temporary-failure-rate P --stuck-rate P
                            fleet-sim report faults (defaults 0.05, 0.05, 0, 0.02, 0)
  --cluster                 a 3-master Redis Cluster instead of one Redis (each Redis restart kills one master)
  --no-record               do not append the result to RELIABILITY.md`;

const num = (v: string | undefined, name: string, dflt: number, min: number, max: number): number => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new Error(`--${name} must be a number from ${min} to ${max} (got ${v})`);
  return n;
};

/** Parse the command line; throws with the option's name on a bad value. */
export function parseChaosArgs(argv: string[], root: string): ChaosOptions | 'help' {
  const names = [
    'seed',
    'messages',
    'kills',
    'redis-restarts',
    'hubs',
    'rate',
    'concurrency',
    'chaos-budget',
    'settle-timeout',
    'duplicate-rate',
    'reorder-rate',
    'lost-rate',
    'temporary-failure-rate',
    'stuck-rate',
  ] as const;
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
      'no-record': { type: 'boolean' },
      cluster: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (v.help) return 'help';
  const s = v as Record<string, string | undefined>;
  return {
    seed: Math.floor(num(s.seed, 'seed', Date.now() % 100_000, 0, 2 ** 31)),
    messages: Math.floor(num(s.messages, 'messages', 1000, 1, 9000)),
    kills: Math.floor(num(s.kills, 'kills', 10, 0, 200)),
    redisRestarts: Math.floor(num(s['redis-restarts'], 'redis-restarts', 2, 0, 50)),
    hubs: Math.floor(num(s.hubs, 'hubs', 2, 1, 2)),
    ratePerSec: num(s.rate, 'rate', 100, 1, 10_000),
    concurrency: Math.floor(num(s.concurrency, 'concurrency', 16, 1, 256)),
    chaosBudgetS: num(s['chaos-budget'], 'chaos-budget', 240, 10, 3600),
    settleTimeoutS: num(s['settle-timeout'], 'settle-timeout', 300, 10, 3600),
    duplicateRate: num(s['duplicate-rate'], 'duplicate-rate', 0.05, 0, 1),
    reorderRate: num(s['reorder-rate'], 'reorder-rate', 0.05, 0, 1),
    lostRate: num(s['lost-rate'], 'lost-rate', 0, 0, 1),
    temporaryFailureRate: num(s['temporary-failure-rate'], 'temporary-failure-rate', 0.02, 0, 1),
    stuckRate: num(s['stuck-rate'], 'stuck-rate', 0, 0, 1),
    cluster: v.cluster === true,
    record: v['no-record'] ? undefined : `${root}/RELIABILITY.md`,
  };
}

/** The fleet: phones of every gateway kind (16 SIMs at 60 segments a minute: about 960 texts a minute). */
export function chaosPhones(): PhoneSpec[] {
  const sims = (base: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      number: `+1555010${String(base + i).padStart(4, '0')}`,
      segmentsPerMinute: 60,
    }));
  return [
    { id: 'sg-cloud-1', gateway: 'sms-gate', sims: sims(100, 2) },
    { id: 'sg-cloud-2', gateway: 'sms-gate', sims: sims(200, 2) },
    { id: 'sg-local-1', gateway: 'sms-gate-local', sims: sims(300, 1) },
    { id: 'sg-local-2', gateway: 'sms-gate-local', sims: sims(400, 1) },
    { id: 'hs-1', gateway: 'httpsms', sims: sims(500, 1), messagesPerMinute: 60 },
    { id: 'hs-2', gateway: 'httpsms', sims: sims(600, 1), messagesPerMinute: 60 },
    { id: 'tb-1', gateway: 'textbee', sims: sims(700, 2) },
    { id: 'tb-2', gateway: 'textbee', sims: sims(800, 2) },
    { id: 'mg-1', gateway: 'mysmsgate', sims: sims(900, 2) },
    { id: 'mg-2', gateway: 'mysmsgate', sims: sims(950, 2) },
  ];
}

/**
 * The phones' faults. Gateway webhook retries keep each gateway's attempt pattern but are compressed to at most 5 s
 * apart and 20 attempts, so a report refused during an outage comes back within the run (the real gateways retry
 * for minutes to days).
 */
export function chaosFaults(o: ChaosOptions): Partial<FaultConfig> {
  const retry = { maxAttempts: 20, maxDelayMs: 5_000 };
  return {
    invalidPrefixes: [INVALID_PREFIX],
    duplicateRate: o.duplicateRate,
    reorderRate: o.reorderRate,
    lostRate: o.lostRate,
    temporaryFailureRate: o.temporaryFailureRate,
    stuckRate: o.stuckRate,
    webhookRetry: { 'sms-gate': retry, httpsms: retry, textbee: retry, mysmsgate: retry },
  };
}

/** The fault mix as written in RELIABILITY.md. */
export function faultMix(o: ChaosOptions): string {
  return (
    `dup ${o.duplicateRate}, reorder ${o.reorderRate}, lost ${o.lostRate}, ` +
    `temp fail ${o.temporaryFailureRate}, stuck ${o.stuckRate}, 2% invalid numbers` +
    (o.cluster ? ', 3-master Redis Cluster' : '')
  );
}
