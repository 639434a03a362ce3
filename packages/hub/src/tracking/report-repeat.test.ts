import type { Message } from '@smsfleet/core';
import { storeCases } from '../testing';
import { rig, waitForStatus, type Rig } from '../testing/pipeline-rig';

// A status report is recorded on the message it applies to, with its change: its repeat (a gateway's retry) is told
// apart there, with no dedupe call of its own on the report's path.
describe.each(storeCases().map((s) => [s.name, s] as const))('a repeated status report (%s store)', (_name, sc) => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig(await sc.create());
  });
  afterAll(async () => {
    await r.close();
  });

  it('is answered as a duplicate, changes nothing, and costs no dedupe call', async () => {
    r.fleet.phone('pixel-a').setOnline(false); // behind its cloud server: only the reports fed below speak for it
    const res = await fetch(`${r.base}/v1/messages`, {
      method: 'POST',
      headers: r.auth,
      body: JSON.stringify({ to: '+14155554401', body: 'once', deviceId: 'pixel-a' }),
    });
    const m = await waitForStatus(r, ((await res.json()) as Message).id, ['pending']);
    // The hand-over links the gateway id after its events: until then a report would park, not apply.
    for (let end = Date.now() + 10_000; !(await r.store.messages.byGatewayId(m.gateway!, m.gatewayMessageId!)); ) {
      if (Date.now() > end) throw new Error('the hand-over never linked its gateway id');
      await new Promise((s) => setTimeout(s, 10));
    }
    const now = new Date();
    const report = (gatewayEventId: string, status: 'sent' | 'delivered') =>
      r.app.pipeline.processor.process(
        'sms-gate-pixel-a',
        [
          {
            kind: 'status',
            gateway: 'sms-gate',
            gatewayMessageId: m.gatewayMessageId!,
            gatewayEventId,
            status,
            at: now.toISOString(),
          },
        ],
        now,
      );
    const firstSeen = jest.spyOn(r.store.dedupe, 'firstSeen');
    const seen = jest.spyOn(r.store.dedupe, 'seen');
    try {
      expect(await report('e1', 'sent')).toMatchObject({ applied: 1, duplicates: 0 });
      const sent = await r.store.messages.get(m.id);
      expect(sent).toMatchObject({ status: 'sent' });
      expect(await report('e1', 'sent')).toMatchObject({ applied: 0, duplicates: 1 });
      // Another event with the same news changes nothing but is no repeat; its own repeat is.
      expect(await report('e2', 'sent')).toMatchObject({ applied: 0, unchanged: 1, duplicates: 0 });
      expect(await report('e2', 'sent')).toMatchObject({ applied: 0, unchanged: 0, duplicates: 1 });
      expect(await r.store.messages.get(m.id)).toMatchObject({ status: 'sent', version: sent!.version });
      expect(await report('e3', 'delivered')).toMatchObject({ applied: 1, duplicates: 0 });
      expect(firstSeen).not.toHaveBeenCalled();
      expect(seen).not.toHaveBeenCalled();
    } finally {
      firstSeen.mockRestore();
      seen.mockRestore();
    }
    const timeline = (await r.store.messages.events(m.id)).map((e) => e.status);
    expect(timeline.filter((s) => s === 'sent')).toHaveLength(1);
    expect(timeline.at(-1)).toBe('delivered');
  });
});
