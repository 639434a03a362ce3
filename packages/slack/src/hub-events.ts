import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, webApi } from '@slack/bolt';
import { type HubEvent, verifyWebhook, WEBHOOK_REFUSALS } from '@smsfleet/client';
import { STATUS_LOOK, statusLine } from './status-text';
import { deviceNotice } from './device-notice';
import type { ContactThreads } from './threads';

type Obj = Record<string, unknown>;

/** What the Slack app keeps in a text's metadata, so that status events find the Slack message again. */
export interface SlackMeta {
  slackChannel: string;
  slackTs: string;
  slackKind: 'post' | 'reply';
  slackText?: string;
  slackThread?: string;
}

/**
 * The hub's webhooks, turned into Slack: a status change updates the posted message (or reacts to a thread reply),
 * an inbound text lands in its contact's thread, clicks and opt-outs are noted there. Every request is verified with
 * the subscription's Standard Webhooks secret first; a bad signature gets 401.
 */
export class HubEvents {
  secret: string | undefined;

  constructor(
    private readonly deps: { client: webApi.WebClient; threads: ContactThreads; logger: Logger; now?: () => number },
  ) {}

  /** The HTTP handler of `POST /smsfleet/events`. */
  handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // Fails closed: before the subscription's secret is known, every request is refused.
      const verdict = verifyWebhook({
        secret: this.secret,
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
        now: (this.deps.now ?? Date.now)(),
      });
      if (!verdict.ok) {
        this.deps.logger.warn(`refused a hub webhook: ${WEBHOOK_REFUSALS[verdict.reason]}`);
        res.writeHead(401).end();
        return;
      }
      const evt = verdict.event;
      this.apply(evt).then(
        () => res.writeHead(204).end(),
        (e: unknown) => {
          // Logged, and a 5xx so the hub retries the event later (a missing channel may be fixed by then).
          this.deps.logger.error(`could not show a hub event in Slack: ${(e as Error).message}`);
          res.writeHead(503).end();
        },
      );
    });
  };

  /** Show one verified hub event in Slack. */
  async apply(evt: HubEvent): Promise<void> {
    const d = evt.data as unknown as Obj;
    if (evt.type === 'message.status_changed') return this.status(d);
    if (evt.type === 'device.offline' || evt.type === 'device.online') {
      await this.deps.client.chat.postMessage({
        channel: this.deps.threads.channel,
        text: deviceNotice(evt.type, d),
        unfurl_links: false,
      });
      return;
    }
    if (evt.type === 'sms.received') {
      const ts = await this.deps.threads.threadFor({
        phone: String(d.from),
        deviceId: d.deviceId as string,
        ...(d.sim ? { sim: Number(d.sim) } : {}),
      });
      const reply = (d.inReplyTo ?? {}) as Obj;
      const replyNote = reply.reference ? `\n_in reply to ${reply.reference}_` : '';
      const optOutNote = d.keyword === 'opt_out' ? '\n:no_entry: this is an opt-out' : '';
      await this.post(ts, `:speech_balloon: *${d.from}*: ${d.body}${replyNote}${optOutNote}`);
      return;
    }
    if (evt.type === 'link.clicked') {
      const ts = await this.deps.threads.existing(String(d.to));
      if (ts) await this.post(ts, `:link: ${d.to} opened ${d.url}${d.reference ? ` (${d.reference})` : ''}`);
      return;
    }
    if (evt.type === 'contact.opted_out') {
      const ts = await this.deps.threads.existing(String(d.phone));
      if (ts)
        await this.post(
          ts,
          `:no_entry: ${d.phone} opted out${d.keyword ? ` (${d.keyword})` : ''}: texts to this number are now refused.`,
        );
    }
  }

  private async post(threadTs: string, text: string): Promise<void> {
    await this.deps.client.chat.postMessage({
      channel: this.deps.threads.channel,
      thread_ts: threadTs,
      text,
      unfurl_links: false,
    });
  }

  private async status(d: Obj): Promise<void> {
    const meta = (d.metadata ?? {}) as Partial<SlackMeta>;
    if (!meta.slackChannel || !meta.slackTs) return; // not sent from Slack
    const status = String(d.status);
    const line = statusLine(status, d.failure as { rawReason?: string; explanation?: string } | undefined);
    if (meta.slackKind === 'post') {
      await this.deps.client.chat.update({
        channel: meta.slackChannel,
        ts: meta.slackTs,
        text: `${meta.slackText ?? `:outbox_tray: To ${d.to}`}\n${line}`,
      });
    } else {
      const name = STATUS_LOOK[status]?.emoji ?? 'grey_question';
      await this.deps.client.reactions
        .add({ channel: meta.slackChannel, timestamp: meta.slackTs, name })
        .catch((e: { data?: { error?: string } }) => {
          if (e.data?.error !== 'already_reacted') throw e;
        });
      if (d.failure)
        await this.deps.client.chat.postMessage({
          channel: meta.slackChannel,
          thread_ts: meta.slackThread ?? meta.slackTs,
          text: line,
        });
    }
  }
}
