import { GatewaySendError, ownFailure, type Handover, type Message } from '@smsfleet/core';
import { clientIdFor, closeChange, definitiveRefusal, intentChange, unconfirmedChange } from './handover-rules';

const err = (o: Partial<ConstructorParameters<typeof GatewaySendError>[1]>) =>
  new GatewaySendError('x', { gateway: 'textbee', problem: 'server', retryable: true, deviceProblem: false, ...o });
const netErr = (code: string) =>
  err({
    problem: 'network',
    cause: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) }),
  });

describe('definitiveRefusal: what proves the gateway did not take the message', () => {
  it.each([
    ['a 400 refusal', err({ problem: 'rejected', httpStatus: 400 }), true],
    ['a 401', err({ problem: 'auth', httpStatus: 401 }), true],
    ['a 404 unknown device', err({ problem: 'device', httpStatus: 404 }), true],
    ['a 429', err({ problem: 'rate_limited', httpStatus: 429 }), true],
    ['a 503 queue full', err({ problem: 'device', httpStatus: 503 }), true],
    ['connection refused', netErr('ECONNREFUSED'), true],
    ['unknown host', netErr('ENOTFOUND'), true],
    ['a refusal by the adapter before any request', err({ problem: 'rejected' }), true],
    ['a 500', err({ problem: 'server', httpStatus: 500 }), false],
    ['a 502 from a proxy', err({ problem: 'server', httpStatus: 502 }), false],
    ['an unreadable 2xx', err({ problem: 'protocol', httpStatus: 200 }), false],
    ['a timeout', err({ problem: 'timeout' }), false],
    ['a reset connection', netErr('ECONNRESET'), false],
    ['a socket closed mid-request', netErr('UND_ERR_SOCKET'), false],
    ['any other error', new Error('boom'), false],
  ])('%s → %s', (_what, e, definitive) => {
    expect(definitiveRefusal(e)).toBe(definitive);
  });
});

describe('hand-over intent', () => {
  const at = '2026-12-01T10:00:00.000Z';
  const m: Message = {
    id: 'msg_1',
    to: '+14155550123',
    body: 'hi',
    segments: 1,
    encoding: 'GSM-7',
    priority: 0,
    status: 'queued',
    attempts: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const intent = (attempt: number): Handover => ({
    attempt,
    connectionId: 'tb',
    deviceId: 'tb',
    sim: 1,
    gateway: 'textbee',
    clientId: clientIdFor('msg_1', attempt),
    at,
  });
  const reservation = { key: 'sim:tb:1', id: 'r1', segments: 1 };

  it('is written once per attempt, and not while the previous hand-over is open or accepted', () => {
    const first = intentChange(m, intent(1), reservation)!.message;
    expect(first).toMatchObject({ handover: { attempt: 1, clientId: 'msg_1' }, reservation });
    expect(intentChange(first, intent(1), reservation)).toBeNull(); // another hub, same attempt
    expect(intentChange(first, intent(2), reservation)).toBeNull(); // open: reconcile first
    const accepted = {
      ...first,
      gatewayMessageId: 'g1',
      handover: { ...first.handover!, outcome: 'accepted' as const, gatewayMessageId: 'g1' },
    };
    expect(intentChange(accepted, intent(2), reservation)).toBeNull();
    expect(intentChange({ ...first, status: 'cancelled' }, intent(1), reservation)).toBeNull();
  });

  it('follows a closed hand-over with a fresh client id, keeping the old one in the history', () => {
    const first = intentChange(m, intent(1), reservation)!.message;
    const closed = closeChange(first, 1, 'not_found', 'reconciled: none', new Date(at))!.message;
    expect(closed.reservation).toBeUndefined();
    expect(closed.handover).toMatchObject({ outcome: 'not_found', note: 'reconciled: none' });
    expect(closeChange(closed, 1, 'refused', 'again', new Date(at))).toBeNull(); // closed once
    const second = intentChange(closed, intent(2), reservation)!.message;
    expect(second.handover).toMatchObject({ attempt: 2, clientId: 'msg_1-h2' });
    expect(second.previousHandovers).toEqual([closed.handover]);
  });

  it('ends an unconfirmed hand-over unknown with its failure (at-most-once), once', () => {
    const open = { ...intentChange(m, intent(1), reservation)!.message, status: 'queued' as const };
    const failure = ownFailure('SMSFLEET_HANDOVER_UNCONFIRMED', 'hand-over 1 could not be confirmed');
    const event = {
      id: 'evt_u',
      messageId: 'msg_1',
      status: 'unknown' as const,
      at,
      source: 'router' as const,
      failure,
    };
    const c = unconfirmedChange(open, 1, 'could not be confirmed', event, new Date(at))!;
    expect(c.message).toMatchObject({ status: 'unknown', failure, handover: { outcome: 'unconfirmed' } });
    expect(c.events).toEqual([event]);
    expect(c.message.reservation).toBeUndefined(); // the close drops it from the message; the SIM's budget keeps it
    expect(unconfirmedChange(c.message, 1, 'again', event, new Date(at))).toBeNull();
  });
});
