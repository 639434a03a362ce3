import { type BudgetUsage, type BudgetLimit, USAGE_ENTRIES } from './port';
import type { BudgetEntry } from './reservation';

/** The {@link BudgetUsage} of a budget's `entries` (by stamp, oldest first) under `limits` at `now`. */
export function usageOf(entries: BudgetEntry[], limits: BudgetLimit[], now: number): BudgetUsage {
  const widest = Math.max(...limits.map((l) => l.windowMs));
  const counted = entries.filter((e) => e.at > now - widest);
  return {
    used: limits.map((l) => counted.reduce((s, e) => (e.at > now - l.windowMs ? s + e.amount : s), 0)),
    entries: counted.slice(-USAGE_ENTRIES).map((e) => ({ at: e.at, amount: e.amount })),
  };
}

/** The usage part of a reservation script's reply (includes/budget-log.lua `usage_reply`), from index `from`. */
export function parseUsage(reply: unknown[], from: number): BudgetUsage {
  const n = Number(reply[from]);
  const used = reply.slice(from + 1, from + 1 + n).map(Number);
  const entries: BudgetEntry[] = [];
  for (let i = from + 1 + n; i + 1 < reply.length; i += 2) {
    entries.push({ at: Number(reply[i]), amount: Number(reply[i + 1]) });
  }
  return { used, entries };
}
