import { randomUUID } from 'node:crypto';
import type { Message } from '@smsfleet/core';
import type { Rig } from '../testing/pipeline-rig';
import { parkedQueue } from '../queues';
import { storeCases } from '../testing/stores';
import { OTHER, forgeryRig, httpSms, httpSmsToken, mySmsGate, smsGate, snapshot, textbee } from './ingress-forgery';

describe.each(storeCases())('ingress authority over status reports ($name store)', (sc) => {
  let r: Rig;
  let sent: Record<string, Message>;
  beforeAll(async () => {
    ({ r, sent } = await forgeryRig(sc, ['pixel-a', 'pixel-b', 'pixel-c', 'moto', 'tb', 'mg']));
  }, 60_000);
  afterAll(async () => {
    await r.close();
  });

  it("ignores reports on another connection's messages, refuses another's key, changes nothing", async () => {
    const ids = Object.values(sent).map((m) => m.id);
    const before = await snapshot(r, ids);
    const refusedBefore = r.app.pipeline.processor.refusals();
    const total = () => [...r.app.pipeline.processor.refusals().values()].reduce((a, b) => a + b, 0);
    const t0 = [...refusedBefore.values()].reduce((a, b) => a + b, 0);
    const sgFailed = (deviceId: string, m: Message) => ({
      deviceId,
      event: 'sms:failed',
      id: randomUUID(),
      webhookId: 'w',
      payload: {
        messageId: m.gatewayMessageId,
        phoneNumber: m.to,
        failedAt: new Date().toISOString(),
        reason: 'forged',
      },
    });

    // sms-gate cloud: pixel-a's own key, naming pixel-c's message (the bug: it failed it).
    expect(
      (await smsGate(r, 'sms-gate-pixel-a', 'sms-gate-pixel-a', sgFailed('pixel-a', sent['pixel-c']!))).json.ignored,
    ).toBe(1);
    // ... and pixel-c's key on pixel-a's ingress: no signature of that connection.
    expect(
      (await smsGate(r, 'sms-gate-pixel-a', 'sms-gate-pixel-c', sgFailed('pixel-c', sent['pixel-c']!))).status,
    ).toBe(401);
    // sms-gate local: the phone's own key, naming a cloud phone's message.
    expect(
      (await smsGate(r, 'sms-gate-pixel-b', 'sms-gate-pixel-b', sgFailed('pixel-b', sent['pixel-a']!))).json.ignored,
    ).toBe(1);

    // httpSMS: request_id naming the textbee message (the bug: it failed it), with an id httpSMS does not know...
    const token = httpSmsToken(r, 'httpsms-cloud', 'httpsms-cloud');
    const tbm = sent.tb!;
    const failedData = (id: string, requestId: string) => ({
      id,
      request_id: requestId,
      owner: '+15550300001',
      contact: tbm.to,
      content: tbm.body,
      timestamp: new Date().toISOString(),
      error_message: 'forged',
    });
    expect(
      (await httpSms(r, 'httpsms-cloud', token, 'message.send.failed', failedData(randomUUID(), tbm.id))).json.ignored,
    ).toBe(1);
    // ... and with the real id of the httpSMS message (its API says: another request id, delivered).
    const hm = sent.moto!;
    expect(
      (await httpSms(r, 'httpsms-cloud', token, 'message.send.failed', failedData(hm.gatewayMessageId!, tbm.id))).json
        .ignored,
    ).toBe(1);
    // The same token reused with another body: the httpSMS message itself "failed" (its API says delivered).
    expect(
      (
        await httpSms(r, 'httpsms-cloud', token, 'message.send.failed', {
          ...failedData(hm.gatewayMessageId!, hm.id),
          contact: hm.to,
          content: hm.body,
        })
      ).json.ignored,
    ).toBe(1);
    // A second httpSMS connection (its own key) naming the first one's message, true in every word: not its hand-over.
    const other = httpSmsToken(r, OTHER.httpsms, OTHER.httpsms);
    expect(
      (
        await httpSms(r, OTHER.httpsms, other, 'message.phone.delivered', {
          id: hm.gatewayMessageId,
          request_id: hm.id,
          owner: '+15550300001',
          contact: hm.to,
          content: hm.body,
          timestamp: new Date().toISOString(),
        })
      ).json.ignored,
    ).toBe(1);
    expect(
      (await httpSms(r, 'httpsms-cloud', other, 'message.send.failed', failedData(hm.gatewayMessageId!, hm.id))).status,
    ).toBe(401);

    // textbee and MySMSGate: a second account's secret naming the first one's message (gateway ids scoped by
    // connection).
    const tbFailed = {
      webhookEvent: 'MESSAGE_FAILED',
      idempotencyKey: randomUUID(),
      smsId: 'x',
      smsBatchId: tbm.gatewayMessageId,
      deviceId: 'tb',
      recipient: tbm.to,
      failedAt: new Date().toISOString(),
      errorMessage: 'forged',
    };
    expect((await textbee(r, OTHER.textbee, OTHER.textbee, tbFailed)).json.ignored).toBe(1);
    expect((await textbee(r, 'textbee-cloud', OTHER.textbee, tbFailed)).status).toBe(401);
    const mgm = sent.mg!;
    const mgFailed = {
      id: mgm.gatewayMessageId,
      status: 'failed',
      to: mgm.to,
      delivery_report: false,
      fail_reason: 'forged',
    };
    expect((await mySmsGate(r, OTHER.mysmsgate, OTHER.mysmsgate, mgFailed)).json.ignored).toBe(1);
    expect((await mySmsGate(r, 'mysmsgate-cloud', OTHER.mysmsgate, mgFailed)).status).toBe(401);

    expect(await snapshot(r, ids)).toEqual(before);
    expect(total() - t0).toBe(8);
    const metrics = await (await fetch(`${r.base}/metrics`, { headers: r.auth })).text();
    expect(metrics).toMatch(/smsfleet_ingress_reports_refused_total\{gateway="httpsms",kind="status"\} [1-9]/);
  });

  it('parks a report that beats its hand-over with its connection, and checks it again when applied', async () => {
    const at = new Date().toISOString();
    const m: Message = {
      id: `msg_park_${sc.name}`,
      to: '+14155557177',
      body: 'later',
      segments: 1,
      encoding: 'GSM-7',
      priority: 0,
      status: 'queued',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      version: 0,
    };
    await r.store.messages.create(m, []);
    const report = {
      kind: 'status' as const,
      gateway: 'textbee' as const,
      gatewayMessageId: 'batch-park',
      status: 'failed' as const,
      at,
      clientId: m.id,
    };
    // Not handed over yet: parked (it may be the report of a hand-over not recorded yet), with the connection it came
    // on.
    expect(await r.app.pipeline.processor.process(OTHER.textbee, [report], new Date())).toMatchObject({
      parked: 1,
      refused: 0,
    });
    const parked = (
      await r.store.queue.claim<{ connectionId?: string }>(
        parkedQueue('textbee', 'batch-park'),
        Date.now() + 60_000,
        50,
        60_000,
      )
    ).map((j) => j.payload);
    expect(parked).toContainEqual(
      expect.objectContaining({ gatewayMessageId: 'batch-park', connectionId: OTHER.textbee }),
    );
    // Then handed over through the other textbee connection: the parked report has no say over it.
    await r.store.messages.update(m.id, (c) => ({
      message: {
        ...c,
        status: 'pending',
        from: { deviceId: 'tb', sim: 1 },
        gateway: 'textbee',
        gatewayMessageId: 'batch-park',
      },
      events: [],
    }));
    await r.store.messages.linkGatewayId('textbee', 'batch-park', m.id);
    expect(await r.app.pipeline.processor.applyStatus(report, new Date(), OTHER.textbee)).toBe('refused');
    // Parked before connections were recorded:
    expect(await r.app.pipeline.processor.applyStatus(report, new Date(), undefined)).toBe('refused');
    expect((await r.store.messages.get(m.id))!.status).toBe('pending');
    expect(await r.app.pipeline.processor.applyStatus(report, new Date(), 'textbee-cloud')).toBe('applied');
    expect((await r.store.messages.get(m.id))!.status).toBe('failed');
  });
});
