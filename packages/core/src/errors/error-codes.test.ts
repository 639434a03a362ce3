import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from './error-codes';

describe('error catalogue docs', () => {
  const md = readFileSync(join(__dirname, '../../../../docs/errors.md'), 'utf8');
  const rows = [...md.matchAll(/^\| `(SMSFLEET_ERR_[A-Z_]+)` \| (\d{3}) \| (.+) \|$/gm)].map((m) => ({
    code: m[1]!,
    status: Number(m[2]),
    summary: m[3]!,
  }));

  it('documents every code with its HTTP status and summary, and nothing else', () => {
    const fromCode = Object.entries(ERROR_CODES).map(([code, v]) => ({ code, status: v.status, summary: v.summary }));
    expect(rows).toEqual(fromCode);
  });

  it('uses the SMSFLEET_ERR_ prefix and a 4xx/5xx status for every code', () => {
    for (const [code, v] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^SMSFLEET_ERR_[A-Z_]+$/);
      expect(v.status).toBeGreaterThanOrEqual(400);
      expect(v.status).toBeLessThan(600);
    }
  });
});
