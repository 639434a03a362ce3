import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { Message } from '@smsfleet/core';
import type { Rig } from '../testing/pipeline-rig';
import { storeCases } from '../testing/stores';
import { forgeryRig, httpSms, httpSmsToken, post } from './ingress-forgery';
import { TOKEN_NAMESPACE, TOKEN_SHARED_WINDOW_MS } from '../tracking/token-reuse';

describe.each(storeCases())('ingress confirmation through the httpSMS API ($name store)', (sc) => {
  let r: Rig;
  let sent: Record<string, Message>;
  beforeAll(async () => {
    ({ r, sent } = await forgeryRig(sc, ['moto']));
  }, 60_000);
  afterAll(async () => {
    await r.close();
  });

  it("answers 502 when httpSMS cannot be asked, and applies the gateway's next attempt (no duplicate)", async () => {
    const adapter = r.app.pipeline.fleet.forConnection('httpsms-cloud')!.adapter as unknown as {
      confirmationFacts: (id: string) => Promise<unknown>;
    };
    const real = adapter.confirmationFacts.bind(adapter);
    let calls = 0;
    adapter.confirmationFacts = async (id) => {
      if (++calls === 1) throw new Error('connect ECONNREFUSED');
      return real(id);
    };
    const hm = sent.moto!;
    const body = {
      specversion: '1.0',
      id: randomUUID(),
      source: '/v1/messages',
      type: 'message.phone.delivered',
      datacontenttype: 'application/json',
      time: new Date().toISOString(),
      data: {
        id: hm.gatewayMessageId,
        request_id: hm.id,
        owner: '+15550300001',
        contact: hm.to,
        content: hm.body,
        timestamp: new Date().toISOString(),
      },
    };
    const headers = {
      authorization: `Bearer ${httpSmsToken(r, 'httpsms-cloud', 'httpsms-cloud')}`,
      'x-event-type': body.type,
    };
    try {
      const first = await post(r, 'httpsms-cloud', body, headers);
      expect(first).toMatchObject({ status: 502, json: { error: { code: 'SMSFLEET_ERR_GATEWAY' } } });
      const again = await post(r, 'httpsms-cloud', body, headers);
      expect(again).toMatchObject({ status: 200, json: { duplicates: 0, ignored: 0 } });
    } finally {
      adapter.confirmationFacts = real;
    }
  });

  it('refuses (401) an httpSMS token replayed with another body after its shared window, writing nothing', async () => {
    const victim = '+14155557166';
    // A token of its own: one minted with the same claims by another test (same second, same URL) would already be
    // bound, recently, and this replay would fall inside that binding's window (seen on a busy machine).
    const token = httpSmsToken(r, 'httpsms-cloud', 'httpsms-cloud', 7, { jti: randomUUID() });
    // The token was first seen with another body, longer ago than same-second siblings arrive.
    const digest = createHash('sha256').update(token).digest('hex');
    await r.store.bindings.claim(
      TOKEN_NAMESPACE,
      `httpsms-cloud.${digest}`,
      `${Date.now() - TOKEN_SHARED_WINDOW_MS - 1_000}:${'0'.repeat(32)}`,
      600_000,
    );
    const res = await httpSms(r, 'httpsms-cloud', token, 'message.phone.received', {
      message_id: randomUUID(),
      owner: '+15550300001',
      contact: victim,
      content: 'STOP',
      timestamp: new Date().toISOString(),
    });
    expect(res).toMatchObject({
      status: 401,
      json: { error: { code: 'SMSFLEET_ERR_SIGNATURE_INVALID', message: expect.stringContaining('another body') } },
    });
    expect(await r.store.contacts.get(victim)).toBeUndefined();
  });
});
