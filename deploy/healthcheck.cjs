#!/usr/bin/env node
// The container image's HEALTHCHECK: exit 0 when the hub answers GET /healthz with 200 (the hub and its store are
// up), 1 otherwise. A script rather than curl, which the slim node image does not have.
'use strict';

const host = process.env.SMSFLEET_HOST;
// A wildcard bind answers on loopback; a hub bound to one address is asked there.
const target = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
const url = `http://${target.includes(':') ? `[${target}]` : target}:${process.env.SMSFLEET_PORT || '8080'}/healthz`;

fetch(url, { signal: AbortSignal.timeout(4_000) }).then(
  (res) => process.exit(res.status === 200 ? 0 : 1),
  (err) => {
    process.stderr.write(`healthcheck: ${url}: ${err.cause?.code ?? err.message}\n`);
    process.exit(1);
  },
);
