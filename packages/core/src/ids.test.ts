import { idTime, newId } from './ids';

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
