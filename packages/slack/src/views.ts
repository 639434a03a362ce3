import type { types } from '@slack/bolt';

type View = types.View;

type Obj = Record<string, unknown>;

/** The Send SMS modal, with device and SIM choices from the hub. */
export function sendModal(opts: {
  devices: Obj[];
  /** The hub's templates (a Template choice and its values appear when there are any). */
  templates?: Obj[];
  /** The live count line of the text (see live-count.ts). */
  count: string;
  text?: string;
  to?: string;
  privateMetadata?: string;
}): View {
  const deviceOptions = opts.devices.map((d) => ({
    text: { type: 'plain_text' as const, text: `${d.name ?? d.id} (${d.health})`.slice(0, 75) },
    value: String(d.id),
  }));
  const templateOptions = (opts.templates ?? []).map((t) => ({
    text: { type: 'plain_text' as const, text: String(t.name).slice(0, 75) },
    value: String(t.id),
    description: { type: 'plain_text' as const, text: String(t.body).slice(0, 75) },
  }));
  const simOptions = [1, 2].map((s) => ({ text: { type: 'plain_text' as const, text: `SIM ${s}` }, value: String(s) }));
  return {
    type: 'modal',
    callback_id: 'send_sms_modal',
    title: { type: 'plain_text', text: 'Send SMS' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    ...(opts.privateMetadata ? { private_metadata: opts.privateMetadata } : {}),
    blocks: [
      {
        type: 'input',
        block_id: 'to',
        label: { type: 'plain_text', text: 'To' },
        element: {
          type: 'plain_text_input',
          action_id: 'v',
          placeholder: { type: 'plain_text', text: '+14155550123' },
          ...(opts.to ? { initial_value: opts.to } : {}),
        },
      },
      ...(templateBlocks(templateOptions) as never[]),
      {
        type: 'input',
        block_id: 'text',
        label: { type: 'plain_text', text: 'Message' },
        optional: templateOptions.length > 0,
        dispatch_action: true,
        element: {
          type: 'plain_text_input',
          action_id: 'v',
          multiline: true,
          dispatch_action_config: { trigger_actions_on: ['on_character_entered'] },
          ...(opts.text ? { initial_value: opts.text } : {}),
        },
      },
      { type: 'context', block_id: 'count', elements: [{ type: 'mrkdwn', text: opts.count }] },
      {
        type: 'input',
        block_id: 'device',
        optional: true,
        label: { type: 'plain_text', text: 'Device' },
        element: {
          type: 'static_select',
          action_id: 'v',
          options: deviceOptions.length ? deviceOptions : [{ text: { type: 'plain_text', text: 'any' }, value: '' }],
        },
      },
      {
        type: 'input',
        block_id: 'sim',
        optional: true,
        label: { type: 'plain_text', text: 'SIM' },
        element: { type: 'static_select', action_id: 'v', options: simOptions },
      },
      {
        type: 'input',
        block_id: 'when',
        optional: true,
        label: { type: 'plain_text', text: 'Send at (optional)' },
        element: { type: 'datetimepicker', action_id: 'v' },
      },
      {
        type: 'input',
        block_id: 'opts',
        optional: true,
        label: { type: 'plain_text', text: 'Options' },
        element: {
          type: 'checkboxes',
          action_id: 'v',
          options: [{ text: { type: 'plain_text', text: 'Track links' }, value: 'trackLinks' }],
        },
      },
    ],
  } as View;
}

/** The Template choice and its values, when the hub has templates. */
function templateBlocks(options: Obj[]): Obj[] {
  if (!options.length) return [];
  return [
    {
      type: 'input',
      block_id: 'template',
      optional: true,
      label: { type: 'plain_text', text: 'Template (instead of Message)' },
      element: { type: 'static_select', action_id: 'v', options: options.slice(0, 100) },
    },
    {
      type: 'input',
      block_id: 'vars',
      optional: true,
      label: { type: 'plain_text', text: 'Template values' },
      hint: { type: 'plain_text', text: "One name: value per line; a contact's stored fields fill the rest." },
      element: {
        type: 'plain_text_input',
        action_id: 'v',
        multiline: true,
        placeholder: { type: 'plain_text', text: 'first: Ada\norder: A-1042' },
      },
    },
  ];
}

/** App Home: today's metrics and the devices' health. */
export function homeView(m: Obj, devices: Obj[]): View {
  const pct = (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 1000) / 10}%` : '–');
  const failures =
    Object.entries((m.failedByCategory ?? {}) as Record<string, number>)
      .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${v}`)
      .join(', ') || 'none';
  const clicks = (m.clicks ?? {}) as Obj;
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'smsfleet today' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Sent*\n${m.sent ?? 0}` },
          { type: 'mrkdwn', text: `*Delivery rate*\n${pct(m.deliveryRate)}` },
          { type: 'mrkdwn', text: `*Failed*\n${m.failed ?? 0} (${failures})` },
          { type: 'mrkdwn', text: `*Clicks*\n${clicks.total ?? 0} (${clicks.unique ?? 0} people)` },
          { type: 'mrkdwn', text: `*Replies*\n${m.replies ?? 0}` },
          { type: 'mrkdwn', text: `*Opt-outs*\n${m.optOuts ?? 0}` },
        ],
      },
      { type: 'divider' },
      { type: 'header', text: { type: 'plain_text', text: 'Phones' } },
      ...devices.map((d) => {
        const dot =
          d.health === 'online'
            ? ':large_green_circle:'
            : d.health === 'dozing'
              ? ':large_yellow_circle:'
              : ':red_circle:';
        const seen = d.lastSeenAt ? ` · last seen ${d.lastSeenAt}` : '';
        const sims = ((d.sims ?? []) as Obj[])
          .map(
            (s) =>
              `SIM ${s.slot} ${s.number ?? ''}: ${s.usedLastMinute ?? 0}/${s.segmentsPerMinute} segments this minute`,
          )
          .join('\n');
        return {
          type: 'section',
          text: { type: 'mrkdwn', text: `${dot} *${d.name ?? d.id}* (${d.health})${seen}\n${sims}` },
        };
      }),
    ],
  } as View;
}
