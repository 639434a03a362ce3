import { Hearing } from './hearing';

/** A Hearing on a clock the test moves. */
function rig(ttlMs = 1000) {
  let t = 0;
  const h = new Hearing(ttlMs, () => t);
  return { h, advance: (ms: number) => (t += ms) };
}

describe('Hearing', () => {
  it('says heard until a publish sent while listening reached nobody, and again once the mark runs out', () => {
    const { h, advance } = rig(1000);
    h.reached('c', h.sending(), 0); // not listening to notices yet: learns nothing
    expect(h.heard('c')).toBe(true);
    h.listen();
    h.reached('c', h.sending(), 0);
    expect(h.heard('c')).toBe(false);
    expect(h.heard('other')).toBe(true);
    advance(999);
    expect(h.heard('c')).toBe(false);
    advance(1);
    // One publish finds out; the rest of a burst waits for its answer.
    const probe = h.sending();
    expect(h.heard('c')).toBe(true);
    expect(h.heard('c')).toBe(false);
    h.reached('c', probe, 1);
    expect(h.heard('c')).toBe(true);
  });

  it('hears a channel again on a notice, or on a publish that reached someone', () => {
    const { h } = rig();
    h.listen();
    h.reached('c', h.sending(), 0);
    h.noticed('c');
    expect(h.heard('c')).toBe(true);
    h.reached('c', h.sending(), 0);
    h.reached('c', h.sending(), 2);
    expect(h.heard('c')).toBe(true);
  });

  it('keeps a channel heard when its notice came while the publish that reached nobody was under way', () => {
    const { h } = rig();
    h.listen();
    const ticket = h.sending();
    h.noticed('c'); // a hub subscribed after Redis ran the publish, and its notice was read first
    h.reached('c', ticket, 0);
    expect(h.heard('c')).toBe(true);
  });

  it('forgets every mark on a gap, and learns nothing from a publish sent before it', () => {
    const { h } = rig();
    h.listen();
    h.reached('a', h.sending(), 0);
    const before = h.sending();
    h.forget();
    expect(h.heard('a')).toBe(true);
    h.listen();
    h.reached('b', before, 0);
    expect(h.heard('b')).toBe(true);
    h.reached('b', h.sending(), 0);
    expect(h.heard('b')).toBe(false);
  });
});
