import { judge, type CampaignItem, type HubMessageView, type ReceivedEvent, type TruthView } from './judge';
import { chaosSchedule, campaignProgress } from './schedule';
import { campaignMessages } from './campaign';

const item = (n: number, over: Partial<CampaignItem> = {}): CampaignItem => ({
  key: `k${n}`,
  text: `text ${n}`,
  accepted: true,
  answeredIds: [`m${n}`],
  ...over,
});
const hub = (n: number, status: HubMessageView['status'], id = `m${n}`): HubMessageView => ({
  id,
  reference: `k${n}`,
  status,
});
let seq = 0;
const truth = (
  n: number,
  finalState: string,
  sent = finalState === 'delivered' || finalState === 'sent',
): TruthView => ({
  id: `g${seq++}`,
  text: `text ${n}`,
  finalState,
  states: [{ state: 'queued' }, ...(sent ? [{ state: 'sent' }] : []), { state: finalState }],
  partsSentAt: sent ? [1] : [],
});
const ev = (webhookId: string, n: number, status: string, id = `m${n}`): ReceivedEvent => ({
  webhookId,
  messageId: id,
  status,
});

describe("judge: a chaos run against the phones' ground truth", () => {
  it('finds nothing wrong in a clean run, and counts texts and accepted items', () => {
    const j = judge({
      items: [item(1), item(2), item(3)],
      hub: [hub(1, 'delivered'), hub(2, 'failed'), hub(3, 'failed')],
      truth: [truth(1, 'delivered'), truth(2, 'failed'), truth(3, 'cancelled'), truth(3, 'failed')],
      events: [ev('e1', 1, 'delivered'), ev('e2', 2, 'failed'), ev('e3', 3, 'failed')],
    });
    expect(j.figures).toMatchObject({
      lost: 0,
      textedTwice: 0,
      wrongFinal: 0,
      stuck: 0,
      createdTwice: 0,
      doubledEvents: 0,
      unconfirmed: 0,
      missingFinalEvents: 0,
      accepted: 3,
      texts: 1,
    });
    expect(j.details).toEqual({});
  });

  it('counts lost: no hub record at all, or never sent and not final', () => {
    const j = judge({
      items: [item(1), item(2), item(3)],
      hub: [hub(2, 'queued'), hub(3, 'pending')],
      truth: [truth(3, 'delivered')],
      events: [],
    });
    expect(j.figures.lost).toBe(2);
    expect(j.details.lost).toEqual(['k1: no hub record', 'k2 (m2): queued, never sent']);
    expect(j.figures.stuck).toBe(1); // k3 reached a phone and the hub still says pending
    expect(j.details.stuck).toEqual(['k3 (m3): pending, phone delivered']);
  });

  it('counts texted twice from the truth, whatever the hub says', () => {
    const j = judge({
      items: [item(1), item(2)],
      hub: [hub(1, 'delivered'), hub(2, 'delivered')],
      truth: [truth(1, 'delivered'), truth(1, 'sent'), truth(2, 'cancelled'), truth(2, 'delivered')],
      events: [ev('a', 1, 'delivered'), ev('b', 2, 'delivered')],
    });
    expect(j.figures.textedTwice).toBe(1);
    expect(j.details.textedTwice).toEqual(['k1 x2']);
    expect(j.figures.texts).toBe(3);
  });

  it('counts a final status that contradicts the phone as wrong, and unknown apart as unconfirmed', () => {
    const j = judge({
      items: [item(1), item(2), item(3), item(4), item(5)],
      hub: [
        hub(1, 'failed'),
        hub(2, 'delivered'),
        { ...hub(3, 'unknown'), reason: 'HANDOVER_UNCONFIRMED: no answer' },
        hub(4, 'expired'),
        hub(5, 'delivered'),
      ],
      truth: [truth(1, 'delivered'), truth(2, 'failed'), truth(3, 'delivered'), truth(5, 'sent')],
      events: [
        ev('1', 1, 'failed'),
        ev('2', 2, 'delivered'),
        ev('3', 3, 'unknown'),
        ev('4', 4, 'expired'),
        ev('5', 5, 'delivered'),
      ],
    });
    // hub failed but delivered; hub delivered but failed; delivered with no delivery report
    expect(j.figures.wrongFinal).toBe(3);
    expect(j.details.wrongFinal).toEqual([
      'k1 (m1): hub failed, phone delivered',
      'k2 (m2): hub delivered, phone failed',
      'k5 (m5): hub delivered, phone sent',
    ]);
    expect(j.figures.unconfirmed).toBe(1);
    expect(j.details.unconfirmed).toEqual(['k3 (m3): phone delivered; HANDOVER_UNCONFIRMED: no answer']);
    expect(j.figures.stuck).toBe(0); // unknown is not stuck
  });

  it("counts created twice from the ids the client was answered and from the hub's list by reference", () => {
    const j = judge({
      items: [item(1, { answeredIds: ['m1', 'm1b'] }), item(2), item(3, { answeredIds: ['m3', 'm3'] })],
      hub: [
        hub(1, 'delivered'),
        hub(1, 'delivered', 'm1b'),
        hub(2, 'delivered'),
        hub(2, 'queued', 'm2b'),
        hub(3, 'delivered'),
      ],
      truth: [truth(1, 'delivered'), truth(2, 'delivered'), truth(3, 'delivered')],
      events: [ev('1', 1, 'delivered'), ev('2', 2, 'delivered'), ev('3', 3, 'delivered')],
    });
    expect(j.figures.createdTwice).toBe(2);
    expect(j.details.createdTwice).toEqual(['k1: m1, m1b', 'k2: m2, m2b']);
  });

  it('tells redeliveries of one webhook-id from doubled events (two ids for one message and status)', () => {
    const j = judge({
      items: [item(1), item(2)],
      hub: [hub(1, 'delivered'), hub(2, 'delivered')],
      truth: [truth(1, 'delivered'), truth(2, 'delivered')],
      events: [
        ev('a', 1, 'sent'),
        ev('a', 1, 'sent'),
        ev('b', 1, 'delivered'),
        ev('c', 2, 'delivered'),
        ev('d', 2, 'delivered'),
        ev('e', 2, 'delivered'),
      ],
    });
    expect(j.figures.redelivered).toBe(1);
    expect(j.figures.doubledEvents).toBe(1);
    expect(j.details.doubledEvents).toEqual(['m2 delivered x3']);
  });

  it('counts a final status no event announced, and leaves items never accepted out of the rest', () => {
    const j = judge({
      items: [item(1), item(2, { accepted: false, answeredIds: [] })],
      hub: [hub(1, 'delivered')],
      truth: [truth(1, 'delivered')],
      events: [ev('x', 1, 'sent')],
    });
    expect(j.figures).toMatchObject({ missingFinalEvents: 1, notAccepted: 1, accepted: 1, lost: 0 });
  });
});

