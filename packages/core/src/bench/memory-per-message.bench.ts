/**
 * Memory per tracked message in the in-memory store: a realistic message (a 60-char body, reference,
 * metadata, gateway id link) through its send -> sent -> delivered life (3 timeline events), with every
 * index. Baseline, same run: the same messages kept as plain JS objects in an array (what a naive
 * in-memory map would cost, without any index). Target (issue 21): at most 600 bytes per message.
 */
import { createMemoryStore } from '../store';
import type { Message, StatusEvent } from '../schemas';
import { newId } from '../ids';
import { reportBench, settledHeap } from './report';

const N = 50_000;
const T0 = Date.parse('2026-11-23T10:00:00.000Z');

function makeMessage(i: number): Message {
  const at = new Date(T0 + i * 1000).toISOString();
  return {
    id: newId('msg', new Date(T0 + i * 1000)),
    to: `+4477009${String(i).padStart(5, '0')}`,
    body: `Hi Sam, your order A-${1000 + i} ships today. Track it at shop.example`,
    segments: 1,
    encoding: 'GSM-7',
    reference: `order-${i}`,
    metadata: { orderId: `A-${1000 + i}` },
    priority: 0,
    status: 'queued',
    attempts: 0,
    createdAt: at,
    updatedAt: at,
    retainUntil: new Date(T0 + 90 * 86400_000).toISOString(),
    version: 0,
  };
}
function makeEvent(m: Message, status: StatusEvent['status'], k: number): StatusEvent {
  return {
    id: newId('evt'),
    messageId: m.id,
    status,
    at: new Date(Date.parse(m.createdAt) + k * 1000).toISOString(),
    source: k ? 'gateway' : 'api',
  };
}

async function main() {
  // baseline: plain objects (message + 3 events) in arrays
  const before0 = settledHeap();
  const plain: unknown[] = [];
  for (let i = 0; i < N; i++) {
    const m = makeMessage(i);
    plain.push({ m, e: [makeEvent(m, 'queued', 0), makeEvent(m, 'sent', 1), makeEvent(m, 'delivered', 2)] });
  }
  const plainBytes = (settledHeap() - before0) / N;
  plain.length = 0;

  const store = createMemoryStore();
  const before = settledHeap();
  for (let i = 0; i < N; i++) {
    const m = makeMessage(i);
    await store.messages.create(m, [makeEvent(m, 'queued', 0)]);
    const gw = `9f1c${String(i).padStart(8, '0')}-3b2a-4c1d-8e7f-0a1b2c3d4e5f`;
    await store.messages.update(m.id, (c) => ({
      message: {
        ...c,
        status: 'sent',
        gateway: 'sms-gate',
        gatewayMessageId: gw,
        from: { deviceId: 'dev_pixel7', sim: 1 },
      },
      events: [makeEvent(c, 'sent', 1)],
    }));
    await store.messages.linkGatewayId('sms-gate', gw, m.id);
    await store.messages.update(m.id, (c) => ({
      message: { ...c, status: 'delivered' },
      events: [makeEvent(c, 'delivered', 2)],
    }));
  }
  const perMessage = (settledHeap() - before) / N;
  const check = await store.messages.list({}, { limit: 1 });
  if (check.items.length !== 1) throw new Error('store lost messages');
  await store.close();
  reportBench({
    name: 'memory per tracked message (memory store)',
    figure: perMessage,
    unit: 'bytes',
    baseline: { name: 'same data as plain JS objects, no indexes', figure: plainBytes, unit: 'bytes' },
    ratio: perMessage / plainBytes,
    target: '<= 600 bytes',
    pass: perMessage <= 600,
    notes:
      `${N} messages, each with a 67-char body, reference, metadata, a gateway-id link and 3 timeline events, ` +
      'all indexes included.',
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
