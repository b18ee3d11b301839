import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { ZLedgerInput } from '../../../server/scoring/schema';
import { toFields, valuesOf, type Values } from './ledger-fields';
import type { LedgerEntry } from './service';

const UNIT = '00000000-0000-4000-8000-000000000001';
const PERSON = '00000000-0000-4000-8000-000000000002';
const base = { unitId: UNIT, occurredOn: dayjs('2024-04-02'), evidenceUrl: ' https://example.gov.cn/a ' };

describe('ledger form → API fields', () => {
  it('makes a body the server accepts for every kind', () => {
    const cases: Values[] = [
      { ...base, kind: 'task_missed', month: dayjs('2024-03-01') },
      { ...base, kind: 'nomination_missed', month: dayjs('2024-03-01') },
      { ...base, kind: 'violation', violation: 'criticism', negativeCoverage: true },
      { ...base, kind: 'emergency_task', title: ' 防汛宣传 ' },
      { ...base, kind: 'award_person', personId: PERSON, title: '年度优秀通讯员', level: 'regional' },
      { ...base, kind: 'award_work', title: '短视频《守护》', level: 'national', field: 'culture' },
    ];
    for (const v of cases) {
      const body = { ...toFields(v, []), unitId: UNIT };
      const r = ZLedgerInput.safeParse(body);
      expect(r.success, `${v.kind}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
    }
  });

  it('keeps the facts: the task month, the doubled violation, trimmed text', () => {
    expect(toFields({ ...base, kind: 'task_missed', month: dayjs('2024-03-01') }, [])).toMatchObject({ kind: 'task_missed', month: '2024-03', task: 'repost_vote', occurredOn: '2024-04-02', evidenceUrl: 'https://example.gov.cn/a' });
    expect(toFields({ ...base, kind: 'violation', violation: 'unapproved_account', negativeCoverage: true }, ['f1'])).toMatchObject({ negativeCoverage: true, evidenceIds: ['f1'] });
    expect(toFields({ ...base, kind: 'emergency_task', title: ' 防汛宣传 ', note: '  ' }, [])).toMatchObject({ title: '防汛宣传', note: null });
  });

  it('reads a stored entry back into the form', () => {
    const stored = { unitId: UNIT, kind: 'violation', occurredOn: '2024-05-06', month: null, personId: null, note: null, evidenceUrl: 'https://x.cn', attrs: { violation: 'criticism', negative_coverage: true } } as unknown as LedgerEntry;
    const v = valuesOf(stored);
    expect(v).toMatchObject({ kind: 'violation', violation: 'criticism', negativeCoverage: true, evidenceUrl: 'https://x.cn' });
    expect(toFields(v, [])).toMatchObject({ kind: 'violation', violation: 'criticism', negativeCoverage: true, occurredOn: '2024-05-06' });
  });
});
