import type { Device } from '../../schemas';
import { type ContractContext, device, rejection } from '../contract/fixtures';

/** The devices part of the Store contract (see store/contract.ts). */
export function devicesContract(ctx: ContractContext): void {
  describe('devices', () => {
    it('puts, gets, lists in id order, updates and deletes', async () => {
      await ctx.store.devices.put(device('dev_b'));
      await ctx.store.devices.put(device('dev_a'));
      await ctx.store.devices.put(device('dev_b', { name: 'Renamed' }));
      expect((await ctx.store.devices.list()).map((d) => [d.id, d.name])).toEqual([
        ['dev_a', 'Phone dev_a'],
        ['dev_b', 'Renamed'],
      ]);
      const r = await ctx.store.devices.update('dev_a', (d) => ({ ...d, health: 'offline' }));
      expect(r).toEqual({ value: device('dev_a', { health: 'offline' }), changed: true });
      expect(await ctx.store.devices.update('dev_a', () => null)).toEqual({
        value: device('dev_a', { health: 'offline' }),
        changed: false,
      });
      expect(await ctx.store.devices.update('dev_x', (d) => d)).toBeUndefined();
      expect(await ctx.store.devices.delete('dev_a')).toBe(true);
      expect(await ctx.store.devices.delete('dev_a')).toBe(false);
      expect(await ctx.store.devices.get('dev_a')).toBeUndefined();
    });

    it('refuses invalid devices and id changes, keeping what was there', async () => {
      expect(await rejection(ctx.store.devices.put({ ...device('dev_a'), sims: [] }))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'device.sims',
      });
      await ctx.store.devices.put(device('dev_a'));
      expect(await rejection(ctx.store.devices.update('dev_a', (d) => ({ ...d, id: 'dev_b' })))).toMatchObject({
        field: 'id',
      });
      expect(
        await rejection(ctx.store.devices.update('dev_a', (d) => ({ ...d, health: 'asleep' as Device['health'] }))),
      ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'device.health' });
      expect(await ctx.store.devices.list()).toEqual([device('dev_a')]);
    });

    it('loses no concurrent update, and returns copies', async () => {
      await ctx.store.devices.put(device('dev_a'));
      await Promise.all(
        Array.from({ length: 20 }, () =>
          ctx.store.devices.update('dev_a', (d) => ({ ...d, consecutiveFailures: d.consecutiveFailures + 1 })),
        ),
      );
      const d = (await ctx.store.devices.get('dev_a'))!;
      expect(d.consecutiveFailures).toBe(20);
      d.sims[0]!.enabled = false;
      (await ctx.store.devices.list())[0]!.name = 'mutated';
      expect(await ctx.store.devices.get('dev_a')).toEqual(device('dev_a', { consecutiveFailures: 20 }));
    });
  });
}
