// What a chaos run needs before and around the campaign: the commit it runs, the hub's fleet file for the
// simulated phones, and the phones' ground truth.
import { execFileSync } from 'node:child_process';
import type { Fleet, FleetDescription, TruthSnapshot } from '@smsfleet/fleet-sim';
import { fleetConfigFromSim } from '../testing/from-sim';

/** The commit checked out in `root` (`<sha>+changes` when tracked files differ, RELIABILITY.md aside). */
export function commitOf(root: string): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!RELIABILITY.md'], {
        cwd: root,
        encoding: 'utf8',
      }).trim() !== '';
    return dirty ? `${sha}+changes` : sha;
  } catch {
    return 'unknown';
  }
}

/**
 * The hub fleet file for the simulated phones; each sms-gate cloud phone's webhooks registered for that phone
 * only.
 */
export function fleetFile(d: FleetDescription): unknown {
  const cfg = fleetConfigFromSim({ gateways: d.gateways, phones: () => d.phones } as unknown as Fleet);
  for (const c of cfg.connections) {
    const conn = c.connection as { kind: string; mode?: string; webhookDeviceId?: string };
    const dev = cfg.devices.find((x) => x.connectionId === c.id);
    if (conn.kind === 'sms-gate' && conn.mode === 'cloud' && dev?.gatewayDeviceId)
      conn.webhookDeviceId ??= dev.gatewayDeviceId;
  }
  return cfg;
}

/** fleet-sim's ground truth, or undefined when it does not answer within 10 s. */
export async function fetchTruth(url: string): Promise<TruthSnapshot | undefined> {
  try {
    return (await (await fetch(`${url}/truth`, { signal: AbortSignal.timeout(10_000) })).json()) as TruthSnapshot;
  } catch {
    return undefined;
  }
}
