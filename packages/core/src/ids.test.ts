import { idTime, newId, stableId } from './ids';

describe('newId', () => {
  it('has the prefix, encodes the time and sorts by creation time', () => {
    const a = newId('msg', new Date(1_700_000_000_000));
    const b = newId('msg', new Date(1_700_000_000_001));
    expect(a).toMatch(/^msg_[0-9a-z]{26}$/);
    expect(idTime(a)?.getTime()).toBe(1_700_000_000_000);
    expect(a < b).toBe(true);
    const short = newId('in', new Date(1_700_000_000_002)); // a shorter prefix: the scratch buffer holds no leftovers
    expect(short).toMatch(/^in_[0-9a-z]{26}$/);
    expect(idTime(short)?.getTime()).toBe(1_700_000_000_002);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('evt')));
    expect(ids.size).toBe(10_000);
  });

  it('rejects foreign strings', () => {
    expect(idTime('hello')).toBeUndefined();
  });
});

describe('stableId', () => {
  it('derives the ids it always did (receivers dedupe by them across versions)', () => {
    // Values of the Buffer-digest implementation: the id of a key must never change.
    expect(stableId('evt', 'link.clicked:lnk_1:1700000000000-7', new Date(1_700_000_000_000))).toBe(
      'evt_01hf7yat005g17qs09td0tpsp8',
    );
    expect(stableId('in', 'gateway:textbee:abc-\u00e9\u2713')).toBe('in_f39aqf5svv2ax83syy09m5x6gx');
    expect(stableId('dlv', 'sub_1:evt_2')).toBe('dlv_1jm2pt75cm38e1caafx0hrp9fq');
  });
});
