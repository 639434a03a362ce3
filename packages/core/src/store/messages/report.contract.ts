import { type ContractContext, event, message, rejection } from '../contract/fixtures';

/** Contract: a report recorded on a message by `messages.update` (its `report` option), with the change or alone. */
export function messageReportContract(ctx: ContractContext): void {
  describe('messages: reports recorded with an update', () => {
    it('records a report with the change it made, or alone, and tells a repeat apart', async () => {
      const m = message();
      await ctx.store.messages.create(m, [event(m, 'queued')]);
      const sent = (report: string) =>
        ctx.store.messages.update(
          m.id,
          (c) => (c.status === 'sent' ? null : { message: { ...c, status: 'sent' }, events: [event(c, 'sent', 5)] }),
          undefined,
          { report },
        );
      expect(await sent('report:sms-gate:c1:e1')).toMatchObject({ changed: true, seen: false, value: { version: 1 } });
      expect(await sent('report:sms-gate:c1:e1')).toMatchObject({ changed: false, seen: true, value: { version: 1 } });
      // Another report that changes nothing is recorded alone, and its repeat is one too.
      expect(await sent('report:sms-gate:c1:e2')).toMatchObject({ changed: false, seen: false });
      expect(await sent('report:sms-gate:c1:e2')).toMatchObject({ changed: false, seen: true });
      // A repeat whose change is applied (the message moved back meanwhile) is written, and still a repeat.
      await ctx.store.messages.update(m.id, (c) => ({ message: { ...c, status: 'queued' }, events: [] }));
      expect(await sent('report:sms-gate:c1:e1')).toMatchObject({ changed: true, seen: true, value: { version: 3 } });
      // Without the option: no answer about reports; the records change nothing else.
      const plain = await ctx.store.messages.update(m.id, () => null);
      expect(plain).not.toHaveProperty('seen');
      expect(await ctx.store.messages.get(m.id)).toEqual(plain!.value);
      expect((await ctx.store.messages.events(m.id)).map((e) => e.status)).toEqual(['queued', 'sent', 'sent']);
      expect((await ctx.store.messages.list({})).items).toEqual([plain!.value]);
    });

    it('keeps reports apart whatever their keys hold: prefixes, quotes, newlines', async () => {
      const m = message();
      await ctx.store.messages.create(m, []);
      const record = (report: string) => ctx.store.messages.update(m.id, () => null, undefined, { report });
      const keys = ['a', 'ab', 'a"b', 'a\\', 'a\nb', 'é:1'];
      for (const k of keys) expect(await record(k)).toMatchObject({ seen: false });
      for (const k of keys) expect(await record(k)).toMatchObject({ seen: true });
      expect(await ctx.store.messages.events(m.id)).toEqual([]);
    });

    it('records nothing on an unknown message, and refuses a bad key with nothing written', async () => {
      expect(await ctx.store.messages.update('msg_unknown', () => null, undefined, { report: 'r' })).toBeUndefined();
      const m = message();
      await ctx.store.messages.create(m, []);
      for (const report of ['', 'x'.repeat(301), 7 as unknown as string]) {
        const change = ctx.store.messages.update(
          m.id,
          (c) => ({ message: { ...c, attempts: 1 }, events: [] }),
          undefined,
          { report },
        );
        expect(await rejection(change)).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'opts.report' });
      }
      expect(await ctx.store.messages.get(m.id)).toMatchObject({ attempts: 0, version: 0 });
      expect(await ctx.store.messages.update(m.id, () => null, undefined, { report: 'x'.repeat(300) })).toMatchObject({
        seen: false,
      });
    });
  });
}
