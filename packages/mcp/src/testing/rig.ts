import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { type SimHub, startSimHub } from '@smsfleet/hub/testing';
import { createSmsfleetMcpServer, type SmsfleetMcpOptions } from '../server';

/** Simulated phones that answer quickly, so the tests wait little for real events. */
export const FAST = { pickupMs: [5, 15], partSendMs: [2, 5], interMessageMs: [1, 3], deliveryMs: [10, 30] } as {
  pickupMs: [number, number];
  partSendMs: [number, number];
  interMessageMs: [number, number];
  deliveryMs: [number, number];
};

/** A real hub (in-memory store) with fleet-sim's five phones, started fast. */
export function startHub(seed: number): Promise<SimHub> {
  return startSimHub({ seed, timing: FAST, env: { SMSFLEET_LOG_LEVEL: 'silent' } });
}

/**
 * Wait for `fn` to give a value (the event itself), checking every 25 ms; `ms` is only a safety net for a hang,
 * never a measure of speed.
 */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 20_000,
) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** How a test client answers a confirmation: accept, decline, or not able to ask at all (no capability). */
export type Answer = 'accept' | 'decline' | 'no-elicitation';

/** An MCP client of the SDK, with the questions it was asked. */
export interface TestClient {
  client: Client;
  asked: ElicitRequest['params'][];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** Connect an SDK client over `transport`, declaring elicitation unless `answer` is `no-elicitation`. */
export async function connectClient(transport: Transport, answer: Answer): Promise<TestClient> {
  const client = new Client(
    { name: 'smsfleet-tests', version: '0.0.0' },
    { capabilities: answer === 'no-elicitation' ? {} : { elicitation: { form: {} } } },
  );
  const asked: ElicitRequest['params'][] = [];
  if (answer !== 'no-elicitation')
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked.push(req.params);
      return answer === 'accept' ? { action: 'accept', content: {} } : { action: 'decline' };
    });
  await client.connect(transport);
  return {
    client,
    asked,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The tools' server in this process, linked to an SDK client by an in-memory transport pair. */
export async function inProcess(opts: SmsfleetMcpOptions, answer: Answer): Promise<TestClient> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createSmsfleetMcpServer(opts);
  await server.connect(serverSide);
  const c = await connectClient(clientSide, answer);
  return {
    ...c,
    close: async () => {
      await c.close();
      await server.close();
    },
  };
}

/** The text of a tool result. */
export function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** The structured content of a tool result, typed loosely for assertions. */
export function dataOf(r: CallToolResult): any {
  return r.structuredContent;
}
