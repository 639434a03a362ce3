import { appendFileSync } from 'node:fs';
import type { FaultMode } from '@smsfleet/core/testing';
import type { PhoneGateway } from '@smsfleet/fleet-sim';
import { Activity } from './activity';
import { runLife, type LifeRun } from './message-life';
import type { StoreCase } from './stores';

/**
 * The fault-injection suite of one store over some gateways (`fault-injection.<store>.<gateway>.test.ts`, one file
 * per store and gateway, so jest's workers share them out). Fault
 * injection over one message's whole life (send, create, dispatch, hand-over, reports, webhook delivery, click,
 * inbound): a clean life counts the store calls; then, for every call k and both modes, a fresh life fails call k
 * once and must still keep the promise (see life-verdict.ts).
 * Enumerated, not sampled.
 *
 * The clean lives and the enumeration run in every `npm test`; FAULTS=0 runs only the clean lives (a quick check while
 * working on something else). FAULTS_GATEWAYS=httpsms,textbee narrows it,
 * FAULTS_CONCURRENCY (default 3) sets how many lives run at once, FAULTS_REPORT=<file> appends every failing point
 * as a JSON line.
 */
export const GATEWAYS: PhoneGateway[] = ['sms-gate', 'sms-gate-local', 'httpsms', 'textbee', 'mysmsgate'];
const MODES: FaultMode[] = ['throw-before', 'fail-after'];
/**
 * Calls that only read: failing one after it "landed" changes nothing the caller could not see failing before it, so
 * both modes are the same point and it runs once (as throw-before).
 */
const READ_CALLS = [
  'messages\\.(get|events|list|byGatewayId|pendingCreates)',
  'inbound\\.(get|list)',
  'devices\\.(get|list)',
  'connections\\.(get|list)',
  'contacts\\.(get|list)',
  'conversations\\.(get|latest)',
  'subscriptions\\.(get|list|snapshot)',
  'deliveries\\.list',
  'budgets\\.(used|usedIn)',
  'counters\\.get',
  'apiKeys\\.(byHash|list)',
  'links\\.(get|stats)',
  'bindings\\.get',
  'dedupe\\.seen',
];
const READS = new RegExp(`^(${READ_CALLS.join('|')})$`);
const ENUMERATE = process.env.FAULTS !== '0';
const only = process.env.FAULTS_GATEWAYS?.split(',');
const CONCURRENCY = Number(process.env.FAULTS_CONCURRENCY ?? 3);

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** Declare the suite for `storeCase` over `gateways`: call it at the top level of a test file. */
export function faultInjectionSuite(storeCase: StoreCase, gateways: readonly PhoneGateway[] = GATEWAYS): void {
  jest.setTimeout(ENUMERATE ? 3 * 3600_000 : 120_000);
  const activity = new Activity();
  let uninstall: () => void;
  beforeAll(() => {
    uninstall = activity.install();
  });
  afterAll(() => uninstall());
  describe(`message life under store faults (${storeCase.name} store)`, () => suite(storeCase, gateways, activity));
}

function suite(storeCase: StoreCase, gateways: readonly PhoneGateway[], activity: Activity): void {
  const totals = { points: 0, failing: 0, ms: 0 };
  afterAll(() => {
    if (ENUMERATE) {
      const covered = `${totals.points} injection points covered (${storeCase.name})`;
      console.log(`fault-injection: ${covered}, ${totals.failing} failing, ${Math.round(totals.ms / 1000)} s`);
    }
  });

  const run = gateways.filter((g) => !only || only.includes(g));
  if (run.length === 0) {
    it.skip(`${gateways.join(', ')}: not in FAULTS_GATEWAYS`, () => {}); // jest refuses an empty it.each
    return;
  }
  it.each(run)('%s', async (gateway) => {
    const t = Date.now();
    const clean = await runLife({ storeCase, gateway, activity });
    expect(clean.verdict).toMatchObject({ problems: [], notes: [], status: 'delivered', phone: 'delivered' });
    const calls = clean.faults.trace.filter((c) => c.n > 0);
    expect(calls.length).toBeGreaterThan(30);
    if (!ENUMERATE) return;

    const points = calls.flatMap((c) =>
      (READS.test(c.label) ? MODES.slice(0, 1) : MODES).map((mode) => ({ call: c, mode })),
    );
    const runs = await pool(
      points,
      CONCURRENCY,
      async (p): Promise<LifeRun> =>
        runLife({
          storeCase,
          gateway,
          activity,
          fault: { label: p.call.label, occurrence: p.call.occurrence, mode: p.mode },
        }),
    );
    const failing = points
      .map((p, i) => ({ ...p, run: runs[i]! }))
      .filter(({ run }) => run.verdict.problems.length > 0 || !run.faults.fired)
      .map(({ call, mode, run }) => ({
        store: storeCase.name,
        gateway,
        call: call.n,
        label: call.label,
        occurrence: call.occurrence,
        mode,
        args: call.args,
        problems: run.faults.fired ? run.verdict.problems : ['not reached: the armed call never happened'],
        notes: run.verdict.notes,
        status: run.verdict.status,
        phone: run.verdict.phone,
        log: run.verdict.log,
      }));
    const ms = Date.now() - t;
    totals.points += points.length;
    totals.failing += failing.length;
    totals.ms += ms;
    const scope = `${storeCase.name}, ${gateway}: ${calls.length} store calls, writes in both modes`;
    const failures = failing
      .map((f) => `\n  #${f.call} ${f.label}#${f.occurrence} ${f.mode}: ${f.problems.join('; ')}`)
      .join('');
    console.log(
      `fault-injection: ${points.length} injection points covered (${scope}), ${failing.length} failing, ` +
        `${Math.round(ms / 1000)} s${failures}`,
    );
    if (process.env.FAULTS_REPORT)
      for (const f of failing) appendFileSync(process.env.FAULTS_REPORT, `${JSON.stringify(f)}\n`);
    expect(failing).toEqual([]);
  });
}