describe('the seeded schedule and campaign', () => {
  it('gives the same faults for the same seed, in progress order, with the asked counts', () => {
    const a = chaosSchedule(5, { kills: 10, redisRestarts: 2, hubs: 2 });
    expect(a).toEqual(chaosSchedule(5, { kills: 10, redisRestarts: 2, hubs: 2 }));
    expect(a).not.toEqual(chaosSchedule(6, { kills: 10, redisRestarts: 2, hubs: 2 }));
    expect(a.filter((s) => s.kind === 'kill-hub')).toHaveLength(10);
    expect(a.filter((s) => s.kind === 'restart-redis')).toHaveLength(2);
    expect(a.map((s) => s.atProgress)).toEqual([...a.map((s) => s.atProgress)].sort((x, y) => x - y));
    for (const s of a) expect(s.atProgress >= 0.03 && s.atProgress <= 0.85 && s.hub >= 0 && s.hub <= 1).toBe(true);
    expect(campaignProgress(100, 100, 50, 0)).toBeCloseTo(0.5);
  });

  it('gives every message a unique text and key', () => {
    const c = campaignMessages(3, 2000);
    expect(new Set(c.map((m) => m.text)).size).toBe(2000);
    expect(new Set(c.map((m) => m.key)).size).toBe(2000);
    expect(campaignMessages(3, 10)).toEqual(c.slice(0, 10));
  });
});
