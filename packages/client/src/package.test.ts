import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('@smsfleet/client stays dependency-free', () => {
  it('has no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      dependencies?: object;
      peerDependencies?: object;
    };
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
  });

  it('imports only node built-ins and its own files at run time; core only for types', () => {
    const runtime = readdirSync(__dirname)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        [...readFileSync(join(__dirname, f), 'utf8').matchAll(/^(import|export)(?! type)[^;]*? from '([^']+)'/gms)].map(
          (m) => `${f}: ${m[2]}`,
        ),
      )
      .filter((line) => !/: (node:|\.\/)/.test(line));
    expect(runtime).toEqual([]);
  });
});
