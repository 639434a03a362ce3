import { matchKeyword } from './keywords';
import { parseQuietHours, quietHoursDeferral } from './quiet-hours';

describe('matchKeyword', () => {
  it.each([
    ['STOP', 'opt_out'],
    ['stop', 'opt_out'],
    ['  Stop.  ', 'opt_out'],
    ['StopAll', 'opt_out'],
    ['UNSUBSCRIBE', 'opt_out'],
    ['cancel', 'opt_out'],
    ['end', 'opt_out'],
    ['quit', 'opt_out'],
    ['revoke', 'opt_out'],
    ['optout', 'opt_out'],
    ['START', 'opt_in'],
    ['unstop', 'opt_in'],
    ['yes', 'opt_in'],
    ['HELP', 'help'],
    ['info?', 'help'],
    ['STOP PLEASE', undefined],
    ['please stop', undefined],
    ['stopp', undefined],
    ['', undefined],
    ['Yes, see you at 10', undefined],
  ])('%j → %s', (body, kind) => expect(matchKeyword(body)?.kind).toBe(kind));

  it('takes extra opt-out words from the configuration', () => {
    expect(matchKeyword('arret')).toBeUndefined();
    expect(matchKeyword('arret', { extraOptOut: ['ARRET', 'REMOVE'] })).toEqual({ kind: 'opt_out', keyword: 'ARRET' });
  });
});

describe('quiet hours', () => {
  const q = parseQuietHours('21:00-08:00');

  it('parses and refuses bad windows naming the field', () => {
    expect(q).toEqual({ startMinute: 1260, endMinute: 480 });
    expect(() => parseQuietHours('9pm-8am', 'SMSFLEET_QUIET_HOURS')).toThrow(
      expect.objectContaining({ code: 'SMSFLEET_ERR_VALIDATION', field: 'SMSFLEET_QUIET_HOURS' }),
    );
    expect(() => parseQuietHours('08:00-08:00')).toThrow(expect.objectContaining({ code: 'SMSFLEET_ERR_VALIDATION' }));
  });

  it('defers a UK number at 23:30 London time to 08:00 London time', () => {
    // 2026-11-24 is GMT (UTC+0).
    expect(quietHoursDeferral('+447911123456', new Date('2026-11-24T23:30:00Z'), q)?.toISOString()).toBe(
      '2026-11-25T08:00:00.000Z',
    );
    expect(quietHoursDeferral('+447911123456', new Date('2026-11-24T12:00:00Z'), q)).toBeUndefined();
  });

  it('follows summer time', () => {
    // 2026-07-01: BST (UTC+1): 07:30 UTC is 08:30 local, outside the window; 06:30 UTC is 07:30 local, inside.
    expect(quietHoursDeferral('+447911123456', new Date('2026-07-01T07:30:00Z'), q)).toBeUndefined();
    expect(quietHoursDeferral('+447911123456', new Date('2026-07-01T06:30:00Z'), q)?.toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
  });

  it('keeps every zone of a wide country out of its night', () => {
    // 14:00 UTC = 09:00 New York but 04:00 Honolulu: still quiet in Hawaii, so US texts wait.
    const at = quietHoursDeferral('+14155550123', new Date('2026-11-24T14:00:00Z'), q);
    expect(at?.toISOString()).toBe('2026-11-24T18:00:00.000Z'); // 08:00 in Honolulu (UTC-10)
  });

  it('never defers a number whose country is unknown', () => {
    expect(quietHoursDeferral('+999123456789', new Date('2026-11-24T03:00:00Z'), q)).toBeUndefined();
  });
});
