import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rig, storeCases, waitForStatus, type Rig } from '../testing';
import { main } from './main';

/** The hub's reason for a field with no value. */
const MISSING = (f: string) => `the template uses {{${f}}} and no value was given for it (blank counts as none)`;
const [ADA, BO, CY, DEE] = ['+14155550191', '+14155550192', '+14155550193', '+14155550194'];

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'smsfleet templates and send --csv --template (%s)',
  (_name, sc) => {
    let r: Rig;
    let args: string[];
    const lines: string[] = [];
    const out = (s: string) => {
      lines.push(...s.split('\n'));
    };
    beforeAll(async () => {
      r = await rig(await sc.create());
      args = ['--url', r.base, '--key', r.auth.authorization!.slice('Bearer '.length)];
      await r.store.contacts.upsert(DEE, () => ({ phone: DEE, optedOut: false, fields: { firstName: 'Dee' } }));
    });
    afterAll(async () => {
      await r.close();
    });
    beforeEach(() => {
      lines.length = 0;
    });

    it('creates, lists and deletes templates', async () => {
      expect(await main(['templates', 'create', '--name', 'Tmp', '--body', 'Yo {{x}}', ...args], out)).toBe(0);
      const id = lines[0]!.split(' ')[0]!;
      expect(lines[0]).toMatch(/^tpl_\w+ {2}Tmp +\{\{x\}\} +Yo \{\{x\}\}$/);
      await expect(
        main(['templates', 'create', '--name', 'Bad', '--body', '{{#x}}y{{/x}}', ...args], out),
      ).rejects.toThrow(/SMSFLEET_ERR_VALIDATION: --body: templates are logic-less/);
      lines.length = 0;
      expect(await main(['send', '--to', CY, '--template', id, '--var', 'x=a=b', ...args], out)).toBe(0);
      expect(lines[0]).toMatch(/^msg_\w+ queued/);
      const m = (await r.store.messages.list({}, { limit: 500 })).items.find((x) => x.to === CY);
      expect(m?.body).toBe('Yo a=b');
      await expect(main(['send', '--to', CY, '--template', id, ...args], out)).rejects.toThrow(
        /SMSFLEET_ERR_TEMPLATE_FIELD_MISSING: --var: the template uses \{\{x\}\}/,
      );
      lines.length = 0;
      expect(await main(['templates', 'list', ...args], out)).toBe(0);
      expect(lines.filter((l) => l.startsWith(id))).toHaveLength(1);
      expect(await main(['templates', 'delete', id, ...args], out)).toBe(0);
      await expect(main(['templates', 'delete', id, ...args], out)).rejects.toThrow(`no template ${id}`);
    });

    it('refuses the row missing a field by line and column, sends the others, and never twice', async () => {
      const t = await r.store.templates.list();
      await main(
        ['templates', 'create', '--name', 'Ship', '--body', 'Hi {{firstName}}, {{order}} ships.', ...args],
        out,
      );
      const id = (await r.store.templates.list()).find((x) => !t.some((y) => y.id === x.id))!.id;
      const file = join(mkdtempSync(join(tmpdir(), 'smsfleet-tcsv-')), 'list.csv');
      // Line 3 has no first name and Bo has no stored one; Dee's blank cell falls back to her contact's field.
      writeFileSync(
        file,
        `to,firstName,order,reference\n${ADA},Ada,A-1,r1\n${BO},,A-2,r2\n${CY},Cy,A-3,r3\n${DEE},,A-4,r4\n`,
      );
      lines.length = 0;
      expect(await main(['send', '--csv', file, '--template', id, '--dry-run', ...args], out)).toBe(2);
      expect(lines).toEqual([
        `line 2 (${ADA}): 1 segment, GSM-7: Hi Ada, A-1 ships.`,
        `line 3 (${BO}): refused: SMSFLEET_ERR_TEMPLATE_FIELD_MISSING: column "firstName": ${MISSING('firstName')}`,
        `line 4 (${CY}): 1 segment, GSM-7: Hi Cy, A-3 ships.`,
        `line 5 (${DEE}): 1 segment, GSM-7: Hi Dee, A-4 ships.`,
      ]);
      expect((await r.store.messages.list({}, { limit: 500 })).items.filter((m) => m.reference === 'r1')).toEqual([]);
      lines.length = 0;
      expect(await main(['send', '--csv', file, '--template', id, ...args], out)).toBe(2);
      expect(lines[0]).toBe('3 accepted, 1 refused, 4 rows');
      expect(lines[1]).toMatch(
        new RegExp(
          `^ {2}line 3 \\(\\${BO}\\): SMSFLEET_ERR_TEMPLATE_FIELD_MISSING: column "firstName": .*\\{\\{firstName\\}\\}`,
        ),
      );
      const sent = (await r.store.messages.list({}, { limit: 500 })).items.filter((m) =>
        /^r\d$/.test(m.reference ?? ''),
      );
      expect(sent.map((m) => [m.to, m.body]).sort()).toEqual([
        [ADA, 'Hi Ada, A-1 ships.'],
        [CY, 'Hi Cy, A-3 ships.'],
        [DEE, 'Hi Dee, A-4 ships.'],
      ]);
      for (const m of sent) await waitForStatus(r, m.id, ['delivered']);
      const texts = r.fleet.truth
        .messages()
        .filter((x) => [ADA, BO, DEE].includes(x.recipient) || x.text === 'Hi Cy, A-3 ships.');
      expect(texts.map((x) => x.text).sort()).toEqual([
        'Hi Ada, A-1 ships.',
        'Hi Cy, A-3 ships.',
        'Hi Dee, A-4 ships.',
      ]);

      lines.length = 0;
      expect(await main(['send', '--csv', file, '--template', id, ...args], out)).toBe(2);
      expect(lines[0]).toBe('0 accepted, 3 already sent (not texted again), 1 refused, 4 rows');
      expect(r.fleet.truth.messages().filter((x) => [ADA, BO, DEE].includes(x.recipient))).toHaveLength(2);
      expect(r.fleet.truth.messages().filter((x) => x.text === 'Hi Cy, A-3 ships.')).toHaveLength(1);
    });
  },
);
