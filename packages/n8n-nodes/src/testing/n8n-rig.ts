import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { IConnections, INode, IRun } from 'n8n-workflow';
import { PKG } from './engine';

/** Simulated phones that answer quickly, so tests wait little for real events. */
export const FAST = {
  pickupMs: [5, 20] as [number, number],
  partSendMs: [5, 20] as [number, number],
  interMessageMs: [5, 20] as [number, number],
  deliveryMs: [30, 120] as [number, number],
};
/** The manual trigger a test workflow starts from. */
export const start: INode = {
  id: 's',
  name: 'Start',
  type: `${PKG}.start`,
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};
/** An SmsFleet node with `parameters`, using the test credentials. */
export const sms = (parameters: INode['parameters'], extra: Partial<INode> = {}): INode => ({
  id: 'n',
  name: 'SmsFleet',
  type: `${PKG}.smsFleet`,
  typeVersion: 1,
  position: [200, 0],
  parameters,
  credentials: { smsfleetApi: { id: '1', name: 'hub' } },
  ...extra,
});
/** Start → SmsFleet. */
export const link: IConnections = { Start: { main: [[{ node: 'SmsFleet', type: 'main' as never, index: 0 }]] } };
/** `n` input items `{ i }`. */
export const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));
/** The SmsFleet node's output items of a run. */
export const output = (run: IRun) => run.data.resultData.runData.SmsFleet?.at(-1)?.data?.main?.[0] ?? [];
/** An SmsFleet Trigger node with `parameters`. */
export const trigger = (parameters: INode['parameters']): INode => ({
  id: 't',
  name: 'Trigger',
  type: `${PKG}.smsFleetTrigger`,
  typeVersion: 1,
  position: [0, 0],
  parameters,
  webhookId: 'hook-1',
  credentials: { smsfleetApi: { id: '1', name: 'hub' } },
});

/** One request the hub POSTed to the workflow's webhook URL. */
export interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Stands in for n8n's webhook endpoint: records what the hub POSTs, for the test to hand to the node. */
export async function hookServer(): Promise<{ base: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let b = '';
    req.on('data', (c: Buffer) => {
      b += c.toString();
    });
    req.on('end', () => {
      hits.push({ headers: req.headers, body: b });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Wait for `fn` to give a value (an event), with a generous safety limit. */
export async function until<T>(what: string, fn: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
