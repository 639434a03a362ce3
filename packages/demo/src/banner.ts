import type { PhoneSpec } from '@smsfleet/fleet-sim';
import { DEMO_PHONES, type Demo } from './demo';

/** What the demo prints when it is running: where everything is, the API key, and lines to paste. */
export function demoBanner(d: Demo): string {
  const gatewayOf = (p: PhoneSpec) =>
    p.gateway === 'sms-gate-local' ? 'sms-gate (local)' : p.gateway === 'sms-gate' ? 'sms-gate (cloud)' : p.gateway;
  const phones = DEMO_PHONES.map(
    (p) => `    ${p.id.padEnd(11)} ${gatewayOf(p).padEnd(17)} ${p.sims.map((s) => s.number).join(', ')}`,
  ).join('\n');
  const gateways = d.gateways
    .map((g) => `    ${g.gateway.padEnd(25)} ${g.baseUrl}  ${g.auth}  (${g.phones.join(', ')})`)
    .join('\n');
  return [
    'smsfleet demo is running (in-memory store, simulated phones)',
    ...(d.portNote ? [`  Note: ${d.portNote}`] : []),
    '',
    `  Dashboard  ${d.url}/dashboard/  (log in with the API key below)`,
    `  API        ${d.url}/v1`,
    `  API docs   ${d.url}/docs`,
    `  OpenAPI    ${d.url}/openapi.json`,
    `  Health     ${d.url}/healthz`,
    `  Metrics    ${d.url}/metrics`,
    `  API key    ${d.apiKey}`,
    '',
    '  Simulated phones:',
    phones,
    '',
    "  Simulated gateways (each gateway's own API, for its own clients):",
    gateways,
    '',
    '  Use the CLI from another terminal (paste these two lines first):',
    `    export SMSFLEET_URL=${d.url} SMSFLEET_API_KEY=${d.apiKey}`,
    '    npx smsfleet send --to +14155550123 --body "Hello from smsfleet"',
    '',
    '  Or send a text with curl:',
    `    curl -s -X POST ${d.url}/v1/messages -H "Authorization: Bearer ${d.apiKey}" \\`,
    `      -H 'content-type: application/json' -d '{"to":"+14155550123","body":"Hello from smsfleet"}'`,
    '  Then follow it (delivered in a few seconds):',
    `    curl -s ${d.url}/v1/messages/<id> -H "Authorization: Bearer ${d.apiKey}"`,
    '  A number starting +1415555999 fails at the phone as an invalid number (to see a failure).',
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}
