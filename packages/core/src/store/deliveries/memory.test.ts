import { DeliveryAttempt } from '../../schemas';
import { attempt } from '../contract/fixtures';
import { vouchForAttempt } from '../shared/vouched';
import { MemoryDeliveryLog } from './memory';

describe('MemoryDeliveryLog: attempts vouched for', () => {
  afterEach(() => jest.restoreAllMocks());

  it('records a vouched attempt without parsing it, as a parsed one', async () => {
    const log = new MemoryDeliveryLog(100);
    const a = attempt('sub_1', 0, { statusCode: 200 });
    vouchForAttempt(a);
    const parses = jest.spyOn(DeliveryAttempt, 'safeParse');
    await log.recordMany([a]);
    expect(parses).not.toHaveBeenCalled();
    expect(await log.get('sub_1', a.id)).toEqual(a);
  });

  it('spends the mark: the same attempt changed after its record is parsed, and refused by field', async () => {
    const log = new MemoryDeliveryLog(100);
    const a = attempt('sub_1', 0);
    vouchForAttempt(a);
    await log.recordMany([a]);
    Object.assign(a, { attempt: 0 });
    await expect(log.recordMany([a])).rejects.toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      field: 'attempt.attempt',
    });
    expect((await log.get('sub_1', a.id))?.attempt).toBe(1);
  });

  it('parses an attempt not vouched for, refusing the whole batch by field', async () => {
    const log = new MemoryDeliveryLog(100);
    const good = attempt('sub_1', 0);
    const bad = attempt('sub_1', 1, { durationMs: -1 });
    await expect(log.recordMany([good, bad])).rejects.toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      field: 'attempt.durationMs',
    });
    expect(await log.get('sub_1', good.id)).toBeUndefined();
  });

  it('parses the fields the maker cannot vouch for, refusing them by name, unmarked', async () => {
    const log = new MemoryDeliveryLog(100);
    const a = attempt('sub_1', 0, { error: 'x'.repeat(501) });
    expect(() => vouchForAttempt(a, ['error'])).toThrow(
      expect.objectContaining({ code: 'SMSFLEET_ERR_VALIDATION', field: 'attempt.error' }),
    );
    await expect(log.recordMany([a])).rejects.toMatchObject({ field: 'attempt.error' });
  });
});
