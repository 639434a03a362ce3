/** How a message status shows in Slack: an emoji (for reactions and text) and words. */
export const STATUS_LOOK: Record<string, { emoji: string; words: string }> = {
  scheduled: { emoji: 'calendar', words: 'scheduled' },
  queued: { emoji: 'hourglass_flowing_sand', words: 'queued' },
  accepted: { emoji: 'hourglass_flowing_sand', words: 'handed to the phone' },
  pending: { emoji: 'hourglass_flowing_sand', words: 'handed to the phone' },
  sending: { emoji: 'outbox_tray', words: 'sending' },
  sent: { emoji: 'outbox_tray', words: 'sent' },
  delivered: { emoji: 'white_check_mark', words: 'delivered' },
  undelivered: { emoji: 'x', words: 'not delivered' },
  failed: { emoji: 'x', words: 'failed' },
  rejected: { emoji: 'x', words: 'rejected' },
  expired: { emoji: 'x', words: 'expired' },
  cancelled: { emoji: 'no_entry_sign', words: 'cancelled' },
  unknown: { emoji: 'grey_question', words: 'no delivery report' },
};

/** The status line of a text: `:white_check_mark: delivered`, or `:x: failed: The number is not assigned…`. */
export function statusLine(status: string, failure?: { rawReason?: string; explanation?: string }): string {
  const look = STATUS_LOOK[status] ?? { emoji: 'grey_question', words: status };
  const reason = failure ? (failure.explanation ?? failure.rawReason) : undefined;
  return `:${look.emoji}: ${look.words}${reason ? `: ${reason}` : ''}`;
}
