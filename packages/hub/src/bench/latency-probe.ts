/**
 * The latency bench's probe inside a server process: its garbage-collection pauses and event-loop delay since the
 * last read, served on a port of its own (so it touches neither the server's routes nor its hooks). A p99 that the
 * load cannot explain is often a pause: the probe tells which.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** What a server process stalled on since the previous read, in ms. */
export interface ProbeReading {
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** Event-loop delay (how late a 10 ms timer fired), p99 and max. */
  loopP99Ms: number;
  loopMaxMs: number;
}

/** Start the probe in this process; resolves with its URL. */
export function startProbe(): Promise<string> {
  let gc = { gcCount: 0, gcTotalMs: 0, gcMaxMs: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.gcCount++;
      gc.gcTotalMs += e.duration;
      gc.gcMaxMs = Math.max(gc.gcMaxMs, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const server = createServer((_req, res) => {
    const reading: ProbeReading = {
      ...gc,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    };
    gc = { gcCount: 0, gcTotalMs: 0, gcMaxMs: 0 };
    loop.reset();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reading));
  });
  server.unref(); // the server it watches keeps the process alive, not the probe
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)),
  );
}

/** Read (and reset) the probe at `url`; undefined when it does not answer. */
export function readProbe(url: string): Promise<ProbeReading | undefined> {
  return new Promise((resolve) => {
    request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve(JSON.parse(body) as ProbeReading));
    })
      .on('error', () => resolve(undefined))
      .end();
  });
}

/** Readings summed over rounds: counts and totals added, maxima kept, the loop's p99 as its worst round. */
export function mergeReadings(rs: ProbeReading[]): ProbeReading | undefined {
  if (!rs.length) return undefined;
  return rs.reduce((a, r) => ({
    gcCount: a.gcCount + r.gcCount,
    gcTotalMs: a.gcTotalMs + r.gcTotalMs,
    gcMaxMs: Math.max(a.gcMaxMs, r.gcMaxMs),
    loopP99Ms: Math.max(a.loopP99Ms, r.loopP99Ms),
    loopMaxMs: Math.max(a.loopMaxMs, r.loopMaxMs),
  }));
}

/** `r` as a clause for the notes. */
export function describeReading(r: ProbeReading | undefined): string {
  if (!r) return '';
  return (
    `; in the server: ${r.gcCount} GC pauses, ${r.gcTotalMs.toFixed(0)} ms in all, ` +
    `the longest ${r.gcMaxMs.toFixed(1)} ` +
    `ms; event-loop delay p99 ${r.loopP99Ms.toFixed(1)} ms (worst round), max ${r.loopMaxMs.toFixed(1)} ms`
  );
}
