/** One benchmark figure, as `scripts/bench.cjs` expects it (printed as a `BENCH <json>` line). */
export interface BenchResult {
  name: string;
  figure: number;
  unit: string;
  baseline?: { name: string; figure: number; unit: string };
  ratio?: number;
  target?: string;
  pass?: boolean;
  notes?: string;
}

/** Print a benchmark result for people and for scripts/bench.cjs. */
export function reportBench(r: BenchResult): void {
  const base = r.baseline
    ? ` (baseline ${r.baseline.name}: ${r.baseline.figure.toFixed(2)} ${r.baseline.unit}; ratio ${r.ratio?.toFixed(3)})`
    : '';
  const target = r.target ? ` target ${r.target}: ${r.pass ? 'met' : 'MISSED'}` : '';
  console.log(`${r.name}: ${r.figure.toFixed(2)} ${r.unit}${base}${target}`);
  console.log(`BENCH ${JSON.stringify(r)}`);
}

/** Force a full GC (the bench runner starts node with --expose-gc) and return heap used. */
export function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}
