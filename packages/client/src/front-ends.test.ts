import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const packages = join(__dirname, '..', '..');

/** Every front-end's shipped source: tests and test helpers (which stand in for the hub or Slack) left out. */
const FRONT_ENDS = [
  { name: 'n8n-nodes-smsfleet', dir: 'n8n-nodes/src' },
  { name: '@smsfleet/zapier', dir: 'zapier/src' },
  { name: '@smsfleet/slack', dir: 'slack/src' },
  { name: 'the smsfleet CLI', dir: 'hub/src/cli' },
];

function sources(dir: string): { file: string; code: string }[] {
  return readdirSync(join(packages, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !/(^|\/)testing\//.test(f))
    .map((f) => ({
      file: relative(packages, join(packages, dir, f)),
      code: readFileSync(join(packages, dir, f), 'utf8'),
    }));
}

/** What a hub client or a webhook verifier of its own would need. */
const OWN_CLIENT_OR_VERIFIER = [
  /\bfetch\(/,
  /webhook-signature/,
  /\bcreateHmac\b/,
  /\btimingSafeEqual\b/,
  /['"]standardwebhooks['"]/,
];

describe('front-ends use @smsfleet/client, and carry no hub client or verifier of their own', () => {
  it.each(FRONT_ENDS)('$name', ({ dir }) => {
    const files = sources(dir);
    expect(files.length).toBeGreaterThan(0);
    const offending = files.flatMap(({ file, code }) =>
      OWN_CLIENT_OR_VERIFIER.filter((re) => re.test(code)).map((re) => `${file}: ${re.source}`),
    );
    expect(offending).toEqual([]);
    expect(files.some(({ code }) => code.includes("from '@smsfleet/client'"))).toBe(true);
  });

  it('the scan does catch a hand-made verifier', () => {
    const copy = "import { createHmac } from 'node:crypto';\nconst sig = headers['webhook-signature'];";
    expect(OWN_CLIENT_OR_VERIFIER.filter((re) => re.test(copy))).toHaveLength(2);
  });
});
