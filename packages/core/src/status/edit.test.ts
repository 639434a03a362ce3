import type { Handover } from '../schemas/handover';
import type { Message } from '../schemas/message';
import { editChange, editedSince, editRefusal } from './edit';

const at = '2026-12-01T09:00:00.000Z';
const now = new Date('2026-12-01T10:00:00.000Z');
const m: Message = {
  id: 'msg_1',
  to: '+14155550123',
  body: 'old text',
  segments: 1,
  encoding: 'GSM-7',
  priority: 0,
  status: 'scheduled',
  sendAt: '2026-12-01T12:00:00.000Z',
  expiresAt: '2026-12-01T13:00:00.000Z',
  attempts: 0,
  createdAt: at,
  updatedAt: at,
  version: 2,
};
const intent: Handover = {
  attempt: 1,
  connectionId: 'c1',
  deviceId: 'pixel-a',
  sim: 1,
  gateway: 'sms-gate',
  clientId: 'msg_1',
  at,
};

describe('editRefusal', () => {
  it('lets a queued or scheduled message change until a hand-over is under way or accepted', () => {
    expect(editRefusal(m)).toBeUndefined();
    expect(editRefusal({ ...m, status: 'queued' })).toBeUndefined();
    expect(editRefusal({ ...m, handover: intent })).toMatch(/under way/);
    expect(editRefusal({ ...m, status: 'accepted', gatewayMessageId: 'g1' })).toMatch(/status is accepted/);
    // Requeued past an accepted hand-over (the gateway id was dropped): waiting again.
    expect(editRefusal({ ...m, handover: { ...intent, outcome: 'accepted', gatewayMessageId: 'g1' } })).toBeUndefined();
    // Requeued past a cancelled hand-over: waiting again, so editable.
    expect(editRefusal({ ...m, status: 'queued', handover: { ...intent, outcome: 'cancelled' } })).toBeUndefined();
    expect(editRefusal({ ...m, status: 'delivered' })).toMatch(/delivered/);
  });
});

describe('editChange', () => {
  it('changes the text and its segments, with a message.updated timeline entry', () => {
    const c = editChange(m, { body: { text: 'new', segments: 2, encoding: 'UCS-2' } }, now, 'evt_x')!;
    expect(c.message).toMatchObject({ body: 'new', segments: 2, encoding: 'UCS-2', status: 'scheduled' });
    expect(c.message.updatedAt).toBe(now.toISOString());
    expect(c.events).toEqual([
      expect.objectContaining({ id: 'evt_x', kind: 'message.updated', status: 'scheduled', source: 'api' }),
    ]);
    expect(c.events[0]!.note).toMatch(/body \(2 segments\)/);
  });

  it('moves the schedule and the expiry with it; a past sendAt makes it due now', () => {
    const later = editChange(m, { sendAt: '2026-12-01T15:00:00.000Z' }, now, 'e')!.message;
    expect(later).toMatchObject({ sendAt: '2026-12-01T15:00:00.000Z', expiresAt: '2026-12-01T16:00:00.000Z' });
    const due = editChange(m, { sendAt: '2026-12-01T08:00:00.000Z' }, now, 'e')!.message;
    expect(due.sendAt).toBeUndefined();
    expect(due.status).toBe('queued');
    expect(due.expiresAt).toBe('2026-12-01T11:00:00.000Z');
  });

  it('asks for another device or SIM, keeping what the edit does not name', () => {
    const a = editChange({ ...m, requested: { deviceId: 'pixel-a', sim: 1 } }, { sim: 2 }, now, 'e')!.message;
    expect(a.requested).toEqual({ deviceId: 'pixel-a', sim: 2 });
  });

  it('is null once a hand-over is under way', () => {
    expect(
      editChange({ ...m, handover: intent }, { body: { text: 'x', segments: 1, encoding: 'GSM-7' } }, now, 'e'),
    ).toBeNull();
  });
});

describe('editedSince', () => {
  it('tells the dispatcher that what it routed is no longer the message', () => {
    expect(editedSince(m, m)).toBe(false);
    expect(editedSince({ ...m, version: 9, updatedAt: now.toISOString() }, m)).toBe(false);
    expect(editedSince({ ...m, body: 'new' }, m)).toBe(true);
    expect(editedSince({ ...m, sendAt: undefined }, m)).toBe(true);
    expect(editedSince({ ...m, requested: { sim: 2 } }, m)).toBe(true);
  });
});
