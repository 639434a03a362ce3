import { newId } from '../ids';
import { Timestamp } from '../schemas/common';
import { GatewayReport } from '../schemas/events';
import type { MessageStatus } from '../schemas/status';
import { GatewaySendError } from './gateway-send-error';
import { handoverContractCases } from './contract-handover';
import type { ContractFeatures, GatewayContractSubject, TruthState } from './contract-subject';
import { about, rejection, type StatusReport } from './contract-util';
import { webhookContractCases } from './contract-webhooks';

export type { ContractFeatures, ContractTruth, GatewayContractSubject, TruthState } from './contract-subject';

const EARLY: MessageStatus[] = ['queued', 'accepted', 'pending', 'sending', 'scheduled'];
const EXPECTED: Record<TruthState, MessageStatus[]> = {
  queued: ['pending', 'queued', 'accepted', 'scheduled'],
  picked: ['pending', 'sending'],
  sent: ['sent'],
  delivered: ['delivered'],
  failed: ['failed'],
  expired: ['expired', 'failed'],
  cancelled: ['cancelled'],
};

/**
 * The one contract every gateway adapter passes (the hono `common.case.test.ts` shape): call it from a
 * `*.test.ts` with a setup that wires the adapter to a gateway. Webhooks are registered twice up front.
 */
