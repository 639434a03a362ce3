import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The demo puts the hub, simulated phones and the Slack app together, so it, not the hub, declares them: every package
// its shipped code loads is a dependency in its package.json (the hub used to `require` Slack without declaring it).
const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** The packages a source file loads: `@scope/name` or `name`, without a subpath; node's own modules left out. */
function packagesOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const specs = [
    ...src.matchAll(/\bfrom\s+'([^'.][^']*)'|\brequire\('([^'.][^']*)'\)|\bimport\('([^'.][^']*)'\)/g),
  ].map((m) => (m[1] ?? m[2] ?? m[3])!);
  return specs
    .filter((s) => !s.startsWith('node:') && !builtinModules.includes(s))
    .map((s) =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

describe("the demo's dependencies", () => {
  it('declares every package its shipped code loads', () => {
    const shipped = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !/\.test\.ts$|^fake-/.test(f));
    const used = new Set(shipped.flatMap((f) => packagesOf(join(__dirname, f))));
    expect([...used].filter((p) => !(p in pkg.dependencies))).toEqual([]);
    expect([...used].sort()).toEqual(['@smsfleet/core', '@smsfleet/fleet-sim', '@smsfleet/hub', '@smsfleet/slack']);
  });
});
