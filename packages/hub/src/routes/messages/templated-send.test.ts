import { INVALID, rig, storeCases, waitForStatus, type Rig } from '../../testing';

const ADA = '+14155550181';
const BO = '+14155550182';

describe.each(storeCases().map((s) => [s.name, s] as const))('templated sends (%s store)', (_name, sc) => {
  let r: Rig;
  let templateId: string;
  beforeAll(async () => {
    r = await rig(await sc.create());
    await r.store.contacts.upsert(ADA, () => ({
      phone: ADA,
      optedOut: false,
      fields: { first: 'Ada', city: 'Paris' },
    }));
    const t = await post('/v1/templates', { name: 'Ship', body: 'Hi {{first}}, order {{order}} ships to {{city}}.' });
    templateId = t.body.id;
  });
  afterAll(async () => {
    await r.close();
  });

  async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${r.base}${path}`, { method: 'POST', headers: r.auth, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  it('fills a stored template from vars over the contact fields, and the phone gets that text', async () => {
    const s = await post('/v1/messages', { to: ADA, templateId, vars: { order: 'A-1', city: 'Lyon' } });
    expect(s.status).toBe(202);
    expect(s.body.body).toBe('Hi Ada, order A-1 ships to Lyon.');
    const m = await waitForStatus(r, s.body.id, ['delivered']);
    expect(r.fleet.truth.messages().find((t) => t.recipient === ADA)?.text).toBe('Hi Ada, order A-1 ships to Lyon.');
    expect(m.body).toBe('Hi Ada, order A-1 ships to Lyon.');
  });

  it('sends an inline template, numbers as text, nothing HTML-escaped', async () => {
    const s = await post('/v1/messages', {
      to: BO,
      template: '{{n}} <items> & {{who}}',
      vars: { n: 3, who: 'Bo & Co' },
    });
    expect(s.body.body).toBe('3 <items> & Bo & Co');
  });

  it('refuses a missing or blank field by name with 422, creating nothing', async () => {
    const before = (await r.store.messages.list({}, { limit: 500 })).items.length;
    const one = await post('/v1/messages', { to: BO, templateId, vars: { order: 'A-2', first: ' ' } });
    expect(one.status).toBe(422);
    expect(one.body.error).toMatchObject({
      code: 'SMSFLEET_ERR_TEMPLATE_FIELD_MISSING',
      issues: [{ field: 'body.vars.first' }, { field: 'body.vars.city' }],
    });
    const bulk = await post('/v1/messages/bulk', {
      messages: [
        { to: ADA, templateId, vars: { order: 'A-3' } },
        { to: BO, templateId, vars: { first: 'Bo', city: 'Rome' } },
      ],
    });
    expect(bulk.status).toBe(422);
    expect(bulk.body.error).toMatchObject({
      field: 'body.messages.1.vars.order',
      reason: expect.stringMatching(/order/),
    });
    const unknown = await post('/v1/messages', { to: BO, templateId: 'tpl_gone', vars: {} });
    expect(unknown.body.error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'body.templateId' });
    const both = await post('/v1/messages', { to: BO, body: 'x', template: 'y' });
    expect(both.body.error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'body.template' });
    expect((await r.store.messages.list({}, { limit: 500 })).items).toHaveLength(before);
  });

  it('takes fields stored through PUT /v1/contacts/:phone/fields, and refuses once they are cleared', async () => {
    const put = async (fields: object): Promise<any> =>
      (
        await fetch(`${r.base}/v1/contacts/${encodeURIComponent('+14155550183')}/fields`, {
          method: 'PUT',
          headers: r.auth,
          body: JSON.stringify({ fields }),
        })
      ).json();
    expect(await put({ first: 'Cy', city: 'Rome' })).toMatchObject({ known: true, fields: { first: 'Cy' } });
    const s = await post('/v1/messages', { to: '+14155550183', templateId, vars: { order: 'A-9' } });
    expect(s.body.body).toBe('Hi Cy, order A-9 ships to Rome.');
    expect((await put({})).fields).toBeUndefined();
    const refused = await post('/v1/messages', { to: '+14155550183', templateId, vars: { order: 'A-9' } });
    expect(refused.body.error.details).toEqual({ missing: ['first', 'city'] });
  });

  it('previews a bulk send per recipient: rendered text, segments and encoding, or the row refused', async () => {
    const p = await post('/v1/messages/bulk/preview', {
      messages: [
        { to: ADA, templateId, vars: { order: 'A-1' } },
        { to: BO, templateId, vars: { order: 'A-2', first: 'Bo' } },
        { to: '12', body: 'x' },
        { to: BO, template: 'Olé {{first}}', vars: { first: 'Bo' } },
      ],
    });
    expect(p.status).toBe(200);
    expect(p.body.items).toEqual([
      {
        index: 0,
        preview: expect.objectContaining({ to: ADA, body: 'Hi Ada, order A-1 ships to Paris.', segments: 1 }),
      },
      {
        index: 1,
        error: expect.objectContaining({
          code: 'SMSFLEET_ERR_TEMPLATE_FIELD_MISSING',
          field: 'body.messages.1.vars.city',
        }),
      },
      { index: 2, error: expect.objectContaining({ code: 'SMSFLEET_ERR_INVALID_PHONE', field: 'body.messages.2.to' }) },
      { index: 3, preview: expect.objectContaining({ body: 'Olé Bo', encoding: 'GSM-7' }) },
    ]);
  });

  it('previews the rendered text with its segments and encoding for the recipient', async () => {
    const p = await post('/v1/messages/preview', {
      to: ADA,
      template: 'Olá {{first}} 😀 {{order}}',
      vars: { order: 7 },
    });
    expect(p.body).toMatchObject({ to: ADA, body: 'Olá Ada 😀 7', segments: 1, encoding: 'UCS-2' });
    const refused = await post('/v1/messages/preview', { to: INVALID, templateId, vars: { order: 1 } });
    expect(refused.body.error).toMatchObject({ code: 'SMSFLEET_ERR_TEMPLATE_FIELD_MISSING' });
  });
});