export function runGatewayContract(
  title: string,
  features: ContractFeatures,
  setup: () => Promise<GatewayContractSubject>,
): void {
  describe(`gateway contract: ${title}`, () => {
    let s: GatewayContractSubject & { features: ContractFeatures };
    const send = (to: string, body = 'Your code is 4821', clientId = newId('msg')) =>
      s.adapter.send({ clientId, to, body, ...s.target });

    beforeAll(async () => {
      s = { ...(await setup()), features };
      await s.adapter.registerWebhooks(s.receiver.url);
      await s.adapter.registerWebhooks(s.receiver.url);
    });
    afterAll(async () => {
      await s?.close();
    });
    handoverContractCases(() => s, features);

    it('send returns the gateway id and an early status, and the gateway holds that message', async () => {
      const to = s.freshNumber();
      const res = await send(to);
      expect(res.gatewayMessageId).toEqual(expect.any(String));
      expect(EARLY).toContain(res.status);
      expect(Timestamp.safeParse(res.at).success).toBe(true);
      expect(s.truth.message(res.gatewayMessageId)).toMatchObject({ recipient: to, sim: s.target.sim });
    });

    it('status webhooks become sent and delivered reports, each once though registered twice', async () => {
      const body = 'Your parcel is on its way. '.repeat(7).trim(); // 188 GSM chars: 2 segments
      const res = await send(s.freshNumber(), body);
      const id = res.gatewayMessageId;
      await s.truth.waitFor(id, ['delivered']);
      const parts = s.truth.message(id)!.parts;
      expect(parts).toBe(2);
      const expected = 1 + (s.features.deliveredPerSegment ? parts : 1);
      const all = await s.receiver.waitFor(
        (rs) => rs.filter(about(id)).length >= expected,
        `${expected} reports about ${id}`,
      );
      const mine = all.filter(about(id));
      expect(mine.map((r) => r.status).sort()).toEqual([...Array(expected - 1).fill('delivered'), 'sent'].sort());
      expect(s.truth.reportsAbout(id)).toBe(expected);
      const sent = mine.find((r) => r.status === 'sent')!;
      if (s.features.sentCarriesParts) expect(sent.segmentsTotal).toBe(parts);
      for (const r of mine) expect(GatewayReport.safeParse(r).success).toBe(true);
      expect(new Set(mine.map((r) => r.gatewayEventId ?? Math.random())).size).toBe(mine.length);
    });

    it('an invalid number fails with a classified permanent failure, in the webhook and in fetchStatus', async () => {
      const res = await send(s.invalidNumber);
      const id = res.gatewayMessageId;
      await s.truth.waitFor(id, ['failed']);
      const truth = s.truth.message(id)!;
      const [report] = (
        await s.receiver.waitFor(
          (rs) => rs.some((r) => about(id)(r) && r.status === 'failed'),
          `failed report about ${id}`,
        )
      ).filter((r) => about(id)(r) && r.status === 'failed') as StatusReport[];
      expect(report!.failure).toMatchObject({ permanent: truth.failure!.permanent, rawCode: truth.failure!.code });
      expect(report!.failure!.category).not.toBe('unknown');
      const polled = await s.adapter.fetchStatus(id, { gatewayDeviceId: s.target.gatewayDeviceId });
      expect(polled.status).toBe('failed');
      expect(polled.failure).toMatchObject({ permanent: true, category: report!.failure!.category });
    });

    it('a number the gateway refuses up front is a permanent, non-retryable send error', async () => {
      const e = await rejection(send('0712 345'));
      expect(e).toBeInstanceOf(GatewaySendError);
      expect(e).toMatchObject({
        code: 'SMSFLEET_ERR_GATEWAY',
        problem: 'rejected',
        retryable: false,
        deviceProblem: false,
        httpStatus: 400,
      });
      expect((e as GatewaySendError).failure?.permanent).toBe(true);
    });

    it('fetchStatus agrees with the ground truth', async () => {
      const res = await send(s.freshNumber());
      const id = res.gatewayMessageId;
      await s.truth.waitFor(id, ['delivered']);
      const polled = await s.adapter.fetchStatus(id, { gatewayDeviceId: s.target.gatewayDeviceId });
      expect(EXPECTED[s.truth.message(id)!.state]).toContain(polled.status);
      expect(polled.status).toBe('delivered');
      expect(Timestamp.safeParse(polled.at).success).toBe(true);
      const missing = await rejection(
        s.adapter.fetchStatus('no-such-message-0000', { gatewayDeviceId: s.target.gatewayDeviceId }),
      );
      expect(missing).toMatchObject({ code: 'SMSFLEET_ERR_GATEWAY', httpStatus: 404, retryable: false });
    });

    webhookContractCases(() => s);

    it('cancel stops a message still queued, and refuses one that left the phone', async () => {
      const sent = await send(s.freshNumber());
      await s.truth.waitFor(sent.gatewayMessageId, ['delivered']);
      if (!s.features.cancel) {
        expect(await s.adapter.cancel(sent.gatewayMessageId)).toBe('unsupported');
        return;
      }
      expect(await s.adapter.cancel(sent.gatewayMessageId)).toBe('not_cancellable');
      s.phone.setDozing(true);
      try {
        const queued = await send(s.freshNumber());
        expect(await s.adapter.cancel(queued.gatewayMessageId)).toBe('cancelled');
        expect(s.truth.message(queued.gatewayMessageId)!.state).toBe('cancelled');
        expect(
          (await s.adapter.fetchStatus(queued.gatewayMessageId, { gatewayDeviceId: s.target.gatewayDeviceId })).status,
        ).toBe('cancelled');
      } finally {
        s.phone.setDozing(false);
      }
    });

    it('a phone offline: a retryable device problem (local server) or a message left pending (cloud)', async () => {
      // What the adapter says of itself is what this test shows: only a local server's acceptance is the phone's.
      expect(s.adapter.answersFromPhone).toBe(s.features.mode === 'local');
      const to = s.freshNumber();
      s.phone.setOnline(false);
      try {
        if (s.features.heartbeat === 'online-events') {
          await s.receiver.waitFor((rs) => rs.some((r) => r.kind === 'heartbeat' && !r.online), 'an offline heartbeat');
        }
        if (s.features.mode === 'local') {
          const clientId = newId('msg');
          const e = await rejection(send(to, 'Back soon', clientId));
          expect(e).toBeInstanceOf(GatewaySendError);
          expect(e).toMatchObject({
            code: 'SMSFLEET_ERR_GATEWAY',
            problem: 'network',
            retryable: true,
            deviceProblem: true,
          });
          // The retry the router makes once the phone is back sends the text exactly once.
          s.phone.setOnline(true);
          const retried = await send(to, 'Back soon', clientId);
          await s.truth.waitFor(retried.gatewayMessageId, ['delivered']);
          expect(s.truth.countTo(to)).toBe(1);
          return;
        }
        const res = await send(to);
        expect(EARLY).toContain(res.status);
        expect(s.truth.message(res.gatewayMessageId)!.state).toBe('queued');
        s.phone.setOnline(true);
        await s.truth.waitFor(res.gatewayMessageId, ['delivered']);
      } finally {
        s.phone.setOnline(true);
      }
    });

    it('reports that the phone is alive', async () => {
      if (s.features.heartbeat === 'none') {
        expect(s.receiver.reports().filter((r) => r.kind === 'heartbeat')).toEqual([]);
        return;
      }
      const rs = await s.receiver.waitFor(
        (all) => all.some((r) => r.kind === 'heartbeat' && r.online),
        'an online heartbeat',
      );
      const hb = rs.find((r) => r.kind === 'heartbeat' && r.online)!;
      expect(GatewayReport.safeParse(hb).success).toBe(true);
      if (s.features.heartbeat === 'ping') expect(hb).toMatchObject({ deviceId: s.phone.deviceId });
    });

    it('wrong credentials are a clear, non-retryable auth error', async () => {
      const to = s.freshNumber();
      const e = await rejection(s.badAuth.send({ clientId: newId('msg'), to, body: 'x', ...s.target }));
      expect(e).toBeInstanceOf(GatewaySendError);
      expect(e).toMatchObject({
        code: 'SMSFLEET_ERR_GATEWAY',
        problem: 'auth',
        httpStatus: 401,
        retryable: false,
        deviceProblem: false,
      });
      expect((e as Error).message).toMatch(/credentials/);
      expect(s.truth.countTo(to)).toBe(0);
      await expect(s.badAuth.registerWebhooks(s.receiver.url)).rejects.toMatchObject({ problem: 'auth' });
    });

    (features.clientIds === 'none' ? it.skip : it)(
      'a resend with the same client id never creates a second message (where the gateway takes client ids)',
      async () => {
        const to = s.freshNumber();
        const clientId = newId('msg');
        const first = await send(to, 'Order 1042 shipped', clientId);
        if (s.features.clientIds === 'dedupe') {
          const again = await send(to, 'Order 1042 shipped', clientId);
          expect(again.gatewayMessageId).toBe(first.gatewayMessageId);
          expect(s.truth.countTo(to)).toBe(1);
          return;
        }
        // 'echo': the gateway does not dedupe, but every report carries our id back.
        const rs = await s.receiver.waitFor(
          (all) => all.some(about(first.gatewayMessageId)),
          `a report about ${first.gatewayMessageId}`,
        );
        expect(rs.find(about(first.gatewayMessageId))!.clientId).toBe(clientId);
      },
    );
  });
}
