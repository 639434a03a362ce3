import { newId, type Store } from '@smsfleet/core';

/** A message written through `store` reads back: the store answers, on the Redis it was opened on. */
export async function writesAndReads(store: Store): Promise<void> {
  const at = new Date().toISOString();
  const id = newId('msg');
  const m = {
    id,
    to: '+14155550123',
    body: 'hi',
    segments: 1,
    encoding: 'GSM-7' as const,
    priority: 0,
    status: 'queued' as const,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  await store.messages.create(m, []);
  expect(await store.messages.get(id)).toMatchObject({ id, body: 'hi' });
}
