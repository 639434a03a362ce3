/**
 * The latency bench's arithmetic: per report, latency from its intended send time (so the generator's lag counts
 * against the server, never hides), the generator's own lag, and the figures pooled over alternating rounds.
 */
import { intendedAt, type Schedule } from './latency-schedule';

/** One round against one server, after its warm-up: samples in ms, and the server's CPU over the round. */
export interface RoundSamples {
  /** Webhook receipt minus the report's intended send time; a missing webhook counts as late as the round's end. */
  latency: number[];
  /** Ingress answer minus the intended send time. */
  answer: number[];
  /** Actual send minus intended send: how late the generator was. */
  lag: number[];
  /** Webhooks that arrived, of `expected`. */
  arrived: number;
  expected: number;
  /** Server CPU per measured report, in µs. */
  cpuUs?: number;
}

/** What the generator and the subscriber noted for one round (index n is the round's nth report; 0: never). */
export interface RoundRecord {
  sentAt: Float64Array;
  answeredAt: Float64Array;
  receivedAt: Float64Array;
  /** When the round stopped waiting for webhooks. */
  endedAt: number;
}

/** The samples of `rec`'s reports from `warm` on, measured from each report's intended time on `schedule`. */
export function roundSamples(schedule: Schedule, warm: number, rec: RoundRecord, cpuUs?: number): RoundSamples {
  const out: RoundSamples = { latency: [], answer: [], lag: [], arrived: 0, expected: schedule.total - warm };
  if (cpuUs !== undefined) out.cpuUs = cpuUs;
  for (let n = warm; n < schedule.total; n++) {
    const intended = intendedAt(schedule, n);
    if (rec.receivedAt[n]! > 0) out.arrived++;
    out.latency.push((rec.receivedAt[n]! || rec.endedAt) - intended);
    out.answer.push((rec.answeredAt[n]! || rec.endedAt) - intended);
    out.lag.push((rec.sentAt[n]! || rec.endedAt) - intended);
  }
  return out;
}

/** The `p` quantile (0..1) of ascending `xs` (nearest rank). */
export function quantile(xs: number[], p: number): number {
  return xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(p * xs.length) - 1))]!;
}

/** A server's figures over its rounds, in ms (CPU in µs per report). */
export interface Figures {
  p50: number;
  p99: number;
  max: number;
  answerP50: number;
  answerP99: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  /** Each round's p99, in the order run. */
  roundP99: number[];
  arrived: number;
  expected: number;
  /** Mean over the rounds that told it. */
  cpuUs?: number;
}

/** Pool `rounds` into figures. */
export function summarise(rounds: RoundSamples[]): Figures {
  const pool = (k: 'latency' | 'answer' | 'lag') => rounds.flatMap((r) => r[k]).sort((a, b) => a - b);
  const lat = pool('latency');
  const answer = pool('answer');
  const lag = pool('lag');
  const cpus = rounds.flatMap((r) => (r.cpuUs === undefined ? [] : [r.cpuUs]));
  const f: Figures = {
    p50: quantile(lat, 0.5),
    p99: quantile(lat, 0.99),
    max: lat[lat.length - 1]!,
    answerP50: quantile(answer, 0.5),
    answerP99: quantile(answer, 0.99),
    lagP50: quantile(lag, 0.5),
    lagP99: quantile(lag, 0.99),
    lagMax: lag[lag.length - 1]!,
    roundP99: rounds.map((r) =>
      quantile(
        [...r.latency].sort((a, b) => a - b),
        0.99,
      ),
    ),
    arrived: rounds.reduce((s, r) => s + r.arrived, 0),
    expected: rounds.reduce((s, r) => s + r.expected, 0),
  };
  if (cpus.length) f.cpuUs = cpus.reduce((s, c) => s + c, 0) / cpus.length;
  return f;
}

/** `f` as a clause for the bench's notes. */
export function describeFigures(f: Figures): string {
  const ms = (x: number) => x.toFixed(x >= 100 ? 0 : 2);
  return (
    `p50 ${ms(f.p50)} ms, p99 ${ms(f.p99)} ms (rounds: ${f.roundP99.map(ms).join(', ')}), max ${ms(f.max)} ms; ` +
    `ingress answered at p50 ${ms(f.answerP50)}, p99 ${ms(f.answerP99)} ms; generator behind its schedule at p50 ` +
    `${ms(f.lagP50)}, p99 ${ms(f.lagP99)}, max ${ms(f.lagMax)} ms` +
    (f.cpuUs === undefined ? '' : `; ${f.cpuUs.toFixed(0)} µs of server CPU per report`) +
    (f.arrived < f.expected ? `; only ${f.arrived} of ${f.expected} webhooks arrived` : '')
  );
}
