import { partsCount, Prng, startFleet } from './index';
import { scaledSimClock } from './testing';

describe('startFleet', () => {
  it('starts all four cloud servers, exposes phones, and closes idempotently', async () => {
    const fleet = await startFleet({
      seed: 1,
      clock: scaledSimClock(100),
      phones: [
        { id: 'a', gateway: 'httpsms', sims: [{ number: '+15550000001' }] },
        { id: 'b', gateway: 'sms-gate-local', sims: [{ number: '+15550000002', segmentsPerMinute: 10 }] },
      ],
    });
    try {
      for (const k of ['sms-gate', 'httpsms', 'textbee', 'mysmsgate'] as const)
        expect(fleet.gateways[k].baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(fleet.phones().map((p) => p.id)).toEqual(['a', 'b']);
      expect(fleet.phone('b').sims).toEqual([{ slot: 1, number: '+15550000002', segmentsPerMinute: 10 }]);
      expect(fleet.phone('a').credentials.apiKey).toBe(fleet.gateways.httpsms.credentials.apiKey);
      expect(fleet.phone('a').webhookSecret).toBeUndefined();
      expect(() => fleet.phone('zzz')).toThrow(/no phone zzz/);
      expect(() => fleet.phone('a').receiveSms('+15551112222', 'x', 2)).toThrow(/no SIM 2/);
    } finally {
      await fleet.close();
      await fleet.close();
    }
    await expect(fetch(`${fleet.gateways.httpsms.baseUrl}/v1/messages`)).rejects.toThrow();
  });

  it('refuses bad specs with a message naming the problem', async () => {
    const sims = [{ number: '+15550000001' }];
    await expect(
      startFleet({ phones: [{ id: 'x', gateway: 'sms-gate', sims }], faults: { lostRate: 2 } }),
    ).rejects.toThrow(/faults\.lostRate must be a probability/);
    await expect(startFleet({ phones: [{ id: 'x', gateway: 'sms-gate', sims: [] }] })).rejects.toThrow(/1 or 2 SIMs/);
    await expect(startFleet({ phones: [{ id: 'x', gateway: 'sms-gate', sims: [{ number: '555' }] }] })).rejects.toThrow(
      /not E\.164/,
    );
    await expect(
      startFleet({
        phones: [
          { id: 'x', gateway: 'sms-gate', sims },
          { id: 'y', gateway: 'textbee', sims },
        ],
      }),
    ).rejects.toThrow(/used twice/);
    await expect(startFleet({ phones: [{ id: 'x', gateway: 'nokia' as 'sms-gate', sims }] })).rejects.toThrow(
      /unknown gateway/,
    );
  });

  it('derives credentials from the seed', async () => {
    const cred = async (seed: number) => {
      const f = await startFleet({ seed, phones: [] });
      const c = JSON.stringify([f.gateways['sms-gate'].credentials, f.gateways.textbee.credentials]);
      await f.close();
      return c;
    };
    expect(await cred(5)).toBe(await cred(5));
    expect(await cred(5)).not.toBe(await cred(6));
  });
});

describe("partsCount (the phone's own split)", () => {
  it.each([
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['a'.repeat(306), 2],
    ['a'.repeat(307), 3],
    ['{'.repeat(80), 1], // extension chars cost 2
    ['{'.repeat(81), 2],
    ['ç'.repeat(70), 1], // ç forces UCS-2
    ['ç'.repeat(71), 2],
    ['😀'.repeat(35), 1], // surrogate pairs cost 2
    ['😀'.repeat(36), 2],
    ['', 1],
  ])('case %#', (text, n) => {
    expect(partsCount(text)).toBe(n);
  });
});

describe('Prng', () => {
  it('is reproducible per seed and stream, and makes valid v4 uuids', () => {
    const a = Prng.fork(9, 'x');
    const b = Prng.fork(9, 'x');
    const c = Prng.fork(9, 'y');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(a.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
