import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The hub ships without the simulator and the Slack app: fleet-sim is for its tests (a devDependency), and the demo
// (`@smsfleet/demo`) is what puts the hub, simulated phones and Slack together. A production install of the hub must
// not need either, and the demo and Slack may depend on the hub without a cycle.
const HUB = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(HUB, 'package.json'), 'utf8')) as {
  main: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const NOT_SHIPPED = ['@smsfleet/fleet-sim', '@smsfleet/slack', '@smsfleet/demo'];

/** The modules a source file imports, requires or loads with `import()`, type-only imports included. */
function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of src.matchAll(/\bfrom\s+'([^']+)'|\brequire\('([^']+)'\)|\bimport\('([^']+)'\)/g))
    found.push((m[1] ?? m[2] ?? m[3])!);
  return found;
}

/** The source file a relative import names (`./x` is `x.ts` or `x/index.ts`). */
function sourceOf(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const f of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(f)) return f;
  throw new Error(`${relative(HUB, from)} imports ${spec}, which is no source file`);
}

/** Every hub source file reachable from `entries` through relative imports. */
function reachable(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...entries];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    if (seen.has(f)) continue;
    seen.add(f);
    for (const spec of importsOf(f)) if (spec.startsWith('.')) todo.push(sourceOf(f, spec));
  }
  return seen;
}

/** The sources of what the hub runs and exports: its main module, its bin's CLI, and the server process. */
function entryPoints(): string[] {
  const fromDist = (p: string) => join(HUB, p.replace(/^(\.\/)?dist\//, 'src/').replace(/\.js$/, '.ts'));
  const bins = Object.values(pkg.bin).flatMap((b) =>
    importsOf(join(HUB, b)).map((spec) => fromDist(relative(HUB, resolve(dirname(join(HUB, b)), spec)))),
  );
  return [fromDist(pkg.main), ...bins, join(HUB, 'src', 'server.ts')];
}

describe("the hub's dependencies", () => {
  it('lists neither the simulator, the Slack app nor the demo as a run-time dependency', () => {
    expect(Object.keys(pkg.dependencies).filter((d) => NOT_SHIPPED.includes(d))).toEqual([]);
    expect(pkg.devDependencies['@smsfleet/fleet-sim']).toBeDefined(); // its tests run simulated phones
  });

  it('loads neither from anything it runs or exports (its testing support aside)', () => {
    const entries = entryPoints();
    expect(entries.map((e) => relative(HUB, e)).sort()).toEqual(['src/cli/main.ts', 'src/index.ts', 'src/server.ts']);
    const files = reachable(entries);
    expect(files.size).toBeGreaterThan(50); // the walk follows the imports, not just the entry files
    const offending = [...files].flatMap((f) =>
      importsOf(f)
        .filter((spec) => NOT_SHIPPED.some((n) => spec === n || spec.startsWith(`${n}/`)))
        .map((spec) => `${relative(HUB, f)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
    expect([...files].filter((f) => /\.test\.ts$|\/src\/testing\//.test(f)).map((f) => relative(HUB, f))).toEqual([]);
  });
});
