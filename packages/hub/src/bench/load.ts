import autocannon from 'autocannon';
import type { ChildServer } from './child-server';

/** One autocannon run against a child server: its throughput, and its CPU time per request and share of a core. */
export interface LoadRun {
  /** Requests answered per second (autocannon's average over the run). */
  rps: number;
  /** Requests answered in the run. */
  total: number;
  /** Server CPU (user + system, all its threads) per answered request, in µs; absent where /proc does not tell. */
  cpuUsPerReq?: number;
  /** The server's CPU time over the run's wall time: 1 is one core kept busy. */
  cpuShare?: number;
}

/**
 * Run autocannon with `opts` against `server` and read the server's CPU time around it. A non-2xx answer or a
 * socket error fails the run: a benchmark of errors measures nothing.
 */
export async function load(server: ChildServer<unknown>, opts: autocannon.Options): Promise<LoadRun> {
  const cpu0 = server.cpuMs();
  const t0 = performance.now();
  const r = await autocannon(opts);
  const wall = performance.now() - t0;
  const cpu1 = server.cpuMs();
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${String(opts.url)}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const run: LoadRun = { rps: r.requests.average, total: r.requests.total };
  if (cpu0 !== undefined && cpu1 !== undefined && r.requests.total > 0) {
    run.cpuUsPerReq = ((cpu1 - cpu0) * 1000) / r.requests.total;
    run.cpuShare = (cpu1 - cpu0) / wall;
  }
  return run;
}

/** `run`'s CPU figures as a clause for a benchmark's notes, or nothing where /proc did not tell. */
export function cpuNote(run: LoadRun): string {
  return run.cpuUsPerReq === undefined
    ? ''
    : `, ${run.cpuUsPerReq.toFixed(1)} µs of server CPU per request at ${Math.round(100 * run.cpuShare!)}% of a core`;
}

/**
 * The ratio of CPU per request, baseline over subject (the throughput ratio's twin that a busy load generator
 * cannot flatter), with a remark when the baseline server did not fill its core.
 */
export function cpuRatioNote(baseline: LoadRun, subject: LoadRun): string {
  if (baseline.cpuUsPerReq === undefined || subject.cpuUsPerReq === undefined) return '';
  const ratio = baseline.cpuUsPerReq / subject.cpuUsPerReq;
  const starved =
    baseline.cpuShare! < 0.95
      ? ': the bare server does not fill its core, so the load generator, on the other one, is its limit ' +
        'and the throughput ratio flatters the hub'
      : '';
  return ` (a CPU ratio of ${ratio.toFixed(2)}${starved})`;
}

/** Runs of one server pooled: the mean throughput, and CPU per request weighted by the requests of each run. */
export function pooledRuns(runs: LoadRun[]): LoadRun {
  const total = runs.reduce((a, r) => a + r.total, 0);
  const out: LoadRun = { rps: runs.reduce((a, r) => a + r.rps, 0) / runs.length, total };
  if (runs.every((r) => r.cpuUsPerReq !== undefined)) {
    out.cpuUsPerReq = runs.reduce((a, r) => a + r.cpuUsPerReq! * r.total, 0) / total;
    out.cpuShare = runs.reduce((a, r) => a + r.cpuShare!, 0) / runs.length;
  }
  return out;
}
