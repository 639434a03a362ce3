import { isSmsfleetError } from '../errors';
import { renderTemplate } from './render';
import { templateFields } from './parse';
import { TemplatedSendRequest } from './send-request';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('templates', () => {
  it('lists merge fields in order of first use, and refuses logic, dotted names and broken tags by field', () => {
    expect(templateFields('Hi {{ first }}, {{{order}}} {{&first}} {{! note }}')).toEqual(['first', 'order']);
    for (const [body, reason] of [
      ['{{#vip}}gold{{/vip}}', /logic-less.*sections/],
      ['{{^vip}}x{{/vip}}', /inverted sections/],
      ['{{> footer}}', /partials/],
      ['{{=<% %>=}}', /delimiter/],
      ['Hi {{customer.name}}', /no dot/],
      ['Hi {{name', /not a valid template: Unclosed tag/],
    ] as const) {
      expect(thrown(() => templateFields(body, 'body.template'))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'body.template',
        reason: expect.stringMatching(reason),
      });
    }
  });

  it('renders without HTML escaping, the first source with a non-blank value winning', () => {
    const r = renderTemplate('Hi {{name}} & {{{name}}}: <{{order}}> {{city}}', [
      { name: 'Ada & "Bo"', order: 'A<1>', city: '  ' },
      { name: 'ignored', city: 'Paris', order: 7 },
    ]);
    expect(r).toEqual({ text: 'Hi Ada & "Bo" & Ada & "Bo": <A<1>> Paris', fields: ['name', 'order', 'city'] });
    expect(renderTemplate('{{n}} left', [{ n: 0 }]).text).toBe('0 left');
  });

  it('refuses a missing or blank field with a coded error naming every missing field, never a gap', () => {
    const e = thrown(() =>
      renderTemplate('Hi {{first}} {{last}}, {{constructor}} {{toString}}', [{ first: ' ' }, { last: 'Lovelace' }], {
        value: (n) => `body.messages.3.vars.${n}`,
      }),
    );
    expect(isSmsfleetError(e, 'SMSFLEET_ERR_TEMPLATE_FIELD_MISSING')).toBe(true);
    expect(e).toMatchObject({
      statusCode: 422,
      issues: [
        { field: 'body.messages.3.vars.first', reason: expect.stringContaining('{{first}}') },
        { field: 'body.messages.3.vars.constructor' },
        { field: 'body.messages.3.vars.toString' },
      ],
      details: { missing: ['first', 'constructor', 'toString'] },
    });
  });

  it('takes exactly one of body, template and templateId, and vars only with a template', () => {
    const base = { to: '+14155550123' };
    expect(TemplatedSendRequest.safeParse({ ...base, body: 'hi' }).success).toBe(true);
    expect(TemplatedSendRequest.safeParse({ ...base, template: 'Hi {{a}}', vars: { a: 'x' } }).success).toBe(true);
    expect(TemplatedSendRequest.safeParse({ ...base, templateId: 'tpl_1' }).success).toBe(true);
    const issue = (v: object) => TemplatedSendRequest.safeParse({ ...base, ...v }).error?.issues[0];
    expect(issue({})).toMatchObject({ path: ['body'], message: 'give body, template or templateId' });
    expect(issue({ body: 'x', templateId: 't' })).toMatchObject({ path: ['template'] });
    expect(issue({ body: 'x', vars: { a: 'b' } })).toMatchObject({ path: ['vars'] });
    expect(issue({ template: 'x', varz: {} })).toMatchObject({ code: 'unrecognized_keys' });
  });
});
