import type { Message } from '@smsfleet/core';
import { storeCases } from '../testing';
import { rig, waitForStatus, type Rig } from '../testing/pipeline-rig';

describe('quiet hours end to end', () => {
  let r: Rig;
  const uk = '+447911123456';
  const londonMinute = () => {
    const [h, m] = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(new Date())
      .split(':')
      .map(Number);
    return h! * 60 + m!;
  };
  const hhmm = (min: number) => {
    const x = ((min % 1440) + 1440) % 1440;
    return `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
  };

  beforeAll(async () => {
    const now = londonMinute();
    r = await rig(
      await storeCases()[0]!.create(),
      {},
      { env: { SMSFLEET_QUIET_HOURS: `${hhmm(now - 60)}-${hhmm(now + 90)}` } },
    );
  });
  afterAll(async () => {
    await r.close();
  });

  it("defers a non-urgent text in the contact's local quiet window to its end, and sends urgent ones now", async () => {
    const post = async (body: object) =>
      (
        await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: r.auth, body: JSON.stringify(body) })
      ).json() as Promise<Message>;
    const deferred = await post({ to: uk, body: 'Your weekly digest' });
    expect(deferred.status).toBe('scheduled');
    const wait = Date.parse(deferred.sendAt!) - Date.now();
    expect(wait).toBeGreaterThan(85 * 60_000);
    expect(wait).toBeLessThan(92 * 60_000);
    const timeline = (await (await fetch(`${r.base}/v1/messages/${deferred.id}`, { headers: r.auth })).json()) as {
      events: { note?: string }[];
    };
    expect(timeline.events[0]!.note).toMatch(/quiet hours/);
    const preview = (await (
      await fetch(`${r.base}/v1/messages/preview`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ to: uk, body: 'x' }),
      })
    ).json()) as { deferredUntil?: string; warnings: { code: string }[] };
    expect(preview.deferredUntil).toBeDefined();
    expect(preview.warnings.map((w) => w.code)).toContain('QUIET_HOURS');

    const urgent = await post({ to: uk, body: 'Your code is 123456', urgent: true });
    expect(urgent.status).toBe('queued');
    await waitForStatus(r, urgent.id, ['delivered']);
    expect(
      r.fleet.truth
        .messages()
        .filter((t) => t.recipient === uk)
        .map((t) => t.text),
    ).toEqual(['Your code is 123456']);
  });
});
