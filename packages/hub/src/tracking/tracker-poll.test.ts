import type { Message } from '@smsfleet/core';
import { storeCases } from '../testing';
import { rig, waitForStatus } from '../testing/pipeline-rig';

describe("the tracker's poll (memory store)", () => {
  it('is not applied to a message that moved on while the poll was out', async () => {
    const r = await rig(await storeCases()[0]!.create());
    try {
      r.fleet.phone('pixel-a').setOnline(false); // the message stays pending on the cloud server
      const res = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ to: '+14155554301', body: 'poll race', deviceId: 'pixel-a' }),
      });
      const handed = await waitForStatus(r, ((await res.json()) as Message).id, ['pending']);
      const adapter = r.app.pipeline.fleet.forDevice('pixel-a').adapter;
      // While the tracker's poll is out, another worker requeues the message (as the pickup check does): the poll's
      // answer is about the old hand-over, not the message's new life. Put in place before the cancellation, so that a
      // poll already out when the gateway cancels cannot bring "cancelled" back unseen (on a busy machine it did).
      const fetchStatus = adapter.fetchStatus.bind(adapter);
      let polled = 0;
      adapter.fetchStatus = async (id, ctx) => {
        const st = await fetchStatus(id, ctx);
        if (id === handed.gatewayMessageId && st.status === 'cancelled') {
          await r.store.messages.update(handed.id, (c) => {
            const { from: _f, gateway: _g, gatewayMessageId: _id, reservation: _r, ...rest } = c;
            return { message: { ...rest, status: 'queued', supersededGatewayIds: [id] }, events: [] };
          });
          polled++;
        }
        return st;
      };
      expect(await adapter.cancel(handed.gatewayMessageId!)).toBe('cancelled'); // the gateway now says: cancelled
      const end = Date.now() + 30_000;
      while (polled === 0 && Date.now() < end) await new Promise((s) => setTimeout(s, 25));
      expect(polled).toBeGreaterThan(0);
      await new Promise((s) => setTimeout(s, 100));
      expect((await r.store.messages.get(handed.id))!.status).not.toBe('cancelled');
    } finally {
      await r.close();
    }
  });
});
