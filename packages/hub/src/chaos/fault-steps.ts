// The faults of a chaos run, fired in schedule order as the campaign progresses: kill -9 a hub (its supervisor
// brings it back after the step's downtime) or Redis (with --cluster, one master of the Cluster).
import { type HubProcess, waitUntil } from './processes';
import type { ChaosStep } from './schedule';

/** What firing the schedule needs from the run. */
export interface FaultStepsDeps {
  hubs: HubProcess[];
  /** The single Redis, or the Cluster whose masters take turns (`name` says which one went down). */
  redis: { kill(): Promise<void>; start(): Promise<void>; readonly name?: string };
  /** The campaign's progress now, 0 to 1: a step waits for its `atProgress`. */
  progress(): number;
  /** The latest time (epoch ms) a step fires even when progress lags, so a stalled campaign still meets its faults. */
  latestAt(step: ChaosStep): number;
  say(line: string): void;
  /** Seconds since the run started, for the log lines. */
  secs(): string;
  /** Each fired step's kind is pushed here as it fires. */
  fired: string[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Fire every step of `schedule`, in order; resolves when the last one is done. */
export async function runFaultSteps(schedule: ChaosStep[], d: FaultStepsDeps): Promise<void> {
  const { hubs, redis, say } = d;
  for (const step of schedule) {
    const latest = d.latestAt(step);
    while (d.progress() < step.atProgress && Date.now() < latest) await sleep(100);
    await sleep(step.jitterMs);
    const at = `${d.secs()}s, progress ${d.progress().toFixed(2)}`;
    if (step.kind === 'kill-hub') {
      const h = hubs[step.hub]!;
      await h.kill();
      say(`[${at}] kill -9 hub ${step.hub}; back in ${step.downMs} ms`);
      await sleep(step.downMs);
      h.start();
      await waitUntil(() => h.healthy(), 90_000, `hub ${step.hub} back`, 200).catch(() =>
        say(`  hub ${step.hub} not healthy 90 s after its restart`),
      );
    } else {
      await redis.kill();
      say(`[${at}] kill -9 ${redis.name ?? 'Redis'}; back in ${step.downMs} ms`);
      await sleep(step.downMs);
      await redis.start();
    }
    d.fired.push(step.kind);
  }
}
