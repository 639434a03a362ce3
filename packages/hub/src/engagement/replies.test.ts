import type { Message } from '@smsfleet/core';
import { storeCases } from '../testing';
import { waitForStatus, type Rig } from '../testing/pipeline-rig';
import { until } from '../testing/until';
import { engagementRig } from './engagement-rig';

describe.each(storeCases().map((s) => [s.name, s] as const))('engagement: replies (%s store)', (_name, sc) => {
  const e = engagementRig(sc);
  const { api, send, event, reply, nextNumber } = e;
  let r: Rig;
  beforeAll(() => {
    r = e.r;
  });

  it('credits a reply to the message that prompted it and echoes its reference', async () => {
    const m = await waitForStatus(
      r,
      (await send({ to: nextNumber(), body: 'Can you make 10am?', reference: 'appt-7', tags: ['appointments'] })).id,
      ['delivered'],
    );
    reply(m, 'Yes, see you at 10');
    const got = await event('sms.received', (e) => e.data.from === m.to);
    expect(got.data).toMatchObject({
      body: 'Yes, see you at 10',
      deviceId: m.from!.deviceId,
      inReplyTo: { messageId: m.id, reference: 'appt-7', tags: ['appointments'] },
    });
    expect(got.data.keyword).toBeUndefined();
    const after = await until('reply count', async () => {
      const x = (await api('GET', `/v1/messages/${m.id}`)).body.message as Message;
      return x.engagement?.replies ? x : undefined;
    });
    expect(after.engagement).toMatchObject({ replies: 1, firstReplyAt: expect.any(String) });
    const inbox = (await api('GET', `/v1/inbox?from=${encodeURIComponent(m.to)}`)).body.items;
    expect(inbox[0]).toMatchObject({ inReplyTo: { messageId: m.id } });
  });

  it('does not credit a text from someone never texted', async () => {
    const stranger = nextNumber();
    r.fleet.phone('pixel-a').receiveSms(stranger, 'Who is this?', 1);
    const got = await event('sms.received', (e) => e.data.from === stranger);
    expect(got.data.inReplyTo).toBeUndefined();
  });
});
