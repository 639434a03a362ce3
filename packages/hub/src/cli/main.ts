#!/usr/bin/env node
/**
 * The `smsfleet` CLI.
 *   smsfleet demo                      says how to start the demo (`npm run demo`, `npx smsfleet-demo`: @smsfleet/demo)
 *   smsfleet serve [--redis URL | --redis-cluster H:P,…] --fleet fleet.json    the hub for real gateways (config
 *                                      from the environment)
 *   smsfleet send --to N --body TEXT | --csv FILE      send through a running hub
 *   smsfleet devices | smsfleet messages [--status S]  what the hub knows
 *   smsfleet devices add|remove, connections list|add|remove|discover   the fleet at runtime (devices key)
 *   smsfleet messages edit ID [--body T] [--send-at T]  change a message before its hand-over
 *   smsfleet keys create|list|revoke                   API keys and their scopes (admin key)
 *   smsfleet templates list|create|delete              message templates; send --template ID fills one
 *   smsfleet webhooks list | enable SUB | replay SUB [--delivery ID | --from T --to T --all]
 * Client commands read --url/--key or SMSFLEET_URL/SMSFLEET_API_KEY.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isSmsfleetError } from '@smsfleet/core';
import { type HubClient, HubError } from '@smsfleet/client';
import { cliClient, wholeNumber } from './client';
import { CONNECTIONS_USAGE, connectionsCommand } from './connections';
import { DEVICES_USAGE, devicesCommand } from './devices';
import { keysCommand } from './keys';
import { previewCsv } from './preview-csv';
import { MESSAGES_EDIT_USAGE, messagesEditCommand } from './messages-edit';
import { progressBar, sendCsv, summaryLine } from './send-csv';
import { startServe } from './serve';
import { TEMPLATES_USAGE, templatesCommand } from './templates';
import { WEBHOOKS_USAGE, webhooksCommand } from './webhooks';

const CLIENT_OPTIONS =
  'client options: --url URL (or SMSFLEET_URL; default http://127.0.0.1:$SMSFLEET_PORT or :8080), ' +
  '--key KEY (or SMSFLEET_API_KEY)';
const USAGE = `usage: smsfleet <command> [options]
  demo                                           how to start the demo (hub with simulated phones, in memory)
  serve       --fleet FILE [--redis URL] [--port N]   start the hub for your phones
              [--redis-cluster HOST:PORT,...]    on a Redis Cluster (same as REDIS_CLUSTER_NODES)
  send        --to NUMBER --body TEXT [--device ID] [--sim N] [--reference R]
  send        --csv FILE                         bulk send (columns: to, body[, reference, campaign, deviceId, sim])
  send        --csv FILE --template ID [--dry-run]   fill a template per row (columns: to, then its {{fields}});
                                                 --dry-run shows each row's text, or why it is refused
  send        --to NUMBER --template ID [--var name=value ...]
${DEVICES_USAGE}
${CONNECTIONS_USAGE}
  messages    [--status delivered,failed] [--limit N]
  ${MESSAGES_EDIT_USAGE}
  keys        create --name NAME --scopes send,read [--expires TIME] | list | revoke KEY_ID
${WEBHOOKS_USAGE}
${TEMPLATES_USAGE}
${CLIENT_OPTIONS}`;

/** What `smsfleet demo` says: the demo has its own command. */
export const DEMO_HELP = `The demo is its own command now (package @smsfleet/demo):
  npm run demo               from the smsfleet folder (builds, then starts it)
  npx smsfleet-demo          once built (--port N or SMSFLEET_PORT=N chooses the port)`;

function client(v: Record<string, unknown>): HubClient {
  const url = (v.url as string | undefined) ?? defaultHubUrl(process.env);
  const key = (v.key as string | undefined) ?? process.env.SMSFLEET_API_KEY;
  if (!key) throw new Error('no API key: pass --key or set SMSFLEET_API_KEY (the demo prints one)');
  // A key pasted with a line break or a space cannot go in a header: say so, rather than fetch's
  // "invalid header value".
  if (!/^[\x21-\x7e]+$/.test(key))
    throw new Error(
      'the API key has a space, line break or other character no key has: copy it again from where it was printed',
    );
  return cliClient(url, key);
}

/**
 * The hub a client command talks to when no --url is given: SMSFLEET_URL, else the port the demo would use
 * (SMSFLEET_PORT, as `npm run demo` reads it), so a user who moved the demo off 8080 is not sent to whatever else is
 * there.
 */
export function defaultHubUrl(env: NodeJS.ProcessEnv): string {
  if (env.SMSFLEET_URL) return env.SMSFLEET_URL;
  return `http://127.0.0.1:${env.SMSFLEET_PORT || 8080}`;
}

/** The hub's names for what `send` and `messages` pass, as the options a user typed. */
const FLAGS: Readonly<Record<string, string>> = {
  'body.to': '--to',
  'body.body': '--body',
  'body.deviceId': '--device',
  'body.sim': '--sim',
  'body.reference': '--reference',
  'body.templateId': '--template',
  'body.vars': '--var',
  'query.status': '--status',
  'query.limit': '--limit',
};

/** Call the hub; an error that names a field names the option it came from instead. */
async function inFlags<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    throw e instanceof HubError ? new Error(e.describe(FLAGS)) : e;
  }
}

/** `--var name=value` options as merge values. */
function templateVars(pairs: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const p of pairs) {
    const at = p.indexOf('=');
    if (at < 1) throw new Error(`--var takes name=value (got "${p}")`);
    vars[p.slice(0, at).trim()] = p.slice(at + 1);
  }
  return vars;
}

