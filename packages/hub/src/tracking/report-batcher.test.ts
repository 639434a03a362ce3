import { ReportBatcher } from './report-batcher';

const NOW = new Date('2026-12-01T10:00:00.000Z');

/** A deferred promise, to hold an apply open. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('ReportBatcher', () => {
  it('applies webhooks submitted in the same turn as one batch, each answered with its own result', async () => {
    const calls: string[] = [];
    const b = new ReportBatcher<number, string>(async (conn, reports) => {
      calls.push(conn);
      return `${conn}:${reports.join('+')}`;
    });
    const answers = Promise.all([b.submit('a', [1], NOW), b.submit('b', [2, 3], NOW), b.submit('a', [4], NOW)]);
    expect(calls).toEqual([]); // nothing runs inside submit
    await expect(answers).resolves.toEqual(['a:1', 'b:2+3', 'a:4']);
    expect(calls).toEqual(['a', 'b', 'a']); // in arrival order
    expect(b.counts()).toEqual({ batches: 1, webhooks: 3 });
    await b.submit('c', [5], NOW); // a later turn: a batch of its own
    expect(b.counts()).toEqual({ batches: 2, webhooks: 4 });
  });

  it('passes each webhook its own connection, reports and time', async () => {
    const seen: unknown[] = [];
    const b = new ReportBatcher<string, void>(async (conn, reports, now) => {
      seen.push([conn, reports, now.toISOString()]);
    });
    const later = new Date(NOW.getTime() + 1000);
    await Promise.all([b.submit('x', ['r1'], NOW), b.submit('y', ['r2'], later)]);
    expect(seen).toEqual([
      ['x', ['r1'], NOW.toISOString()],
      ['y', ['r2'], later.toISOString()],
    ]);
  });

  it('answers no webhook of a batch before every one of them is applied', async () => {
    const slow = deferred<string>();
    const b = new ReportBatcher<string, string>((conn) => (conn === 'slow' ? slow.promise : Promise.resolve(conn)));
    let fastAnswered = false;
    const fast = b.submit('fast', [], NOW).then((v) => {
      fastAnswered = true;
      return v;
    });
    const held = b.submit('slow', [], NOW);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(fastAnswered).toBe(false); // applied, but its batch is not done
    slow.resolve('slow');
    await expect(Promise.all([fast, held])).resolves.toEqual(['fast', 'slow']);
  });

  it('fails a webhook alone: its own error, the rest of its batch applied and answered', async () => {
    const applied: string[] = [];
    const b = new ReportBatcher<string, string>((conn) => {
      if (conn === 'throws') throw new Error('sync failure');
      if (conn === 'rejects') return Promise.reject(new Error('async failure'));
      applied.push(conn);
      return Promise.resolve(conn);
    });
    const results = await Promise.allSettled([
      b.submit('ok1', [], NOW),
      b.submit('throws', [], NOW),
      b.submit('rejects', [], NOW),
      b.submit('ok2', [], NOW),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'ok1',
      'sync failure',
      'async failure',
      'ok2',
    ]);
    expect(applied).toEqual(['ok1', 'ok2']);
    await expect(b.submit('ok3', [], NOW)).resolves.toBe('ok3'); // and it keeps working
  });
});
