/**
 * The latency bench's load generator, in a process of its own so that neither the hub, the subscriber nor the
 * bench's bookkeeping shares its event loop: it sends signed textbee `sent` reports on an open-loop schedule of
 * absolute times (`pace`) and notes, on the machine's monotonic clock, when each left and when it was answered.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { monotonicClock, monotonicMs, pace, type Schedule } from './latency-schedule';
import { SECRET, smsId } from './latency-protocol';

/** One round's orders: reports for messages `base` .. `base + total - 1` to `url`, on `schedule`. */
export interface GeneratorRound {
  url: string;
  base: number;
  schedule: Schedule;
}

/** What a round did, per report (index n is message base + n): monotonic ms, 0 where it never happened. */
export interface GeneratorResult {
  sentAt: Float64Array;
  answeredAt: Float64Array;
  /** The first failure (a non-2xx answer or a socket error), if any. */
  error?: string;
}

/** The parent's handle on the generator process. */
export interface Generator {
  run(round: GeneratorRound): Promise<GeneratorResult>;
  close(): void;
}

/** Report `n`: textbee's `sent` webhook for message n, signed as the hub checks it. */
export function report(n: number): { body: string; signature: string } {
  const body = JSON.stringify({
    webhookEvent: 'MESSAGE_SENT',
    idempotencyKey: `evt-${n}`,
    smsId: smsId(n),
    smsBatchId: smsId(n),
    deviceId: 'tb',
    status: 'sent',
    recipient: '+14155550123',
    sentAt: new Date().toISOString(),
  });
  return { body, signature: createHmac('sha256', SECRET).update(body).digest('hex') };
}

/** Fork the generator process (this file); its rounds run one at a time. */
export function startGenerator(): Generator {
  const child: ChildProcess = fork(__filename, ['--generate'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced', // typed arrays cross as they are
  });
  return {
    run: (round) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`the load generator exited with ${code}`));
        child.once('exit', onExit);
        child.once('message', (m) => {
          child.off('exit', onExit);
          resolve(m as GeneratorResult);
        });
        child.send(round);
      }),
    close: () => child.kill(),
  };
}

/** In the generator process: run one round. The bodies are signed beforehand, so sending is all a send does. */
async function generate({ url, base, schedule }: GeneratorRound): Promise<GeneratorResult> {
  const reports = Array.from({ length: schedule.total }, (_, n) => report(base + n));
  const res: GeneratorResult = {
    sentAt: new Float64Array(schedule.total),
    answeredAt: new Float64Array(schedule.total),
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(url);
  let pending = schedule.total;
  let allAnswered!: () => void;
  const answered = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });
  const settle = (n: number, error?: string) => {
    if (res.answeredAt[n]! > 0) return;
    res.answeredAt[n] = monotonicMs();
    if (error) res.error ??= error;
    if (--pending === 0) allAnswered();
  };
  await pace(schedule, monotonicClock, (n) => {
    const req = request(target, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'x-signature': reports[n]!.signature },
    });
    req.on('response', (r) => {
      settle(n, r.statusCode! >= 300 ? `report ${base + n}: HTTP ${r.statusCode}` : undefined);
      r.resume();
    });
    req.on('error', (e) => settle(n, `report ${base + n}: ${e.message}`));
    req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
    res.sentAt[n] = monotonicMs();
    req.end(reports[n]!.body);
  });
  await answered;
  agent.destroy();
  return res;
}

if (require.main === module && process.argv.includes('--generate')) {
  process.on('message', (round) => {
    generate(round as GeneratorRound).then(
      (r) => process.send!(r),
      (e: Error) => process.send!({ sentAt: new Float64Array(0), answeredAt: new Float64Array(0), error: e.message }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
