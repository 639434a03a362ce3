import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILURE_CATEGORIES } from '../schemas/status';
import { MessageFailure } from '../schemas/status';
import { FAILURE_CATALOGUE, failureByAndroidResult, failureByCode } from './catalogue';
import { classifyFailure, ownFailure } from './classify';
import { failureCatalogueMarkdown } from './docs-table';

describe('failure catalogue', () => {
  it('has unique codes, every SMS Works code with its permanence, and valid entries', () => {
    const codes = FAILURE_CATALOGUE.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    const permanence: Record<string, boolean> = {
      5001: true,
      5004: true,
      5006: true,
      5008: true,
      5009: true,
      5010: true,
      5011: true,
      5013: false,
      5015: false,
      5020: true,
      5034: true,
    };
    for (const [code, permanent] of Object.entries(permanence)) expect(failureByCode(code)?.permanent).toBe(permanent);
    for (const e of FAILURE_CATALOGUE) expect(e.explanation.length).toBeGreaterThan(10);
  });

  it('reaches every failure category', () => {
    const cats = new Set(FAILURE_CATALOGUE.map((e) => e.category));
    expect([...cats].sort()).toEqual([...FAILURE_CATEGORIES].sort());
  });

  it('finds Android results by name and by number', () => {
    expect(failureByAndroidResult(5)?.code).toBe('RESULT_ERROR_LIMIT_EXCEEDED');
    expect(failureByCode('result_error_no_service')?.category).toBe('device_offline');
  });

  it('is documented in docs/failure-codes.md exactly', () => {
    const file = join(__dirname, '../../../../docs/failure-codes.md');
    // SMSFLEET_UPDATE_DOCS=1 npx jest src/failures regenerates the table after a catalogue change.
    if (process.env.SMSFLEET_UPDATE_DOCS === '1') writeFileSync(file, failureCatalogueMarkdown());
    const md = readFileSync(file, 'utf8');
    expect(md).toBe(failureCatalogueMarkdown());
  });
});

describe('classifyFailure', () => {
  const cases: Array<[Parameters<typeof classifyFailure>[0], string, string, boolean]> = [
    [{ code: 5001 }, '5001', 'invalid_number', true],
    [{ code: '5015' }, '5015', 'expired', false],
    [
      { gateway: 'sms-gate', reason: 'RESULT_ERROR_LIMIT_EXCEEDED' },
      'RESULT_ERROR_LIMIT_EXCEEDED',
      'rate_limited',
      false,
    ],
    [{ gateway: 'sms-gate', code: 'ERROR_NO_SERVICE' }, 'RESULT_ERROR_NO_SERVICE', 'device_offline', false],
    [{ gateway: 'textbee', code: 4, reason: 'Failed to send' }, 'RESULT_ERROR_NO_SERVICE', 'device_offline', false],
    [{ gateway: 'textbee', code: '10' }, 'RESULT_NETWORK_REJECT', 'invalid_number', true],
    [
      { gateway: 'httpsms', reason: 'RESULT_ERROR_GENERIC_FAILURE: the phone could not send' },
      'RESULT_ERROR_GENERIC_FAILURE',
      'network',
      false,
    ],
    [{ gateway: 'httpsms', reason: 'Message expired after 10 minutes' }, '5015', 'expired', false],
    [{ gateway: 'mysmsgate', reason: 'Invalid phone number' }, '5001', 'invalid_number', true],
    [{ gateway: 'mysmsgate', reason: 'Device offline' }, 'SMSFLEET_DEVICE_OFFLINE', 'device_offline', false],
    [{ reason: 'Blocked by carrier spam filter' }, '5004', 'carrier_blocked', true],
    [{ reason: 'recipient opted out' }, 'SMSFLEET_OPTED_OUT', 'opted_out', true],
    [{ reason: 'Number is a landline' }, 'SMSFLEET_NOT_MOBILE', 'invalid_number', true],
    [{ reason: 'Too many messages, slow down' }, 'RESULT_ERROR_LIMIT_EXCEEDED', 'rate_limited', false],
    [{ reason: 'network congestion' }, 'RESULT_NETWORK_ERROR', 'network', false],
    [{ reason: 'message content prohibited' }, 'SMSFLEET_CONTENT_REJECTED', 'content_rejected', true],
  ];
  it.each(cases)('%j -> %s', (input, code, category, permanent) => {
    const f = classifyFailure(input);
    expect(MessageFailure.parse(f)).toEqual(f);
    expect(f).toMatchObject({ code, category, permanent });
  });

  it('keeps the raw code and reason, splitting "CODE: reason"', () => {
    expect(classifyFailure({ code: 4, reason: 'no service' })).toMatchObject({ rawCode: '4', rawReason: 'no service' });
    expect(classifyFailure({ reason: 'RESULT_NETWORK_REJECT: rejected' })).toMatchObject({
      code: 'RESULT_NETWORK_REJECT',
      rawCode: 'RESULT_NETWORK_REJECT',
      rawReason: 'rejected',
    });
  });

  it('answers unknown (temporary) for what it cannot read, never throws', () => {
    for (const input of [
      {},
      { reason: '' },
      { code: 'ZZZ_WHATEVER' },
      { reason: 'something odd happened' },
      { code: 99999 },
      { code: 1.5 },
    ]) {
      const f = classifyFailure(input);
      expect(f.code).toBe('SMSFLEET_UNKNOWN');
      expect(f.category).toBe('unknown');
      expect(f.permanent).toBe(false);
    }
  });

  it("builds smsfleet's own failures", () => {
    expect(ownFailure('SMSFLEET_OPTED_OUT')).toMatchObject({ category: 'opted_out', permanent: true });
    expect(ownFailure('SMSFLEET_TTL_EXPIRED', 'ttl 3600 s')).toMatchObject({
      category: 'expired',
      rawReason: 'ttl 3600 s',
    });
  });
});
