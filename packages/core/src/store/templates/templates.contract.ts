import type { Template } from '../../templates/schema';
import { type ContractContext, iso, rejection } from '../contract/fixtures';

/** A template record. */
function template(id: string, over: Partial<Template> = {}): Template {
  return { id, name: `T ${id}`, body: 'Hi {{name}}', fields: ['name'], createdAt: iso(), updatedAt: iso(), ...over };
}

/** The templates part of the Store contract (see store/contract.ts). */
export function templatesContract(ctx: ContractContext): void {
  describe('templates', () => {
    it('creates, reads, lists in id order, refuses an id in use and a bad record, and deletes', async () => {
      const s = ctx.store.templates;
      await s.create(template('tpl_b'));
      await s.create(template('tpl_a', { body: 'Yo {{x}} {{y}}', fields: ['x', 'y'] }));
      expect(await rejection(s.create(template('tpl_a')))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'template.id',
      });
      expect(await rejection(s.create(template('tpl_c', { name: '' })))).toMatchObject({ field: 'template.name' });
      expect(await s.get('tpl_a')).toEqual(template('tpl_a', { body: 'Yo {{x}} {{y}}', fields: ['x', 'y'] }));
      expect(await s.get('tpl_c')).toBeUndefined();
      expect((await s.list()).map((t) => t.id)).toEqual(['tpl_a', 'tpl_b']);
      const got = await s.get('tpl_b');
      got!.name = 'mutated';
      expect((await s.get('tpl_b'))!.name).toBe('T tpl_b');
      expect(await s.delete('tpl_b')).toBe(true);
      expect(await s.delete('tpl_b')).toBe(false);
      expect((await s.list()).map((t) => t.id)).toEqual(['tpl_a']);
    });

    it('updates atomically: no lost update among racing writers, keeps the id, null changes nothing', async () => {
      const s = ctx.store.templates;
      await s.create(template('tpl_r', { name: '0' }));
      await Promise.all(
        Array.from({ length: 10 }, () =>
          s.update('tpl_r', (t) => ({ ...t, name: String(Number(t.name) + 1), updatedAt: iso(1) })),
        ),
      );
      expect((await s.get('tpl_r'))!.name).toBe('10');
      expect(await s.update('tpl_r', () => null)).toMatchObject({ changed: false, value: { name: '10' } });
      expect(await s.update('nope', (t) => t)).toBeUndefined();
      expect(await rejection(s.update('tpl_r', (t) => ({ ...t, id: 'tpl_other' })))).toMatchObject({
        field: 'id',
      });
    });
  });
}
