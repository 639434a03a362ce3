import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from './error-codes';

const ROOT = join(__dirname, '../../../..');
/** Where the hub's errors are raised: core and the hub. */
const SOURCE_DIRS = ['packages/core/src', 'packages/hub/src'];

/** The code of the source files, without tests, the catalogue itself, or comment lines. */
function sourceCode(): string {
  const parts: string[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const f of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f.endsWith('.d.ts')) continue;
      if (f.endsWith('error-codes.ts')) continue;
      const text = readFileSync(join(ROOT, dir, f), 'utf8');
      parts.push(
        text
          .split('\n')
          .filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l))
          .join('\n'),
      );
    }
  }
  return parts.join('\n');
}

/** The codes in a text that appear as a string literal of their own (`'SMSFLEET_ERR_X'`), as raising needs. */
function usedCodes(code: string): Set<string> {
  return new Set([...code.matchAll(/['"`](SMSFLEET_ERR_[A-Z_]+)['"`]/g)].map((m) => m[1]!));
}

describe('error codes are raised', () => {
  const used = usedCodes(sourceCode());
  const md = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
  const documented = [...md.matchAll(/^\| `(SMSFLEET_ERR_[A-Z_]+)` \|/gm)].map((m) => m[1]!);

  it('finds the documented codes', () => {
    expect(documented.length).toBeGreaterThan(10);
  });

  it('raises every code documented in docs/errors.md somewhere in the source', () => {
    expect(documented.filter((c) => !used.has(c))).toEqual([]);
  });

  it("raises every code of core's catalogue somewhere in the source", () => {
    expect(Object.keys(ERROR_CODES).filter((c) => !used.has(c))).toEqual([]);
  });
});
