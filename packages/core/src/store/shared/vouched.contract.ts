import { Message } from '../../schemas';
import { type ContractContext, event, message, rejection } from '../contract/fixtures';
import { vouchForCreate } from './vouched';

/** Contract: a create whose records were vouched for (see vouchForCreate) is stored unparsed, once, as a parsed one. */
export function vouchedCreateContract(ctx: ContractContext): void {
  describe('messages: a create vouched for', () => {
    afterEach(() => jest.restoreAllMocks());

    it('stores a vouched message and its events without parsing them, as a parsed create would', async () => {
      const parses = jest.spyOn(Message, 'safeParse');
      const m = message(0, { reference: 'r-1', metadata: { order: 'A-1' }, tags: ['vip'] });
      const events = [event(m, 'queued')];
      vouchForCreate(m, events);
      const r = await ctx.store.messages.create(m, events);
      expect(parses).not.toHaveBeenCalled();
      expect(r).toEqual({ message: m, created: true, fingerprintMatches: true });
      expect(r.message).not.toBe(m); // the store's own copy
      expect(await ctx.store.messages.get(m.id)).toEqual(m);
      expect(await ctx.store.messages.events(m.id)).toEqual(events);
    });

    it('spends the mark: the same object changed after its create is parsed, and refused by field', async () => {
      const m = message();
      const events = [event(m, 'queued')];
      vouchForCreate(m, events);
      await ctx.store.messages.create(m, events);
      const again = Object.assign(m, { id: message(1).id, to: '12345' });
      expect(await rejection(ctx.store.messages.create(again, []))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'message.to',
      });
      expect(await ctx.store.messages.get(again.id)).toBeUndefined();
    });

    it('still refuses vouched events that name another message', async () => {
      const m = message();
      const events = [event(message(1), 'queued')];
      vouchForCreate(m, events);
      expect(await rejection(ctx.store.messages.create(m, events))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'events.0.messageId',
      });
      expect(await ctx.store.messages.get(m.id)).toBeUndefined();
    });

    it('parses the fields the maker cannot vouch for, refusing them by name, unmarked', async () => {
      const m = message(0, { body: 'x'.repeat(1601) });
      expect(() => vouchForCreate(m, [], ['body', 'idempotencyKey'])).toThrow(
        expect.objectContaining({ code: 'SMSFLEET_ERR_VALIDATION', field: 'message.body' }),
      );
      expect(await rejection(ctx.store.messages.create(m, []))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'message.body',
      });
    });
  });
}
