import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const src = __dirname;
const shipped = readdirSync(src, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !/(^|\/)testing\//.test(f))
  .map((f) => ({ file: f, code: readFileSync(join(src, f), 'utf8') }));

describe('@smsfleet/mcp talks to the hub only through @smsfleet/client', () => {
  it('makes no HTTP request of its own', () => {
    const own = shipped.filter(({ code }) =>
      /\bfetch\(|\bhttp\.request\(|\bimport\s*{[^}]*\brequest\b[^}]*}\s*from 'node:http'/.test(code),
    );
    expect(own.map((s) => s.file)).toEqual([]);
  });

  it('has one file per tool, each calling the hub through the tool context, each under 300 lines', () => {
    const tools = shipped.filter(({ file }) => /^tools\/(?!page-input)/.test(file));
    expect(tools).toHaveLength(10);
    for (const { file, code } of tools) {
      expect([file, code.includes('ctx.hub.')]).toEqual([file, true]);
      expect([file, code.split('\n').length < 300]).toEqual([file, true]);
    }
  });

  it('depends at run time on the SDK, the shared client, core and zod only', () => {
    const pkg = JSON.parse(readFileSync(join(src, '..', 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies).sort()).toEqual([
      '@modelcontextprotocol/sdk',
      '@smsfleet/client',
      '@smsfleet/core',
      'zod',
    ]);
  });
});
