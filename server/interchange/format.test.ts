import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interchangeJsonSchemaText, ZInterchange } from './format';
import { jsonPath, problemsOf } from './problems';
import { formatInstant, instantOf, localDateOf } from './when';
import { SCHEMA_FILE } from './write-schema';

describe('the interchange format', () => {
  it('docs/interchange.schema.json is the schema generated from the zod schema (run `npx tsx server/interchange/write-schema.ts` after changing format.ts)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(interchangeJsonSchemaText());
  });

  it('names every bad element by its JSON path, in zh-CN and English', () => {
    const r = ZInterchange.safeParse({
      format: 'xuanbao-interchange',
      version: 1,
      units: [{ code: 'A', name: '', type: 'bureau', parent: null }],
      records: [{ code: 'R', kind: 'upper_adoption', work: 'W', level: 'city', at: '2024-02-30' }, { code: 'S', kind: 'teleport', at: '2024-01-01' }],
    });
    expect(r.success).toBe(false);
    expect(problemsOf(r.error!.issues)).toEqual([
      { path: '$.units[0].name', zh: '不能为空', en: 'Must not be empty' },
      { path: '$.records[0].at', zh: expect.stringContaining('须为日期'), en: expect.stringContaining('A date (2024-03-31)') },
      { path: '$.records[1].kind', zh: '类型（kind）不对或缺失', en: 'Unknown or missing kind' },
    ]);
    expect(jsonPath(['records', 3, 'a b'])).toBe('$.records[3]["a b"]');
    // A ledger element of a kind that needs a month, and a wrong type: with the input reported, told apart from a missing field.
    const l = ZInterchange.safeParse(
      { format: 'xuanbao-interchange', version: 1, ledger: [{ code: 'L', kind: 'task_missed', unit: 'U', at: '2024-03-02' }, { code: 'V', kind: 'violation', unit: 'U', violation: 'criticism', negativeCoverage: 'yes', at: '2024-03-02' }] },
      { reportInput: true },
    );
    expect(problemsOf(l.error!.issues)).toEqual([
      { path: '$.ledger[0].month', zh: '必填', en: 'Required' },
      { path: '$.ledger[1].negativeCoverage', zh: '类型不对，应为真假值（true/false）', en: 'Expected boolean' },
    ]);
  });

  it('reads dates in the deployment time zone: 16:00Z on 31 March is 1 April in Shanghai; a date is that day’s midnight there', () => {
    const tz = 'Asia/Shanghai';
    expect(localDateOf('2024-03-31T16:00:00Z', tz)).toBe('2024-04-01');
    expect(localDateOf('2024-03-31T15:59:59Z', tz)).toBe('2024-03-31');
    expect(localDateOf('2024-03-31T23:59:59+08:00', tz)).toBe('2024-03-31');
    expect(localDateOf('2024-02-29', tz)).toBe('2024-02-29');
    expect(instantOf('2024-03-10', tz).toISOString()).toBe('2024-03-09T16:00:00.000Z');
    expect(formatInstant(new Date('2024-03-05T02:00:00Z'), tz)).toBe('2024-03-05T10:00:00+08:00');
    expect(formatInstant(new Date('2024-03-05T02:00:00.250Z'), tz)).toBe('2024-03-05T10:00:00.250+08:00');
    // A zone with daylight saving time: the offset of the day itself.
    expect(formatInstant(instantOf('2024-07-01', 'Europe/Berlin'), 'Europe/Berlin')).toBe('2024-07-01T00:00:00+02:00');
    expect(formatInstant(instantOf('2024-01-01', 'Europe/Berlin'), 'Europe/Berlin')).toBe('2024-01-01T00:00:00+01:00');
    expect(ZInterchange.shape.works.safeParse([{ code: 'W', kind: 'article', unit: 'U', authors: ['P'], title: 't', acceptedAt: '2024-03-05T10:00:00' }]).success).toBe(false);
  });
});
