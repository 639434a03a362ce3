import type { Connection } from '../../schemas';
import { type ContractContext, rejection } from '../contract/fixtures';

/** A valid textbee connection record. */
function conn(id: string, over: Partial<Connection> = {}): Connection {
  return {
    id,
    connection: { kind: 'textbee', baseUrl: 'https://api.textbee.dev', apiKey: `k-${id}`, webhookSigningSecret: 's' },
    delivery: 'at-most-once',
    ...over,
  } as Connection;
}

/** The connections part of the Store contract (see store/contract.ts). */
export function connectionsContract(ctx: ContractContext): void {
  describe('connections', () => {
    it('puts, gets, lists in id order, updates and deletes, keeping the secrets', async () => {
      const s = ctx.store.connections;
      await s.put(conn('tb-b'));
      await s.put(conn('tb-a'));
      await s.put(conn('tb-b', { delivery: 'at-least-once' }));
      expect((await s.list()).map((c) => [c.id, c.delivery])).toEqual([
        ['tb-a', 'at-most-once'],
        ['tb-b', 'at-least-once'],
      ]);
      expect(await s.get('tb-a')).toEqual(conn('tb-a'));
      const r = await s.update('tb-a', (c) => ({ ...c, delivery: 'at-least-once' }));
      expect(r).toEqual({ value: conn('tb-a', { delivery: 'at-least-once' }), changed: true });
      expect((await s.update('tb-a', () => null))?.changed).toBe(false);
      expect(await s.update('tb-x', (c) => c)).toBeUndefined();
      expect(await s.delete('tb-a')).toBe(true);
      expect(await s.delete('tb-a')).toBe(false);
      expect(await s.get('tb-a')).toBeUndefined();
    });

    it('refuses invalid connections and id changes, naming the field and keeping what was there', async () => {
      const s = ctx.store.connections;
      expect(await rejection(s.put(conn('Bad Id')))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'connection.id',
      });
      const noKey = conn('tb-a', { connection: { kind: 'textbee' } as Connection['connection'] });
      expect(await rejection(s.put(noKey))).toMatchObject({ field: 'connection.connection.apiKey' });
      await s.put(conn('tb-a'));
      expect(await rejection(s.update('tb-a', (c) => ({ ...c, id: 'tb-b' })))).toMatchObject({ field: 'id' });
      expect(await s.list()).toEqual([conn('tb-a')]);
    });

    it('loses no concurrent update, and returns copies', async () => {
      const s = ctx.store.connections;
      await s.put(conn('tb-a'));
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          s.update('tb-a', (c) => ({
            ...c,
            connection: {
              ...c.connection,
              apiKey: `${(c.connection as { apiKey: string }).apiKey}${i % 10}`,
            } as Connection['connection'],
          })),
        ),
      );
      const c = (await s.get('tb-a'))!;
      expect((c.connection as { apiKey: string }).apiKey).toHaveLength('k-tb-a'.length + 10);
      c.delivery = 'at-least-once';
      (await s.list())[0]!.id = 'mutated';
      expect((await s.get('tb-a'))!.delivery).toBe('at-most-once');
    });
  });
}
