import { z } from 'zod';
import type { SmsfleetError } from '../errors/smsfleet-error';
import { GatewayConnection } from './connection';
import { createGatewayAdapter } from './factory';
import { HttpSmsAdapter } from './httpsms/adapter';
import { MySmsGateAdapter } from './mysmsgate/adapter';
import { SmsGateAdapter } from './sms-gate/adapter';
import { TextbeeAdapter } from './textbee/adapter';

function err(fn: () => unknown): SmsfleetError {
  try {
    fn();
  } catch (e) {
    return e as SmsfleetError;
  }
  throw new Error('expected a throw');
}

describe('gateway connections', () => {
  it('builds the adapter for each kind, applying the documented defaults', () => {
    const sg = createGatewayAdapter({
      kind: 'sms-gate',
      auth: { type: 'basic', username: 'u', password: 'p' },
      webhookSigningKey: 'k',
    });
    expect(sg).toBeInstanceOf(SmsGateAdapter);
    expect(createGatewayAdapter({ kind: 'httpsms', apiKey: 'k', webhookSigningKey: 's' })).toBeInstanceOf(
      HttpSmsAdapter,
    );
    expect(createGatewayAdapter({ kind: 'textbee', apiKey: 'k', webhookSigningSecret: 's' })).toBeInstanceOf(
      TextbeeAdapter,
    );
    expect(createGatewayAdapter({ kind: 'mysmsgate', apiKey: 'k', webhookSigningSecret: 's' })).toBeInstanceOf(
      MySmsGateAdapter,
    );
    expect(GatewayConnection.parse({ kind: 'httpsms', apiKey: 'k', webhookSigningKey: 's' })).toMatchObject({
      baseUrl: 'https://api.httpsms.com',
      webhookPhoneNumbers: [],
    });
    expect(GatewayConnection.parse({ kind: 'mysmsgate', apiKey: 'k', webhookSigningSecret: 's' })).toMatchObject({
      baseUrl: 'https://mysmsgate.net',
      authHeader: 'x-api-key',
    });
    expect(
      GatewayConnection.parse({
        kind: 'sms-gate',
        auth: { type: 'basic', username: 'u', password: 'p' },
        webhookSigningKey: 'k',
      }),
    ).toMatchObject({ mode: 'cloud' });
  });

  it('names every bad field of a bad connection', () => {
    const e = err(() =>
      createGatewayAdapter({ kind: 'httpsms', apiKey: '', webhookSigningKey: 's', baseUrl: 'ftp://x' } as never),
    );
    expect(e.code).toBe('SMSFLEET_ERR_VALIDATION');
    expect(e.issues.map((i) => i.field).sort()).toEqual(['connection.apiKey', 'connection.baseUrl']);
    expect(
      err(() =>
        createGatewayAdapter({
          kind: 'sms-gate',
          mode: 'local',
          auth: { type: 'jwt', token: 't' },
          webhookSigningKey: 'k',
        }),
      )
        .issues.map((i) => i.field)
        .sort(),
    ).toEqual(['connection.auth.type', 'connection.baseUrl']);
    expect(err(() => createGatewayAdapter({ kind: 'nokia' } as never)).field).toBe('connection.kind');
  });

  it('documents every field with a description, and the union with an example', () => {
    const schema = z.toJSONSchema(GatewayConnection, { io: 'input' }) as {
      anyOf?: unknown[];
      oneOf?: unknown[];
      examples?: unknown[];
    };
    expect(schema.examples?.length).toBeGreaterThan(0);
    const variants = (schema.oneOf ?? schema.anyOf) as Array<{
      properties: Record<string, { description?: string }>;
      description?: string;
    }>;
    expect(variants).toHaveLength(4);
    for (const v of variants) {
      expect(v.description).toEqual(expect.any(String));
      for (const [k, p] of Object.entries(v.properties))
        if (k !== 'kind') expect([k, p.description]).toEqual([k, expect.any(String)]);
    }
  });
});
