import { HubError } from '@smsfleet/client';
import { errorResult } from './tool-result';

const text = (r: ReturnType<typeof errorResult>) => (r.content[0] as { text: string }).text;

describe('tool errors from hub errors', () => {
  const hubUrl = 'http://127.0.0.1:8080';

  it('turns a 403 into an error result naming the scope the key lacks', () => {
    // The body the hub answers a key without the scope with (keys branch): code, message, details.scope.
    const e = HubError.fromAnswer(403, {
      error: { code: 'SMSFLEET_ERR_FORBIDDEN', message: 'This key may not send.', details: { scope: 'send' } },
    });
    const r = errorResult(e, { scope: 'send', hubUrl });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^SMSFLEET_ERR_FORBIDDEN: the smsfleet API key lacks the `send` scope/);
    expect(text(r)).toContain('This key may not send.');
  });

  it("prefers the scope the hub names, when the client passes it on, to the tool's own", () => {
    const e = Object.assign(new HubError(403, 'SMSFLEET_ERR_FORBIDDEN', 'No.'), { scope: 'contacts:write' });
    expect(text(errorResult(e, { scope: 'send', hubUrl }))).toContain('lacks the `contacts:write` scope');
    const bare = new HubError(403, 'SMSFLEET_ERR_FORBIDDEN', 'No.');
    expect(text(errorResult(bare, { hubUrl }))).toContain('lacks the scope this tool needs');
  });

  it('keeps the code and every field of a refusal, and the wait of a rate limit', () => {
    const bad = HubError.fromAnswer(400, {
      error: {
        code: 'SMSFLEET_ERR_VALIDATION',
        message: 'Invalid body.',
        issues: [
          { field: 'body.to', reason: 'is not a phone number' },
          { field: 'body.body', reason: 'is empty' },
        ],
      },
    });
    expect(text(errorResult(bad, { hubUrl }))).toBe(
      'SMSFLEET_ERR_VALIDATION: Invalid body. (body.to: is not a phone number; body.body: is empty)',
    );
    const limited = HubError.fromAnswer(
      429,
      { error: { code: 'SMSFLEET_ERR_RATE_LIMITED', message: 'Slow down.' } },
      '7',
    );
    expect(text(errorResult(limited, { hubUrl }))).toMatch(/Retry after 7 s\.$/);
  });

  it('points a 401 at the key and a network failure at the hub URL', () => {
    const unauth = HubError.fromAnswer(401, { error: { code: 'SMSFLEET_ERR_UNAUTHORIZED', message: 'Bad key.' } });
    expect(text(errorResult(unauth, { hubUrl }))).toContain('Check SMSFLEET_API_KEY');
    const down = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8080') });
    expect(text(errorResult(down, { hubUrl }))).toBe(
      `Could not reach the smsfleet hub at ${hubUrl}: fetch failed: connect ECONNREFUSED 127.0.0.1:8080`,
    );
  });
});
