import {
  analyzeText,
  editChange,
  editRefusal,
  newId,
  SmsfleetError,
  transition,
  type Message,
  type MessageEdit,
  type MessageUpdateRequest,
} from '@smsfleet/core';
import { QUEUES } from '../queues';
import type { SendServiceDeps } from './send-options';
import { transitionPorts } from './transition-ports';

type UpdateDeps = Pick<SendServiceDeps, 'store' | 'fleet' | 'publisher' | 'options' | 'onEnqueued'>;

function handedOver(id: string, reason: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_MESSAGE_HANDED_OVER', `Message ${id} can no longer be edited: ${reason}.`, {
    field: 'params.id',
    reason,
  });
}

/**
 * Edit message `id` while it waits for its hand-over (`PATCH /v1/messages/:id`): its text (segments counted again, the
 * opt-out footer it was sent with kept), its schedule, the device or SIM asked for. One compare-and-set on the message
 * decides against the dispatcher: the edit is written only while no hand-over is under way, and a hand-over intent is
 * written only if the message is still what the dispatcher routed (hand-over.ts), so the customer gets the old text or
 * the new one, never both. The send job then moves to the new time. SMSFLEET_ERR_NOT_FOUND, the field's error, or 409
 * SMSFLEET_ERR_MESSAGE_HANDED_OVER.
 */
export async function updateMessage(
  deps: UpdateDeps,
  id: string,
  req: MessageUpdateRequest,
  now: Date,
): Promise<Message> {
  const m = await deps.store.messages.get(id);
  if (!m)
    throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No message ${id}.`, {
      field: 'params.id',
      reason: 'no message with this id',
    });
  const early = editRefusal(m);
  if (early) throw handedOver(id, early);
  const edit = await checkEdit(deps, m, req);
  let refusal: string | undefined;
  const r = await transition(
    transitionPorts(deps),
    id,
    (c) => {
      const change = editChange(c, edit, now, newId('evt', now));
      if (!change) refusal = editRefusal(c);
      return change;
    },
    now,
  );
  if (!r) throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No message ${id}.`, { field: 'params.id' });
  if (!r.changed) throw handedOver(id, refusal ?? 'it changed meanwhile');
  if (edit.sendAt !== undefined) {
    // A job a dispatcher holds is moved too: that dispatcher's hand-over finds the message edited and looks again.
    const dueAt = r.value.sendAt ? Date.parse(r.value.sendAt) : now.getTime();
    await deps.store.queue.reschedule(QUEUES.send, id, dueAt);
    deps.onEnqueued?.();
  }
  return r.value;
}

/** The request, checked against the fleet and the hub's limits, with its text analysed. */
async function checkEdit(deps: UpdateDeps, m: Message, req: MessageUpdateRequest): Promise<MessageEdit> {
  const edit: MessageEdit = {};
  if (req.deviceId !== undefined) {
    try {
      deps.fleet.forDevice(req.deviceId);
    } catch {
      throw new SmsfleetError('SMSFLEET_ERR_UNKNOWN_DEVICE', `No device ${req.deviceId} in the fleet.`, {
        field: 'body.deviceId',
        reason: 'no such device',
      });
    }
    edit.deviceId = req.deviceId;
  }
  if (req.deviceId !== undefined || req.sim !== undefined) {
    // The SIM asked for, new or kept, must be on the device asked for, new or kept.
    const deviceId = req.deviceId ?? m.requested?.deviceId;
    const sim = req.sim ?? m.requested?.sim;
    const d = deviceId === undefined || sim === undefined ? undefined : await deps.store.devices.get(deviceId);
    if (deviceId !== undefined && sim !== undefined && !d?.sims.some((s) => s.slot === sim)) {
      throw new SmsfleetError('SMSFLEET_ERR_UNKNOWN_DEVICE', `Device ${deviceId} has no SIM ${sim}.`, {
        field: req.sim !== undefined ? 'body.sim' : 'body.deviceId',
        reason: 'no such SIM on the device',
      });
    }
    if (req.sim !== undefined) edit.sim = req.sim;
  }
  if (req.body !== undefined) {
    analyzeText(req.body, { field: 'body.body' });
    const { footer, maxSegments } = deps.options;
    // The opt-out footer a first text got at send time stays: the edit changes the customer's words, not compliance.
    const text = footer && m.body.endsWith(`\n${footer}`) ? `${req.body}\n${footer}` : req.body;
    const a = analyzeText(text, { field: 'body.body' });
    if (a.segments > maxSegments) {
      throw new SmsfleetError(
        'SMSFLEET_ERR_MESSAGE_TOO_LONG',
        `The text needs ${a.segments} segments; at most ${maxSegments} are allowed.`,
        { field: 'body.body', reason: `needs ${a.segments} segments (${a.encoding}), the limit is ${maxSegments}` },
      );
    }
    edit.body = { text: a.text, segments: a.segments, encoding: a.encoding };
  }
  if (req.sendAt !== undefined) edit.sendAt = req.sendAt;
  return edit;
}
