import { describe, expect, it } from 'vitest';
import { countingDate, describeLedgerEntry } from './ledger-kinds';

describe('describeLedgerEntry: what a ledger entry is, in a line', () => {
  it.each([
    [{ kind: 'task_missed', month: '2024-03', attrs: { task: 'repost_vote' } }, '转发/投票任务未完成 · 2024年3月', 'Repost/vote task not done · Mar 2024'],
    [{ kind: 'nomination_missed', month: '2024-12', attrs: {} }, '月度“最美之星”推荐未落实 · 2024年12月', 'Monthly nomination not done · Dec 2024'],
    [{ kind: 'emergency_task', month: null, attrs: { title: '那达慕安保宣传' } }, '高质量完成应急任务 · 那达慕安保宣传', 'Emergency task done well · 那达慕安保宣传'],
    [
      { kind: 'violation', month: null, attrs: { violation: 'criticism', negative_coverage: true } },
      '新媒体违规或被通报批评 · 被上级通报批评（引发负面舆情）',
      'New-media violation or official criticism · officially criticised by an upper level (negative coverage)',
    ],
    [{ kind: 'violation', month: null, attrs: { violation: 'unapproved_account', negative_coverage: false } }, '新媒体违规或被通报批评 · 未经审批开设新媒体账号', 'New-media violation or official criticism · new-media account opened without approval'],
    [{ kind: 'award_person', month: null, attrs: { title: '优秀通讯员', level: 'city' }, personName: '张三' }, '个人荣誉 · 张三 · 优秀通讯员（市级）', 'Honour to a person · 张三 · 优秀通讯员 (city)'],
    [{ kind: 'award_work', month: null, attrs: { title: '微电影《守护》', level: 'regional', field: 'culture' } }, '作品获奖（系统外作品） · 微电影《守护》（自治区级）', 'Award to a work outside the system · 微电影《守护》 (regional)'],
  ])('%j', (entry, zh, en) => {
    expect(describeLedgerEntry(entry, 'zh-CN')).toBe(zh);
    expect(describeLedgerEntry(entry, 'en')).toBe(en);
  });

  it('an unknown kind is named as it is stored', () => {
    expect(describeLedgerEntry({ kind: 'other', month: null, attrs: {} }, 'zh-CN')).toBe('other');
  });
});

describe('countingDate', () => {
  it('a month entry entered outside its month counts on the month’s last day', () => {
    expect(countingDate({ occurredOn: '2024-04-02', month: '2024-02' })).toBe('2024-02-29');
    expect(countingDate({ occurredOn: '2024-03-10', month: '2024-03' })).toBe('2024-03-10');
    expect(countingDate({ occurredOn: '2024-03-10', month: null })).toBe('2024-03-10');
  });
});
