import { type ContractContext, rejection } from '../contract/fixtures';
import { MEDIA_MAX_BYTES } from './port';

/** The media part of the Store contract (see store/contract.ts). */
export function mediaContract(ctx: ContractContext): void {
  describe('media', () => {
    // Read per test: Redis expires items by the wall clock, and a long suite runs minutes before these.
    let now = 0;
    beforeEach(() => {
      now = Date.now();
    });
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 255]);

    it('keeps bytes exactly until their expiry, and replaces an item with the same id', async () => {
      await ctx.store.media.put({ id: 'med_1', contentType: 'image/jpeg', bytes, expiresAt: now + 3600_000 });
      const got = await ctx.store.media.get('med_1', now);
      expect(got).toEqual({ id: 'med_1', contentType: 'image/jpeg', bytes, expiresAt: now + 3600_000 });
      got!.bytes[0] = 0; // a copy
      expect((await ctx.store.media.get('med_1', now))!.bytes[0]).toBe(0xff);
      expect(await ctx.store.media.get('med_1', now + 3600_000)).toBeUndefined(); // expired at its time
      await ctx.store.media.put({
        id: 'med_1',
        contentType: 'image/png',
        bytes: bytes.slice(0, 2),
        expiresAt: now + 1e6,
      });
      expect(await ctx.store.media.get('med_1', now)).toMatchObject({
        contentType: 'image/png',
        bytes: bytes.slice(0, 2),
      });
      expect(await ctx.store.media.get('med_none', now)).toBeUndefined();
    });

    it('refuses an item over the size limit, empty, or badly named, and writes nothing', async () => {
      const big = new Uint8Array(MEDIA_MAX_BYTES + 1);
      const item = { id: 'med_big', contentType: 'image/jpeg', bytes: big, expiresAt: now + 60_000 };
      expect(await rejection(ctx.store.media.put(item))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'bytes',
      });
      expect(await ctx.store.media.get('med_big', now)).toBeUndefined();
      expect(await rejection(ctx.store.media.put({ ...item, bytes: new Uint8Array(0) }))).toMatchObject({
        field: 'bytes',
      });
      expect(await rejection(ctx.store.media.put({ ...item, bytes, id: 'a/b' }))).toMatchObject({ field: 'id' });
      expect(await rejection(ctx.store.media.put({ ...item, bytes, contentType: 'jpeg' }))).toMatchObject({
        field: 'contentType',
      });
    });
  });
}
