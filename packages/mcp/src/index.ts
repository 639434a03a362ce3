/**
 * `@smsfleet/mcp`: smsfleet's tools for MCP clients (send with preview, confirmation and idempotency key; message
 * status and timeline; messages and inbox; contacts and opt-out; metrics; devices and health), over stdio or
 * streamable HTTP, talking to the hub only through `@smsfleet/client`.
 */
export { createSmsfleetMcpServer, MCP_SERVER_VERSION, type SmsfleetMcpOptions } from './server';
export { startHttpServer, MCP_PATH, type HttpMcpServer, type HttpServerOptions } from './http-server';
export { parseArgs, DEFAULT_HTTP_PORT, type CliCommand } from './cli-options';
export { errorResult } from './tool-result';
