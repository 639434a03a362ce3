import { z } from 'zod';
import * as schemas from './index';

type AnySchema = z.ZodType;

/** Walk through optional/default/nullable/readonly wrappers, collecting metadata at each level. */
function layers(s: AnySchema): AnySchema[] {
  const out: AnySchema[] = [s];
  let cur: any = s;
  while (['optional', 'default', 'nullable', 'readonly', 'prefault'].includes(cur._zod.def.type)) {
    cur = cur._zod.def.innerType;
    out.push(cur);
  }
  return out;
}

function fieldProblems(name: string, s: AnySchema, path: string, seen = new Set<AnySchema>()): string[] {
  if (seen.has(s)) return [];
  seen.add(s);
  const ls = layers(s);
  const inner: any = ls[ls.length - 1];
  const problems: string[] = [];
  const type = inner._zod.def.type;
  const described = ls.some((l) => l.description || l.meta()?.description);
  if (!described) problems.push(`${name}.${path}: no description`);
  if (type === 'object') {
    for (const [k, v] of Object.entries(inner.shape as Record<string, AnySchema>))
      problems.push(...fieldProblems(name, v, `${path ? `${path}.` : ''}${k}`, seen));
    return problems;
  }
  if (type === 'array') {
    const el = inner._zod.def.element as AnySchema;
    if (layers(el).some((l: any) => l._zod.def.type === 'object'))
      problems.push(...fieldProblems(name, el, `${path}[]`, seen));
    else if (!ls.some((l) => l.meta()?.examples) && !layers(el).some((l) => l.meta()?.examples))
      problems.push(`${name}.${path}: no example`);
    return problems;
  }
  if (type === 'union' || type === 'literal' || (type === 'enum' && !ls.some((l) => l.meta()?.examples))) {
    if (type === 'enum') problems.push(`${name}.${path}: no example`);
    return problems;
  }
  const withExamples = ls.find((l) => l.meta()?.examples);
  if (!withExamples) problems.push(`${name}.${path}: no example`);
  else
    for (const ex of withExamples.meta()!.examples as unknown[]) {
      const r = withExamples.safeParse(ex);
      if (!r.success)
        problems.push(
          `${name}.${path}: example ${JSON.stringify(ex)} does not validate: ${r.error.issues[0]?.message}`,
        );
    }
  return problems;
}

const objectSchemas = Object.entries(schemas).filter(
  ([, v]) => v instanceof z.ZodType && ['object'].includes((v as any)._zod.def.type),
) as [string, AnySchema][];
const unionSchemas = Object.entries(schemas).filter(
  ([, v]) => v instanceof z.ZodType && (v as any)._zod.def.type === 'union',
) as [string, AnySchema][];

describe('domain schemas', () => {
  it('exports the domain model', () => {
    const names = objectSchemas.map(([n]) => n);
    for (const n of [
      'Message',
      'StatusEvent',
      'InboundSms',
      'Device',
      'Sim',
      'Contact',
      'Conversation',
      'Subscription',
      'DeliveryAttempt',
      'SendRequest',
    ]) {
      expect(names).toContain(n);
    }
    expect(unionSchemas.map(([n]) => n)).toEqual(expect.arrayContaining(['OutboundEvent', 'GatewayReport']));
  });

  it.each(objectSchemas)('%s: every field has a description and an example that validates', (name, schema) => {
    expect(fieldProblems(name, schema, '')).toEqual([]);
  });

  it.each(unionSchemas)('%s: every variant field is documented', (name, schema) => {
    const problems = ((schema as any)._zod.def.options as AnySchema[]).flatMap((o, i) =>
      fieldProblems(`${name}[${i}]`, o, ''),
    );
    expect(problems).toEqual([]);
  });

  it.each([...objectSchemas, ...unionSchemas])('%s converts to JSON Schema (for OpenAPI)', (_n, schema) => {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    expect(json.description).toBeTruthy();
  });

  it('rejects a message with a bad phone number and a bad status, naming both fields', () => {
    const r = schemas.Message.safeParse({ ...validMessage(), to: '12345', status: 'arrived' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['status', 'to']);
  });

  it('accepts a complete message and round-trips it through JSON', () => {
    const m = schemas.Message.parse(validMessage());
    expect(schemas.Message.parse(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('applies SendRequest defaults', () => {
    const r = schemas.SendRequest.parse({ to: '+14155550123', body: 'hi' });
    expect(r.priority).toBe(0);
    expect(r.trackLinks).toBe(false);
  });

  it('refuses a SendRequest key it does not know, by name, rather than dropping it', () => {
    const r = schemas.SendRequest.safeParse({ to: '+14155550123', body: 'hi', sendat: '2030-01-01T09:00:00Z' });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['sendat'] })]);
  });

  it('discriminates outbound events by type', () => {
    const ok = schemas.OutboundEvent.safeParse({
      id: 'evt_1',
      type: 'webhook.test',
      timestamp: '2026-11-23T10:00:00.000Z',
      data: { subscriptionId: 'sub_1', message: 'hi', at: '2026-11-23T10:00:00.000Z' },
    });
    expect(ok.success).toBe(true);
    const bad = schemas.OutboundEvent.safeParse({
      id: 'evt_1',
      type: 'webhook.test',
      timestamp: '2026-11-23T10:00:00.000Z',
      data: { from: '+14155550123' },
    });
    expect(bad.success).toBe(false);
  });
});

function validMessage() {
  return {
    id: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
    to: '+14155550123',
    body: 'Hello',
    segments: 1,
    encoding: 'GSM-7',
    priority: 0,
    status: 'queued',
    attempts: 0,
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    version: 0,
  };
}
