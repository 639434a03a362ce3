#!/usr/bin/env node
/**
 * fleet-sim as a process of its own, so the phones outlive any hub (the chaos runner kills hubs, never phones):
 *   node packages/fleet-sim/dist/cli/main.js --spec fleet-spec.json [--truth-port N]
 * The spec is `{ seed, phones, faults?, timing? }` (FleetOptions without the clock: real time). Once every server
 * listens it prints one line `FLEET_SIM_READY <json>` (see {@link describeFleet}); it stops on SIGTERM / SIGINT.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startFleet, type Fleet } from '../fleet';
import { startTruthServer } from '../truth-server';
import type { FleetOptions, GatewayCredentials, GatewayEndpoint, CloudGateway, PhoneGateway } from '../types';

/** The line prefix the runner waits for. */
export const READY_PREFIX = 'FLEET_SIM_READY ';

/** What a running fleet tells the outside: enough to write a hub's fleet file, and where the truth is. */
export interface FleetDescription {
  seed: number;
  truthUrl: string;
  gateways: Record<CloudGateway, GatewayEndpoint>;
  phones: Array<{
    id: string;
    gateway: PhoneGateway;
    baseUrl: string;
    credentials: GatewayCredentials;
    webhookSecret?: string;
    sims: Array<{ slot: number; number: string; segmentsPerMinute: number }>;
  }>;
}

/** Describe a running fleet as JSON-able data (credentials included: it is printed to the process that started it). */
export function describeFleet(fleet: Fleet, seed: number, truthUrl: string): FleetDescription {
  return {
    seed,
    truthUrl,
    gateways: fleet.gateways,
    phones: fleet.phones().map((p) => ({
      id: p.id,
      gateway: p.gateway,
      baseUrl: p.baseUrl,
      credentials: p.credentials,
      ...(p.webhookSecret ? { webhookSecret: p.webhookSecret } : {}),
      sims: p.sims.map((s) => ({ ...s })),
    })),
  };
}

/** Read a spec file: a FleetOptions without clock or host (the CLI runs on real time, on 127.0.0.1). */
export function readSpec(text: string): Omit<FleetOptions, 'clock' | 'host'> {
  const spec = JSON.parse(text) as Omit<FleetOptions, 'clock' | 'host'> & { clock?: unknown; host?: unknown };
  if (!spec || !Array.isArray(spec.phones)) throw new Error('fleet-sim: the spec needs "phones": [...]');
  if (spec.clock !== undefined || spec.host !== undefined)
    throw new Error('fleet-sim: the CLI takes no "clock" or "host" (real time, 127.0.0.1)');
  return spec;
}

async function run(argv: string[]): Promise<void> {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: { spec: { type: 'string' }, 'truth-port': { type: 'string' } },
  });
  if (!v.spec) throw new Error('usage: fleet-sim --spec FILE [--truth-port N]');
  const spec = readSpec(readFileSync(v.spec, 'utf8'));
  const seed = spec.seed ?? 1;
  const fleet = await startFleet({ ...spec, seed, host: '127.0.0.1' });
  const truth = await startTruthServer(fleet, v['truth-port'] ? Number(v['truth-port']) : 0);
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(describeFleet(fleet, seed, truth.url))}\n`);
  const stop = () => {
    void Promise.allSettled([truth.close(), fleet.close()]).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`fleet-sim: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