function waitForSignal(close: () => Promise<void>): void {
  const stop = () => {
    void close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * The environment `serve` runs with: the process's, with --port, --redis and --redis-cluster in place of the
 * variables they stand for. A flag naming the Redis replaces every variable that names one, so that a REDIS_URL
 * left in the shell does not clash with --redis-cluster.
 */
export function serveEnv(env: NodeJS.ProcessEnv, v: { port?: string; redis?: string; 'redis-cluster'?: string }) {
  const out: NodeJS.ProcessEnv = { ...env, ...(v.port ? { SMSFLEET_PORT: v.port } : {}) };
  if (v.redis !== undefined || v['redis-cluster'] !== undefined) {
    for (const k of ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS', 'REDIS_SENTINEL_MASTER']) delete out[k];
  }
  if (v.redis !== undefined) out.REDIS_URL = v.redis;
  if (v['redis-cluster'] !== undefined) out.REDIS_CLUSTER_NODES = v['redis-cluster'];
  return out;
}

/** Run one CLI command; returns the exit code. */
export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'keys') return keysCommand(rest, out, client);
  if (cmd === 'devices') return devicesCommand(rest, out, client);
  if (cmd === 'connections') return connectionsCommand(rest, out, client);
  if (cmd === 'templates') return templatesCommand(rest, out, client);
  // Its own options, and positionals (the subscription id).
  if (cmd === 'webhooks') return webhooksCommand(rest, client, out);
  if (cmd === 'messages' && rest[0] === 'edit') return messagesEditCommand(rest.slice(1), out, client);
  const { values: v } = parseArgs({
    args: rest,
    allowPositionals: false,
    strict: true,
    options: {
      port: { type: 'string' },
      redis: { type: 'string' },
      'redis-cluster': { type: 'string' },
      fleet: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      to: { type: 'string' },
      body: { type: 'string' },
      device: { type: 'string' },
      sim: { type: 'string' },
      reference: { type: 'string' },
      csv: { type: 'string' },
      template: { type: 'string' },
      var: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      status: { type: 'string' },
      limit: { type: 'string' },
    },
  });
  switch (cmd) {
    case 'demo': {
      // The demo is its own package (@smsfleet/demo): the hub does not ship simulated phones or the Slack app.
      out(DEMO_HELP);
      return 1;
    }
    case 'serve': {
      if (!v.fleet) throw new Error('serve needs --fleet FILE (see packages/hub/README.md for its format)');
      const s = await startServe({
        env: serveEnv(process.env, v),
        fleet: JSON.parse(readFileSync(v.fleet, 'utf8')),
      });
      const firstKey = s.bootstrapKey ? `\n  first API key (shown once): ${s.bootstrapKey}` : '';
      out(`smsfleet hub listening on ${s.url} (${s.storeKind} store)${firstKey}`);
      waitForSignal(s.close);
      return -1;
    }
    case 'send': {
      const c = client(v);
      if (v.csv && v.template && v['dry-run']) {
        const p = await previewCsv(c, v.csv, v.template);
        for (const l of p.lines) out(l);
        return p.refused ? 2 : 0;
      }
      if (v.csv) {
        const s = await sendCsv(c, v.csv, {
          progress: (d, t) => process.stderr.write(`\r${progressBar(d, t)}`),
          ...(v.template ? { template: v.template } : {}),
        });
        process.stderr.write('\n');
        out(summaryLine(s));
        for (const r of s.refused) out(`  line ${r.line} (${r.to}): ${r.message}`);
        return s.refused.length ? 2 : 0;
      }
      if (!v.to || (!v.body && !v.template)) throw new Error('send needs --to and --body or --template, or --csv FILE');
      const m = await inFlags(
        c.call<{ id: string; status: string; segments: number; encoding: string }>('POST', '/v1/messages', {
          to: v.to,
          ...(v.template ? { templateId: v.template, vars: templateVars(v.var ?? []) } : { body: v.body }),
          ...(v.device ? { deviceId: v.device } : {}),
          ...(v.sim ? { sim: wholeNumber(v.sim, '--sim') } : {}),
          ...(v.reference ? { reference: v.reference } : {}),
        }),
      );
      out(`${m.id} ${m.status} (${m.segments} segment${m.segments === 1 ? '' : 's'}, ${m.encoding})`);
      return 0;
    }
    case 'messages': {
      const q = new URLSearchParams({
        limit: String(v.limit ? wholeNumber(v.limit, '--limit') : 20),
        ...(v.status ? { status: v.status } : {}),
      });
      const r = await inFlags(
        client(v).call<{
          items: Array<{
            id: string;
            to: string;
            status: string;
            createdAt: string;
            failure?: { explanation: string };
          }>;
        }>('GET', `/v1/messages?${q}`),
      );
      for (const m of r.items) {
        const failure = m.failure ? `  ${m.failure.explanation}` : '';
        out(`${m.id}  ${m.to.padEnd(14)} ${m.status.padEnd(10)} ${m.createdAt}${failure}`);
      }
      return 0;
    }
    default:
      out(USAGE);
      return cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 1;
  }
}

/** What `run` prints after `smsfleet: ` for a failure: the code and message, and each issue when there are several. */
function errorText(e: unknown): string {
  if (isSmsfleetError(e)) {
    const issues = e.issues.length > 1 ? `\n${e.issues.map((i) => `  ${i.field}: ${i.reason}`).join('\n')}` : '';
    return `${e.code}: ${e.message}${issues}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Run the CLI as a process: print errors plainly and exit with main's code (the `smsfleet` bin calls this). */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (e: unknown) => {
      process.stderr.write(`smsfleet: ${errorText(e)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) run(process.argv.slice(2));
