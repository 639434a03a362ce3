import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import type { ChaosFigures, Judgement } from './judge';
import { MUST_BE_ZERO } from './judge';

/** What a run was, for its RELIABILITY.md row. */
export interface RunInfo {
  date: string;
  commit: string;
  seed: number;
  messages: number;
  hubs: number;
  kills: number;
  redisRestarts: number;
  faultMix: string;
  durationS: number;
}

const LABELS: Array<[keyof ChaosFigures, string]> = [
  ['lost', 'lost'],
  ['textedTwice', 'texted twice'],
  ['wrongFinal', 'wrong final'],
  ['stuck', 'stuck'],
  ['createdTwice', 'created twice'],
  ['doubledEvents', 'doubled events'],
  ['unconfirmed', 'unconfirmed (unknown)'],
  ['missingFinalEvents', 'final event missing'],
  ['redelivered', 'redelivered (same webhook-id)'],
  ['notAccepted', 'not accepted'],
  ['accepted', 'accepted'],
  ['texts', 'texts on the air'],
];

/** Whether every figure that must be 0 is 0. */
export function passed(f: ChaosFigures): boolean {
  return MUST_BE_ZERO.every((k) => f[k] === 0);
}

/** The printed result: figures, and up to `perFigure` examples of each non-zero one. */
export function resultTable(j: Judgement, perFigure = 5): string {
  const w = Math.max(...LABELS.map(([, l]) => l.length));
  const lines = LABELS.map(
    ([k, l]) =>
      `  ${l.padEnd(w)}  ${String(j.figures[k]).padStart(6)}` +
      ((MUST_BE_ZERO as readonly string[]).includes(k) && j.figures[k] > 0 ? '   <-- must be 0' : ''),
  );
  for (const [k, l] of LABELS) {
    const d = j.details[k];
    if (!d?.length) continue;
    lines.push(
      `  ${l}: ${d.slice(0, perFigure).join(' | ')}` +
        (d.length > perFigure ? ` | ... (${d.length - perFigure} more)` : ''),
    );
  }
  return lines.join('\n');
}

const COLUMNS = [
  ...['date', 'commit', 'seed', 'messages', 'hubs', 'kills', 'Redis restarts', 'fault mix', 'duration', 'lost'],
  ...['texted twice', 'wrong final', 'stuck', 'created twice', 'doubled events', 'unconfirmed', 'final event missing'],
  'result',
];

const HEADER = `# Reliability

Written by \`npm run chaos\` (see README.md, "Chaos runs"): one row per run. Each run starts Redis (append-only file,
fsync always), fleet-sim in its own process and \`smsfleet serve\` hubs behind one webhook URL, sends a campaign with
idempotency keys at a high rate, kill -9s hubs and restarts Redis at seeded moments, and compares the hubs' view with
the phones' ground truth. The first six figures must be 0; *unconfirmed* (ended \`unknown\`: the hub could not confirm a
hand-over and did not resend it) and *final event missing* are shown, not failures. Rerun a row with its seed:
\`npm run chaos -- --seed N --messages M --kills K --redis-restarts R --hubs H\`.

| ${COLUMNS.join(' | ')} |
| ${COLUMNS.map(() => '---').join(' | ')} |
`;

/** The RELIABILITY.md row of a run. */
export function reliabilityRow(r: RunInfo, f: ChaosFigures): string {
  return (
    `| ${r.date} | ${r.commit} | ${r.seed} | ${r.messages} | ${r.hubs} | ${r.kills} | ${r.redisRestarts} | ` +
    `${r.faultMix} | ${r.durationS} s | ` +
    `${f.lost} | ${f.textedTwice} | ${f.wrongFinal} | ${f.stuck} | ${f.createdTwice} | ${f.doubledEvents} | ` +
    `${f.unconfirmed} | ${f.missingFinalEvents} | ` +
    `${passed(f) ? 'pass' : '**fail**'} |\n`
  );
}

/** Append a run's row to `file`, writing the header first when the file is new. */
export function appendReliability(file: string, r: RunInfo, f: ChaosFigures): void {
  if (!existsSync(file)) writeFileSync(file, HEADER);
  appendFileSync(file, reliabilityRow(r, f));
}
