import { randomUUID } from 'node:crypto';
import type { Rig } from '../testing/pipeline-rig';
import { storeCases } from '../testing/stores';
import { OTHER, forgeryRig, httpSms, httpSmsToken, mySmsGate, smsGate, textbee } from './ingress-forgery';

describe.each(storeCases())('ingress authority over inbound texts ($name store)', (sc) => {
  let r: Rig;
  beforeAll(async () => {
    ({ r } = await forgeryRig(sc, []));
  }, 60_000);
  afterAll(async () => {
    await r.close();
  });

  it('ignores a forged STOP through every scheme: nobody is opted out, nothing is stored', async () => {
    const victim = '+14155557199';
    const now = () => new Date().toISOString();
    const stops: Array<Promise<{ status: number; json: { ignored?: number } }>> = [];
    // sms-gate cloud and local: a phone's key, claiming another connection's phone received it.
    stops.push(
      smsGate(r, 'sms-gate-pixel-a', 'sms-gate-pixel-a', {
        deviceId: 'pixel-c',
        event: 'sms:received',
        id: randomUUID(),
        payload: { messageId: 'in-1', message: 'STOP', sender: victim, receivedAt: now() },
      }),
    );
    stops.push(
      smsGate(r, 'sms-gate-pixel-b', 'sms-gate-pixel-b', {
        deviceId: 'pixel-a',
        event: 'sms:received',
        id: randomUUID(),
        payload: { messageId: 'in-2', message: 'STOP', sender: victim, receivedAt: now() },
      }),
    );
    // httpSMS: a captured (valid) token with a received text its API never had.
    const token = httpSmsToken(r, 'httpsms-cloud', 'httpsms-cloud');
    stops.push(
      httpSms(r, 'httpsms-cloud', token, 'message.phone.received', {
        message_id: randomUUID(),
        owner: '+15550300001',
        contact: victim,
        content: 'STOP',
        timestamp: now(),
        sim: 'SIM1',
      }),
    );
    // textbee and MySMSGate: a connection with no phone of its own; and the right key claiming another connection's
    // phone.
    stops.push(
      textbee(r, OTHER.textbee, OTHER.textbee, {
        webhookEvent: 'MESSAGE_RECEIVED',
        idempotencyKey: randomUUID(),
        smsId: 'in-3',
        deviceId: 'tb',
        sender: victim,
        message: 'STOP',
        receivedAt: now(),
      }),
    );
    stops.push(
      textbee(r, 'textbee-cloud', 'textbee-cloud', {
        webhookEvent: 'MESSAGE_RECEIVED',
        idempotencyKey: randomUUID(),
        smsId: 'in-4',
        deviceId: 'mg',
        sender: victim,
        message: 'STOP',
        receivedAt: now(),
      }),
    );
    stops.push(
      mySmsGate(
        r,
        OTHER.mysmsgate,
        OTHER.mysmsgate,
        {
          type: 'incoming',
          id: 'in-5',
          from: victim,
          to: '+15550500001',
          message: 'STOP',
          device_id: 'mg',
          received_at: now(),
        },
        'incoming',
      ),
    );
    stops.push(
      mySmsGate(
        r,
        'mysmsgate-cloud',
        'mysmsgate-cloud',
        {
          type: 'incoming',
          id: 'in-6',
          from: victim,
          to: '+15550400001',
          message: 'STOP',
          device_id: 'tb',
          received_at: now(),
        },
        'incoming',
      ),
    );
    for (const s of await Promise.all(stops)) expect(s).toMatchObject({ status: 200, json: { ignored: 1 } });
    expect((await r.store.contacts.get(victim))?.optedOut ?? false).toBe(false);
    expect((await r.store.inbound.list({ from: victim })).items).toEqual([]);
  });

  it('still takes a true STOP through httpSMS, confirmed by its API', async () => {
    const from = '+14155557188';
    r.fleet.phone('moto').receiveSms(from, 'STOP', 1);
    const end = Date.now() + 10_000;
    while (!(await r.store.contacts.get(from))?.optedOut) {
      if (Date.now() > end) throw new Error('the STOP was not applied');
      await new Promise((res) => setTimeout(res, 25));
    }
    expect((await r.store.inbound.list({ from })).items).toHaveLength(1);
  });
});
