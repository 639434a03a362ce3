import { GatewayReport } from '../schemas/events';
import type { ContractFeatures, GatewayContractSubject } from './contract-subject';
import { errorOf, type StatusReport } from './contract-util';

/**
 * The webhook cases of the gateway contract, registered inside its describe after the status cases (they read the
 * webhooks those produced): signatures are verified (forged, tampered, replayed), and an inbound SMS is reported.
 */
export function webhookContractCases(subject: () => GatewayContractSubject & { features: ContractFeatures }): void {
  it('rejects a forged signature, a tampered body (where it is signed) and a replay (where a time is signed)', () => {
    const s = subject();
    expect(s.receiver.received.filter((r) => r.error).map((r) => String(r.error))).toEqual([]);
    const captured = s.receiver.received.find((r) => r.reports?.some((x) => x.kind === 'status'))!;
    expect(captured).toBeDefined();
    expect(s.adapter.parseWebhook(captured.request, captured.at)).toEqual(captured.reports);
    const invalid = { code: 'SMSFLEET_ERR_SIGNATURE_INVALID' };

    const sigHeaders = Object.keys(captured.request.headers).filter((h) => /signature|authorization/i.test(h));
    expect(sigHeaders.length).toBeGreaterThan(0);
    for (const h of sigHeaders) {
      const v = String(captured.request.headers[h]);
      const i = Math.floor(v.length * 0.75);
      const forgedSig = {
        ...captured.request,
        headers: { ...captured.request.headers, [h]: v.slice(0, i) + (v[i] === 'a' ? 'b' : 'a') + v.slice(i + 1) },
      };
      expect(errorOf(() => s.adapter.parseWebhook(forgedSig, captured.at))).toMatchObject(invalid);
    }

    const raw = captured.request.rawBody.toString('utf8');
    const id = (captured.reports!.find((x) => x.kind === 'status') as StatusReport).gatewayMessageId;
    const tampered = { ...captured.request, rawBody: Buffer.from(raw.replace(id, `x${id.slice(1)}`)) };
    expect(tampered.rawBody.equals(captured.request.rawBody)).toBe(false);
    if (s.features.signsBody) {
      expect(errorOf(() => s.adapter.parseWebhook(tampered, captured.at))).toMatchObject(invalid);
    } else {
      // The gateway's token authenticates the sender, not the body (httpSMS): the tampered id goes through.
      expect(s.adapter.parseWebhook(tampered, captured.at)[0]).toMatchObject({ gatewayMessageId: `x${id.slice(1)}` });
    }

    const later = new Date(captured.at.getTime() + ((s.features.replayWindowS ?? 600) + 60) * 1000);
    if (s.features.replayWindowS !== undefined) {
      expect(errorOf(() => s.adapter.parseWebhook(captured.request, later))).toMatchObject(invalid);
    } else {
      // No signed time: a replay verifies, and the event id it carries is what drops it upstream.
      const again = s.adapter.parseWebhook(captured.request, later);
      expect(again).toEqual(captured.reports);
      expect(again.every((r) => r.kind !== 'status' || r.gatewayEventId)).toBe(true);
    }
  });

  it('an inbound SMS becomes an inbound report', async () => {
    const s = subject();
    const from = s.freshNumber();
    s.phone.receiveSms(from, 'STOP', s.target.sim);
    const rs = await s.receiver.waitFor(
      (all) => all.some((r) => r.kind === 'inbound' && r.from === from),
      `inbound from ${from}`,
    );
    const inbound = rs.find((r) => r.kind === 'inbound' && r.from === from)!;
    expect(inbound).toMatchObject({ kind: 'inbound', body: 'STOP' });
    if (inbound.kind === 'inbound' && inbound.to !== undefined) expect(inbound.to).toBe(s.phone.simNumber);
    if (inbound.kind === 'inbound' && inbound.sim !== undefined) expect(inbound.sim).toBe(s.target.sim);
    expect(GatewayReport.safeParse(inbound).success).toBe(true);
  });
}
