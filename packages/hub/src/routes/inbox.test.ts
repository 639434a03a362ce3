import type { InboxSms, OutboundEvent } from '@smsfleet/core';
import { storeCases } from '../testing';
import { type Rig, rig } from '../testing/pipeline-rig';
import { until } from '../testing/until';

type Received = Extract<OutboundEvent, { type: 'sms.received' }>;

// `GET /v1/inbox` lists a received MMS with the same signed media URLs as its `sms.received`, not the store's ids.

const PHOTO = { contentType: 'image/png', name: 'dot.png', bytes: Buffer.from('89504e470d0a1a0a0000', 'hex') };
const CARD = { contentType: 'text/x-vcard', name: 'ann.vcf', bytes: Buffer.from('BEGIN:VCARD\nFN:Ann\nEND:VCARD\n') };

describe.each(storeCases().map((s) => [s.name, s] as const))('GET /v1/inbox with MMS (%s store)', (_name, sc) => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig(await sc.create(), {}, { events: ['sms.received'] });
  });
  afterAll(async () => {
    await r.close();
  });

  const event = (from: string) =>
    until(
      `sms.received from ${from}`,
      () =>
        r.receiver.received
          .map((w) => w.verified as Received | undefined)
          .find((v) => v?.type === 'sms.received' && v.data.from === from)?.data,
      30_000,
    );
  const inbox = async (from: string): Promise<InboxSms[]> => {
    const res = await fetch(`${r.base}/v1/inbox?from=${encodeURIComponent(from)}`, { headers: r.auth });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: InboxSms[] }).items;
  };

  it('gives each attachment as the signed URL of the event, which downloads the bytes', async () => {
    r.fleet.phone('pixel-a').receiveMms('+14155558201', 'Look', [PHOTO, CARD], 1);
    const data = await event('+14155558201');
    const [item] = await inbox('+14155558201');
    expect(item!.media).toEqual(data.media);
    expect(item!.media).toEqual([
      {
        url: expect.stringMatching(/\/v1\/media\/med_\w+\?expires=\d+&sig=[\w-]+$/),
        contentType: 'image/png',
        size: 10,
      },
      { url: expect.any(String), contentType: 'text/x-vcard', size: CARD.bytes.length },
    ]);
    expect(JSON.stringify(item)).not.toMatch(/"id":"med_/); // the store's ids stay inside
    const photo = await fetch(item!.media![0]!.url);
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer()).equals(PHOTO.bytes)).toBe(true);
  });

  it('lists a plain text without media', async () => {
    r.fleet.phone('pixel-a').receiveSms('+14155558202', 'Just words', 1);
    await event('+14155558202');
    const [item] = await inbox('+14155558202');
    expect(item).toMatchObject({ body: 'Just words' });
    expect(item!.media).toBeUndefined();
  });
});
