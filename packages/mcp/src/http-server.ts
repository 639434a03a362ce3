import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { bearerKey, loopbackHost, sameCredential } from './http-auth';
import { createSmsfleetMcpServer, type SmsfleetMcpOptions } from './server';

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  /** What every session's server is built with; `apiKey` is the key used when a client sends none. */
  mcp: SmsfleetMcpOptions;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Address to bind. Default 127.0.0.1: only this machine can reach the tools (and the key behind them). */
  host?: string;
  /** A session with no request for this long is closed when the next session opens. Default 30 minutes. */
  idleMs?: number;
  /** The time, in ms (tests pass a manual one). Default `Date.now`. */
  now?: () => number;
}

/** A running streamable HTTP MCP endpoint. */
export interface HttpMcpServer {
  /** The endpoint, e.g. `http://127.0.0.1:8091/mcp`. */
  url: string;
  /** Open sessions. */
  sessions(): number;
  close(): Promise<void>;
}

/** The one path the endpoint answers on. */
export const MCP_PATH = '/mcp';
const MAX_BODY = 4 * 1024 * 1024;

interface Session {
  transport: StreamableHTTPServerTransport;
  /** The bearer the session was opened with: every later request of the session must carry the same. */
  auth: string | undefined;
  /** When its latest request came. */
  seenAt: number;
}

function fail(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Serve the tools over MCP's streamable HTTP transport at {@link MCP_PATH}, one MCP server per session (stateful, so
 * a send can ask that session's client for confirmation). A client may send its own hub API key as
 * `Authorization: Bearer <key>`: its session then uses that key (and its scopes), else the server's
 * `SMSFLEET_API_KEY`; with neither, the session is refused. On a loopback address, a `Host` that is not loopback is
 * refused (DNS rebinding).
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpMcpServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopbackOnly = ['127.0.0.1', 'localhost', '::1'].includes(host);
  const sessions = new Map<string, Session>();
  const now = opts.now ?? Date.now;
  const idleMs = opts.idleMs ?? 30 * 60_000;

  /** Close the sessions a client left without ending them (no DELETE): each holds a server and its hub client. */
  async function sweep(): Promise<void> {
    const before = now() - idleMs;
    const idle = [...sessions.entries()].filter(([, s]) => s.seenAt < before);
    for (const [id, s] of idle) {
      sessions.delete(id);
      await s.transport.close();
    }
  }

  async function open(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const auth = bearerKey(req);
    if (!auth && !opts.mcp.apiKey && !opts.mcp.hub)
      return fail(res, 401, 'Send a hub API key as Authorization: Bearer <key>.');
    await sweep();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, auth, seenAt: now() });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    // A client's own key gets a client of its own: the configured one carries the server's key.
    const { hub: _serverHub, ...settings } = opts.mcp;
    const server = createSmsfleetMcpServer(auth ? { ...settings, apiKey: auth } : opts.mcp);
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (loopbackOnly && !loopbackHost(req)) return fail(res, 403, 'Host not allowed.');
    if (new URL(req.url ?? '/', 'http://x').pathname !== MCP_PATH) return fail(res, 404, `Not found: use ${MCP_PATH}.`);
    const id = req.headers['mcp-session-id'];
    const session = typeof id === 'string' ? sessions.get(id) : undefined;
    if (session) {
      if (!sameCredential(session.auth, bearerKey(req)))
        return fail(res, 401, 'Not the credentials this session was opened with.');
      session.seenAt = now();
      return session.transport.handleRequest(req, res);
    }
    if (id !== undefined) return fail(res, 404, 'No such session.');
    if (req.method !== 'POST') return fail(res, 400, 'Open a session with an initialize request first.');
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      return fail(res, 400, `Unreadable request: ${(e as Error).message}`);
    }
    if (!isInitializeRequest(body)) return fail(res, 400, 'Open a session with an initialize request first.');
    return open(req, res, body);
  }

  const http: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) fail(res, 500, (e as Error).message);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, host, () => resolve());
  });
  const { port } = http.address() as { port: number };
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}${MCP_PATH}`,
    sessions: () => sessions.size,
    close: async () => {
      await Promise.all([...sessions.values()].map((s) => s.transport.close()));
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
