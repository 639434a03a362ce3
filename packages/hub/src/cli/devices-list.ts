import type { Device } from '@smsfleet/client';

/** A SIM as `GET /v1/devices` lists it: its budgets and caps with their use (the caps' only with the cap set). */
export type ListedSim = Device['sims'][number] & {
  usedLastMinute: number;
  usedToday?: number;
  usedThisMonth?: number;
  uniqueRecipientsUsed?: { count: number; limit: number; period: 'day' | 'month' };
};

/** A phone as `GET /v1/devices` lists it. */
export type ListedDevice = Omit<Device, 'sims'> & { sims: ListedSim[] };

/** Terminals are 120 columns wide at most in our docs and CI logs; no line of the listing is wider. */
const WIDTH = 120;

/** `12s`, `5m`, `3h`, `2d`: how long ago `at` was at `now` (a clock behind the hub's reads as 0s). */
export function age(at: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(at)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** A phone's vitals, each only when known: last seen, last heartbeat, battery (and charging), network. */
function vitals(d: ListedDevice, now: number): string[] {
  const net = d.connectivity === 'cellular' && d.cellular ? `cellular ${d.cellular}` : (d.connectivity ?? '');
  return [
    d.lastSeenAt ? `seen ${age(d.lastSeenAt, now)} ago` : '',
    d.lastHeartbeatAt ? `heartbeat ${age(d.lastHeartbeatAt, now)} ago` : '',
    d.batteryLevel === undefined ? '' : `battery ${d.batteryLevel}%${d.charging ? ' charging' : ''}`,
    net,
  ];
}

/** A SIM's cells: slot, number, minute use, and its day, month and distinct-recipient caps where capped. */
function simCells(s: ListedSim): string[] {
  const u = s.uniqueRecipientsUsed;
  return [
    `  SIM${s.slot}`,
    s.number ?? '',
    `${s.usedLastMinute}/${s.segmentsPerMinute} per min`,
    s.segmentsPerDay ? `today ${s.usedToday ?? 0}/${s.segmentsPerDay}` : '',
    s.segmentsPerMonth ? `month ${s.usedThisMonth ?? 0}/${s.segmentsPerMonth}` : '',
    u ? `unique ${u.count}/${u.limit} per ${u.period}` : '',
    s.enabled === false ? '(disabled)' : '',
  ];
}

/** Pad each column to its widest cell, two spaces apart; columns empty on every row and trailing blanks dropped. */
function align(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return rows.map((r) =>
    r
      .flatMap((c, i) => (widths[i] ? [c.padEnd(widths[i])] : []))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * `devices list`: per phone a line with id, gateway, connection, health and its vitals when known, then a line per
 * SIM with its minute use and caps (`today 120/500  month 2400/10000  unique 87/200 per month`). Columns line up
 * across the fleet; a line that would pass 120 columns (long ids) is cut into its aligned part and the rest below.
 */
export function deviceLines(devices: ListedDevice[], now: number): string[] {
  const heads = align(devices.map((d) => [d.id, d.gateway, d.connectionId ?? '-', d.health, ...vitals(d, now)]));
  const sims = align(devices.flatMap((d) => d.sims.map(simCells)));
  const out: string[] = [];
  let k = 0;
  devices.forEach((d, i) => {
    out.push(...fit(heads[i] ?? ''));
    for (const _ of d.sims) out.push(...fit(sims[k++] ?? ''));
  });
  return out;
}

/** A line as is, or cut at the last column gap before 120 with the rest indented below. */
function fit(line: string): string[] {
  if (line.length <= WIDTH) return [line];
  const cut = line.lastIndexOf('  ', WIDTH);
  if (cut <= 4) return [line.slice(0, WIDTH), ...fit(`    ${line.slice(WIDTH).trimStart()}`)];
  return [line.slice(0, cut).trimEnd(), ...fit(`    ${line.slice(cut).trimStart()}`)];
}
