import { storeCases } from '../testing';
import type { Rig } from '../testing/pipeline-rig';
import { engagementRig } from './engagement-rig';

describe.each(storeCases().map((s) => [s.name, s] as const))('engagement: previews (%s store)', (_name, sc) => {
  const e = engagementRig(sc);
  const { api, nextNumber } = e;
  let r: Rig;
  beforeAll(() => {
    r = e.r;
  });

  it('previews encoding, UCS-2 characters and links without sending', async () => {
    const to = nextNumber();
    const p = (
      await api('POST', '/v1/messages/preview', {
        to,
        body: 'Hi 😀 see https://shop.example.com/x',
        trackLinks: true,
      })
    ).body;
    expect(p).toMatchObject({ encoding: 'UCS-2', ucs2Characters: ['😀'], links: 1 });
    expect(p.body).toMatch(new RegExp(`^Hi 😀 see ${r.base}/l/[0-9A-Za-z]{12}$`));
    expect(p.warnings.map((w: { code: string }) => w.code)).toEqual(['UCS2']);
    const code = p.body.split('/l/')[1];
    expect((await fetch(`${r.base}/l/${code}`, { redirect: 'manual' })).status).toBe(404); // a preview stores no link
    expect((await api('GET', `/v1/messages?to=${encodeURIComponent(to)}`)).body.items).toEqual([]);
    expect((await api('GET', `/v1/contacts/${encodeURIComponent(to)}`)).body.known).toBe(false);
  });
});
