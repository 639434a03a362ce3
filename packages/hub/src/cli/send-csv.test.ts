import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore } from '@smsfleet/core';
import { createApiKey } from '../auth/api-keys';
import { ManualClock, rig, type Rig } from '../testing';
import { cliClient } from './client';
import { sendCsv } from './send-csv';

/** A CSV of `n` rows to distinct numbers. */
function csv(n: number, tag: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'smsfleet-csv-')), `${tag}.csv`);
  writeFileSync(
    file,
    `to,body\n${Array.from({ length: n }, (_, i) => `+1415555${String(4200 + i)},${tag} ${i}`).join('\n')}\n`,
  );
  return file;
}

describe('bulk send from a CSV against a hub with a rate limit of 3 a minute', () => {
  const clock = new ManualClock();
  let r: Rig;
  beforeAll(async () => {
    r = await rig(createMemoryStore(), {}, { env: { SMSFLEET_RATE_LIMIT_PER_MIN: '3' }, clock });
  });
  afterAll(async () => {
    await r.close();
  });

  it("waits out the limit, as the hub's Retry-After says, instead of refusing the rows past it", async () => {
    const { key } = await createApiKey(r.store, 'csv', new Date(clock.now()));
    const waits: number[] = [];
    const client = cliClient(r.base, key, async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    });
    const s = await sendCsv(client, csv(7, 'limited'));
    expect(s).toMatchObject({ total: 7, accepted: 7, repeated: 0, refused: [] });
    expect(waits.length).toBeGreaterThanOrEqual(2); // 7 rows at 3 a minute: at least two new windows
    expect(waits.every((ms) => ms > 0 && ms <= 60_000)).toBe(true);
    const sent = (await r.store.messages.list({}, { limit: 100 })).items.filter((m) => m.body.startsWith('limited '));
    expect(sent).toHaveLength(7);
  });

  it('stops at an answer about the whole run (a wrong key), not refusing each row, and sends nothing', async () => {
    const before = (await r.store.messages.list({}, { limit: 100 })).items.length;
    const client = cliClient(r.base, 'sf_live_not-a-key', async () => {
      throw new Error('no rate limit expected');
    });
    await expect(sendCsv(client, csv(3, 'wrongkey'))).rejects.toThrow(
      new RegExp(
        '^the hub refused the bulk send after 0 of 3 rows \\(SMSFLEET_ERR_UNAUTHORIZED: .+\\); ' +
          'once that is fixed, run the same file again',
      ),
    );
    expect((await r.store.messages.list({}, { limit: 100 })).items).toHaveLength(before);
  });
});
