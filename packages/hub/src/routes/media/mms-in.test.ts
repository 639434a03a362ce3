import { randomBytes } from 'node:crypto';
import type { OutboundEvent } from '@smsfleet/core';
import { MediaUrls } from '../../media/media-urls';
import { storeCases } from '../../testing';
import { rig, type Rig } from '../../testing/pipeline-rig';

type Received = Extract<OutboundEvent, { type: 'sms.received' }>;

/** A picture and a contact card, as a phone would receive them in one MMS. */
const PHOTO = {
  contentType: 'image/jpeg',
  name: 'IMG_0042.jpg',
  bytes: Buffer.concat([Buffer.from([0xff, 0xd8]), randomBytes(3000)]),
};
const CARD = { contentType: 'text/x-vcard', name: 'ann.vcf', bytes: Buffer.from('BEGIN:VCARD\nFN:Ann\nEND:VCARD\n') };

describe.each(storeCases().map((s) => [s.name, s] as const))('MMS in, end to end (%s store)', (_name, sc) => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig(await sc.create(), {}, { events: ['sms.received'] });
  });
  afterAll(async () => {
    await r.close();
  });

  async function received(from: string): Promise<Received['data']> {
    const end = Date.now() + 30_000;
    for (;;) {
      const e = r.receiver.received
        .map((w) => w.verified as Received | undefined)
        .find((v) => v?.type === 'sms.received' && v.data.from === from);
      if (e) return e.data;
      if (Date.now() > end) throw new Error(`no sms.received from ${from}`);
      await new Promise((s) => setTimeout(s, 25));
    }
  }

  it.each([
    ['pixel-a', 'sms-gate cloud, mms:downloaded with the parts inline', '+14155558101'],
    ['pixel-b', 'sms-gate local server', '+14155558102'],
    ['moto', 'httpSMS, the parts fetched from its server', '+14155558103'],
  ])('%s (%s): sms.received carries working, signed media URLs', async (deviceId, _how, from) => {
    r.fleet.phone(deviceId).receiveMms(from, 'Here is the photo', [PHOTO, CARD], 1);
    const data = await received(from);
    expect(data.body).toBe('Here is the photo');
    expect(data.media).toEqual([
      {
        url: expect.stringMatching(/\/v1\/media\/med_\w+\?expires=\d+&sig=[\w-]+$/),
        contentType: 'image/jpeg',
        size: PHOTO.bytes.length,
      },
      { url: expect.any(String), contentType: 'text/x-vcard', size: CARD.bytes.length },
    ]);
    const photo = await fetch(data.media![0]!.url); // no API key: the signature is the credential
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photo.arrayBuffer()).equals(PHOTO.bytes)).toBe(true);
    // A stranger's card is not run on the hub's origin: it downloads.
    const card = await fetch(data.media![1]!.url);
    expect(card.headers.get('content-type')).toBe('application/octet-stream');
    expect(card.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await card.arrayBuffer()).equals(CARD.bytes)).toBe(true);
    // Kept until the text's retention ends, which the URL's expiry is.
    const inbound = (await r.store.inbound.get(data.inboundId))!;
    expect(new URL(data.media![0]!.url).searchParams.get('expires')).toBe(String(Date.parse(inbound.retainUntil!)));
  });

  it('refuses a forged, altered or expired media URL with a coded error', async () => {
    r.fleet.phone('pixel-a').receiveMms('+14155558110', 'pic', [PHOTO], 1);
    const url = new URL((await received('+14155558110')).media![0]!.url);
    const refused = async (u: URL) => {
      const res = await fetch(u);
      return { status: res.status, error: ((await res.json()) as { error: { code: string; field?: string } }).error };
    };
    const forged = new URL(url);
    forged.searchParams.set('sig', `${url.searchParams.get('sig')!.slice(0, -2)}AA`);
    expect(await refused(forged)).toEqual({
      status: 403,
      error: expect.objectContaining({ code: 'SMSFLEET_ERR_MEDIA_URL_INVALID', field: 'query.sig' }),
    });
    const longer = new URL(url); // a later expiry under the old signature
    longer.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 86400_000));
    expect((await refused(longer)).error.code).toBe('SMSFLEET_ERR_MEDIA_URL_INVALID');
    const other = new URL(url.href.replace(/med_\w+/, 'med_00000000000000000000000000'));
    expect((await refused(other)).status).toBe(403);
    const bare = new URL(url.pathname, url.origin);
    expect((await refused(bare)).status).toBe(403);
    // An expired URL, signed as the hub signs (the secret is the store's): refused as expired.
    const id = url.pathname.split('/').pop()!;
    const past = new URL(await new MediaUrls(r.store, url.origin).url(id, Date.now() - 1));
    expect(await refused(past)).toEqual({
      status: 403,
      error: expect.objectContaining({ code: 'SMSFLEET_ERR_MEDIA_URL_INVALID', field: 'query.expires' }),
    });
  });
});
