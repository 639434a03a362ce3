import { z } from 'zod';
import { parseOrThrow } from './validate';
import { type SmsfleetError, isSmsfleetError } from './smsfleet-error';

describe('parseOrThrow', () => {
  const schema = z.object({ to: z.string().min(5), items: z.array(z.object({ n: z.number() })) });

  it('returns parsed data on success', () => {
    expect(parseOrThrow(schema, { to: '12345', items: [{ n: 1 }] })).toEqual({ to: '12345', items: [{ n: 1 }] });
  });

  it('names every bad field with a dotted path and why', () => {
    let err: unknown;
    try {
      parseOrThrow(schema, { to: '1', items: [{ n: 1 }, { n: 'x' }] }, 'body');
    } catch (e) {
      err = e;
    }
    expect(isSmsfleetError(err, 'SMSFLEET_ERR_VALIDATION')).toBe(true);
    const e = err as SmsfleetError;
    expect(e.statusCode).toBe(400);
    expect(e.issues.map((i) => i.field)).toEqual(['body.to', 'body.items.1.n']);
    expect(e.field).toBe('body.to');
    expect(e.reason).toMatch(/5/);
    expect(e.toJSON().error.issues).toHaveLength(2);
  });
});
