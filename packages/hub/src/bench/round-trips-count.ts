import type { Cluster, Redis } from 'ioredis';
import { luaScriptNames } from '@smsfleet/core/bench';

/** Counts by name: a command's name, or `lua:<script>` for an EVALSHA/EVAL of one of the store's scripts. */
export type Tally = Map<string, number>;

/** `a - b` per name, each divided by `per` (names that cancel out are left out). */
export function tallyDiff(a: Tally, b: Tally, per = 1): Tally {
  const out: Tally = new Map();
  for (const [k, v] of a) {
    const d = (v - (b.get(k) ?? 0)) / per;
    if (Math.abs(d) > 1e-9) out.set(k, d);
  }
  return out;
}

/** `a - b * k` per name (the idle rate times the run's length taken out of the run). */
export function tallyMinus(a: Tally, b: Tally, k: number): Tally {
  const out: Tally = new Map(a);
  for (const [n, v] of b) out.set(n, (out.get(n) ?? 0) - v * k);
  return out;
}

/** The sum of a tally. */
export function tallySum(t: Tally): number {
  let s = 0;
  for (const v of t.values()) s += v;
  return s;
}

/** A tally's largest entries, as `name 12.3` items, for the bench's output. */
export function tallyTop(t: Tally, n = Number(process.env.BENCH_TOP ?? 30)): string {
  return [...t.entries()]
    .filter(([, v]) => v >= 0.05)
    .sort((x, y) => y[1] - x[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');
}

/**
 * Count the commands `conn` sends (a round trip each: a Lua script is one, a MULTI block counts each command), by
 * name. Works on a single node and on a Cluster (counted once where the Cluster routes it).
 */
export function countCommands(conn: Redis | Cluster): { tally: () => Tally } {
  const scripts = luaScriptNames();
  const counts: Tally = new Map();
  const trace = new Set((process.env.BENCH_TRACE ?? '').split(',').filter(Boolean));
  const target = conn as unknown as { sendCommand: (c: { name: string; args: unknown[] }, ...r: unknown[]) => unknown };
  const send = target.sendCommand.bind(conn);
  target.sendCommand = (command, ...rest) => {
    let name = command.name;
    if (name === 'evalsha') name = `lua:${scripts.get(String(command.args[0])) ?? 'unknown'}`;
    else if (name === 'eval') name = 'lua:(eval after NOSCRIPT)';
    if (trace.has(name)) name = `${name} <- ${caller()}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return send(command, ...rest);
  };
  return { tally: () => new Map(counts) };
}

/**
 * The store and hub frames (outside the Redis plumbing) of the code that sent a command, for `BENCH_TRACE`
 * (`BENCH_TRACE_DEPTH` frames, 4 by default).
 */
function caller(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const ours = frames
    .map((f) => /(packages\/[^)]+?):\d+/.exec(f)?.[1])
    .filter((f): f is string => !!f && !/bench\/|store-errors|redis\/lua\.|node_modules/.test(f));
  return ours.slice(0, Number(process.env.BENCH_TRACE_DEPTH ?? 4)).join(' < ');
}

/** The server's executed commands by name (`INFO commandstats`, which counts commands run inside Lua), all nodes. */
export async function serverCommands(nodes: Redis[]): Promise<Tally> {
  const out: Tally = new Map();
  for (const node of nodes) {
    const info = await node.info('commandstats');
    for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      out.set(m[1]!, (out.get(m[1]!) ?? 0) + Number(m[2]));
    }
  }
  return out;
}
