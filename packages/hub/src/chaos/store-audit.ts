import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RedisKeys, type Message } from '@smsfleet/core';
import type { HubMessageView } from './judge';

const run = promisify(execFile);

/**
 * Every message record in the runner's Redis that the API did not show: a message written but never indexed (a
 * create cut short) is in no list and answers to no key, yet it is a second message for its idempotency key and
 * keeps its number and text. Read with redis-cli (it comes with redis-server), keys from core's `RedisKeys`. On a
 * Cluster, give every master's port: SCAN sees one node, and HGET follows the Cluster's redirects (`-c`).
 */
export async function unlistedMessages(
  redisPort: number | number[],
  known: ReadonlySet<string>,
  prefix = 'smsfleet:',
): Promise<HubMessageView[]> {
  const keys = new RedisKeys(prefix);
  const pattern = keys.message('*').hash;
  const head = pattern.slice(0, pattern.indexOf('*'));
  const ports = Array.isArray(redisPort) ? redisPort : [redisPort];
  let stdout = '';
  for (const port of ports) {
    const scanned = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--scan', '--pattern', pattern], {
      maxBuffer: 64 * 1024 * 1024,
    });
    stdout += `${scanned.stdout}\n`;
  }
  const ids = [
    ...new Set(
      stdout
        .split('\n')
        .map((k) => k.trim())
        .filter((k) => k.startsWith(head))
        .map((k) => k.slice(head.length, -1)),
    ),
  ].filter((id) => !known.has(id));
  const out: HubMessageView[] = [];
  for (const id of ids) {
    const { stdout: d } = await run('redis-cli', [
      '-c',
      '-h',
      '127.0.0.1',
      '-p',
      String(ports[0]),
      '--raw',
      'HGET',
      keys.message(id).hash,
      'd',
    ]);
    try {
      const m = JSON.parse(d) as Message;
      out.push({
        id: m.id,
        status: m.status,
        ...(m.reference !== undefined ? { reference: m.reference } : {}),
        reason: 'not in the message list',
      });
    } catch {
      // A key without a readable record is not a message.
    }
  }
  return out;
}
