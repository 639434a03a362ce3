import { describeFleet, readSpec } from './cli/main';
import { startFleet } from './fleet';
import { scaledSimClock } from './runtime';
import { startTruthServer, type TruthSnapshot } from './truth-server';

describe('fleet-sim in its own process: description and truth endpoint', () => {
  it("describes the fleet for a hub's fleet file and serves the ground truth on loopback", async () => {
    const fleet = await startFleet({
      seed: 4,
      clock: scaledSimClock(100),
      phones: [
        { id: 'p1', gateway: 'sms-gate', sims: [{ number: '+15550000001' }] },
        { id: 'p2', gateway: 'textbee', sims: [{ number: '+15550000002', segmentsPerMinute: 50 }] },
      ],
      faults: { invalidPrefixes: ['+1415555999'] },
    });
    const truth = await startTruthServer(fleet);
    try {
      const d = describeFleet(fleet, 4, truth.url);
      expect(d.phones.map((p) => [p.id, p.gateway, p.sims])).toEqual([
        ['p1', 'sms-gate', [{ slot: 1, number: '+15550000001', segmentsPerMinute: 30 }]],
        ['p2', 'textbee', [{ slot: 1, number: '+15550000002', segmentsPerMinute: 50 }]],
      ]);
      expect(d.phones[0]!.webhookSecret).toBe(fleet.phone('p1').webhookSecret);
      expect(JSON.parse(JSON.stringify(d))).toEqual(d); // plain data: it goes over a pipe
      expect(truth.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const { username, password } = fleet.gateways['sms-gate'].credentials;
      const send = (to: string, text: string) =>
        fetch(`${fleet.gateways['sms-gate'].baseUrl}/3rdparty/v1/messages`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ textMessage: { text }, phoneNumbers: [to], deviceId: 'p1' }),
        });
      expect((await send('+14155550100', 'hello truth')).status).toBe(202);
      expect((await send('+14155559990', 'to a bad number')).status).toBe(202);
      await fleet.truth.waitFor((t) => t.messages().length === 2 && t.allSettled(), 10_000, 'both settled');

      const snap = (await (await fetch(`${truth.url}/truth`)).json()) as TruthSnapshot;
      expect(snap.allSettled).toBe(true);
      expect(snap.messages.map((m) => [m.text, m.phoneId, m.finalState]).sort()).toEqual([
        ['hello truth', 'p1', 'delivered'],
        ['to a bad number', 'p1', 'failed'],
      ]);
      expect(snap.messages.find((m) => m.text === 'hello truth')!.partsSentAt).toHaveLength(1);
      expect((await fetch(`${truth.url}/nope`)).status).toBe(404);
      expect((await fetch(`${truth.url}/truth`, { method: 'POST' })).status).toBe(404);
    } finally {
      await truth.close();
      await fleet.close();
    }
  });

  it('reads a spec file, refusing what the CLI does not take', () => {
    expect(readSpec('{"seed":3,"phones":[]}')).toEqual({ seed: 3, phones: [] });
    expect(() => readSpec('{"seed":3}')).toThrow(/"phones"/);
    expect(() => readSpec('{"phones":[],"host":"0.0.0.0"}')).toThrow(/no "clock" or "host"/);
  });
});
