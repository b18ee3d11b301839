import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { isAppError } from '../errors';
import { systemCtx, type AuthedCtx } from '../http/context';
import { people, units } from '../org/tables';
import { outlets, recordRevisions, recordsOfUse } from '../records/tables';
import { createLedgerEntry, withdrawLedgerEntry } from '../scoring/ledger';
import { scoringLedgerEntries, scoringLedgerRevisions } from '../scoring/tables';
import { reviewEvents, submissionAuthors, submissions, submissionVersions } from '../submissions/tables';
import { openTestDatabase } from '../test/db';
import { createTestApp, type TestApp } from '../test/app';
import { exportInterchange } from './export';
import type { Interchange } from './format';
import { importInterchange } from './import';
import type { Problem } from './problems';

/**
 * The interchange import and export on a real database: a file with every kind of element (ledger
 * entries of every kind included) goes in all at once; the same file again changes nothing and says
 * so; a changed element is updated (a ledger entry with a revision and an audit row); a bad file is
 * refused whole with a problem per element; and an organisation's export, imported into an empty
 * database, exports the same again.
 */
let t: TestApp;
let ctx: AuthedCtx;

beforeAll(async () => {
  t = await createTestApp();
  ctx = systemCtx({ database: t.database, config: t.config, actor: { via: 'cli', command: 'import', operator: 'tester' }, clock: t.clock });
}, 120_000);
afterAll(() => t?.close());

/** A fresh ctx at the test clock's time. */
const cli = () => ({ ...ctx, now: t.clock() });

function sampleFile(): Interchange {
  return {
    format: 'xuanbao-interchange',
    version: 1,
    units: [
      { code: 'WSQ', name: '交换测试公安局', type: 'bureau', parent: null },
      { code: 'WSQ-ZG', name: '政治工作办公室', type: 'office', parent: 'WSQ' },
      { code: 'WSQ-GLT', name: '嘎鲁图派出所', shortName: '嘎所', type: 'police_station', parent: 'WSQ' },
      { code: 'WSQ-GLT-1', name: '嘎鲁图社区警务室', type: 'police_station', parent: 'WSQ-GLT' },
    ],
    people: [
      { code: 'P1', name: '王磊', unit: 'WSQ-GLT' },
      { code: 'P2', name: '李娜', unit: 'WSQ-GLT-1', login: 'lina.ext' },
      { code: 'P3', name: '张伟', unit: 'WSQ-ZG' },
    ],
    works: [
      { code: 'W1', kind: 'article', unit: 'WSQ-GLT', authors: ['P1', 'P2'], tags: ['city_campaign'], title: '牧区反诈宣传走进蒙古包', body: '嘎鲁图派出所民警走进牧区……', acceptedAt: '2024-03-05T10:00:00+08:00' },
      { code: 'W2', kind: 'briefing_item', unit: 'WSQ-GLT-1', authors: ['P2'], tags: [], title: '社区警务室开展夜间巡逻', body: '', acceptedAt: '2024-03-10' },
      { code: 'W3', kind: 'original_work', unit: 'WSQ-ZG', authors: ['P3'], tags: [], title: '微电影《守望》', body: '', acceptedAt: '2023-12-31T16:30:00Z' },
      { code: 'W4', kind: 'material', unit: 'WSQ-GLT', authors: ['P1'], tags: ['那达慕'], title: '那达慕安保现场视频', body: '', acceptedAt: '2024-07-16', media: 'video' },
    ],
    records: [
      { code: 'R1', kind: 'briefing_use', work: 'W2', mode: 'standalone', issue: '2024年第12期', at: '2024-03-12' },
      // 16:00Z on 31 March is 00:00 on 1 April in Asia/Shanghai: the use belongs to April.
      { code: 'R2', kind: 'upper_adoption', work: 'W1', level: 'city', at: '2024-03-31T16:00:00Z', evidenceUrl: 'https://example.gov.cn/2024/0401.html' },
      { code: 'R3', kind: 'recommendation', work: 'W1', level: 'province', at: '2024-04-02' },
      { code: 'R4', kind: 'media', work: 'W1', outlet: '人民网', channel: '客户端要文', centralMainChannel: true, tier: 'central', url: 'https://www.people.com.cn/n1/2024/0403/c1001-1.html', at: '2024-04-03T09:00:00+08:00' },
      { code: 'R5', kind: 'media', work: 'W2', outlet: '鄂尔多斯日报', tier: 'city', channel: '要闻版', at: '2024-04-04' },
      { code: 'R6', kind: 'broadcast', work: 'W3', level: 'national', platform: '全国公安短视频展播', at: '2024-04-05' },
      { code: 'R7', kind: 'award_work', work: 'W3', level: 'regional', award: '全区公安新闻宣传作品评选二等奖', at: '2024-06-30' },
      { code: 'R8', kind: 'award_person', work: 'W1', level: 'city', award: '年度优秀通讯员', person: 'P1', at: '2024-12-20' },
      { code: 'R9', kind: 'upper_adoption', unit: 'WSQ-GLT', title: '旧台账里的一篇稿件', authors: '王磊', level: 'county', at: '2023-11-02' },
    ],
    ledger: [
      // A March task entered on 2 April (it counts on 31 March).
      { code: 'L1', kind: 'task_missed', unit: 'WSQ-GLT', month: '2024-03', task: 'repost_vote', at: '2024-04-02' },
      { code: 'L2', kind: 'violation', unit: 'WSQ-GLT-1', violation: 'criticism', negativeCoverage: true, at: '2024-03-08T10:00:00+08:00', evidenceUrl: 'https://example.gov.cn/notice/1.html', note: '市局通报' },
      { code: 'L3', kind: 'award_person', unit: 'WSQ-GLT', person: 'P1', title: '年度优秀通讯员', level: 'regional', at: '2024-12-20' },
      { code: 'L4', kind: 'award_work', unit: 'WSQ-GLT-1', title: '旧作品《夜巡》', level: 'city', field: 'news', authors: ['P2'], at: '2024-05-06' },
      { code: 'L5', kind: 'emergency_task', unit: 'WSQ-GLT', title: '那达慕大会安保宣传', at: '2024-07-15' },
      { code: 'L6', kind: 'nomination_missed', unit: 'WSQ-GLT-1', month: '2024-04', at: '2024-04-30' },
    ],
  };
}

async function problemsOf(p: Promise<unknown>): Promise<Problem[]> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e) && e.code === 'interchange/invalid') return (e.details as { problems: Problem[] }).problems;
    throw e;
  }
  throw new Error('the import was accepted');
}

const count = async (table: typeof units | typeof people | typeof submissions | typeof recordsOfUse | typeof scoringLedgerEntries) => Number((await t.database.query<{ n: number }>(sql`select count(*)::int as n from ${table}`))[0]!.n);

describe('importing a file', () => {
  let orgId: string;

  it('creates the organisation, its units, people, accepted works and records of every kind in one go', async () => {
    const r = await importInterchange(cli(), { data: sampleFile(), source: 'sample.json' });
    expect(r).toMatchObject({
      org: { name: '交换测试公安局', created: true },
      units: { created: 4, updated: 0, unchanged: 0 },
      people: { created: 3, updated: 0, unchanged: 0 },
      works: { created: 4, updated: 0, unchanged: 0 },
      records: { created: 9, updated: 0, unchanged: 0, withdrawn: 0 },
      ledger: { created: 6, updated: 0, unchanged: 0, withdrawn: 0 },
      outletsAdded: ['鄂尔多斯日报'],
      changed: true,
    });
    orgId = r.org.id;
    const tree = await t.db.select().from(units).where(sql`${units.path} like ${`/${orgId}/%`}`).orderBy(asc(units.depth), asc(units.name));
    expect(tree.map((u) => [u.externalCode, u.name, u.type, u.depth])).toEqual([
      ['WSQ', '交换测试公安局', 'bureau', 0],
      ['WSQ-GLT', '嘎鲁图派出所', 'police_station', 1],
      ['WSQ-ZG', '政治工作办公室', 'office', 1],
      ['WSQ-GLT-1', '嘎鲁图社区警务室', 'police_station', 2],
    ]);
    const station = tree.find((u) => u.externalCode === 'WSQ-GLT')!;
    expect(tree.find((u) => u.externalCode === 'WSQ-GLT-1')!.path).toBe(`${station.path}${tree.find((u) => u.externalCode === 'WSQ-GLT-1')!.id}/`);

    // Imported people exist (authors, honours) but cannot sign in until an administrator sets a password.
    const [lina] = await t.db.select().from(people).where(eq(people.login, 'lina.ext'));
    expect(lina).toMatchObject({ name: '李娜', externalCode: 'P2', mustChangePassword: true });
    expect((await t.signIn('lina.ext', '!imported')).res.status).toBe(401);

    // Works are accepted items with a serial of the year they were accepted (in Asia/Shanghai: W3 on 1 Jan 2024).
    const works = await t.db.select().from(submissions).where(sql`${submissions.externalCode} in ('W1', 'W2', 'W3', 'W4')`).orderBy(asc(submissions.externalCode));
    expect(works.map((w) => [w.externalCode, w.status, w.kind, w.tags, w.serial?.slice(0, 5)])).toEqual([
      ['W1', 'adopted', 'article', ['city_campaign'], '2024-'],
      ['W2', 'adopted', 'briefing_item', [], '2024-'],
      ['W3', 'adopted', 'original_work', [], '2024-'],
      // A material without files: its media is kept as a tag scoring reads (server/scoring/work-kinds.ts).
      ['W4', 'adopted', 'material', ['那达慕', 'media:video'], '2024-'],
    ]);
    expect(new Set(works.map((w) => w.serial)).size).toBe(4);
    expect(works[0]!.adoptedAt!.toISOString()).toBe('2024-03-05T02:00:00.000Z');
    expect(works[1]!.adoptedAt!.toISOString()).toBe('2024-03-09T16:00:00.000Z');
    const w1 = works[0]!;
    expect((await t.db.select().from(submissionAuthors).where(eq(submissionAuthors.submissionId, w1.id))).length).toBe(2);
    const [v1] = await t.db.select().from(submissionVersions).where(eq(submissionVersions.submissionId, w1.id));
    expect(v1).toMatchObject({ version: 1, title: '牧区反诈宣传走进蒙古包', body: '嘎鲁图派出所民警走进牧区……' });
    expect(v1!.submittedAt).not.toBeNull();

    // Its history says truthfully that it was imported, reviewed by nobody here (also on the item page).
    const history = await t.db.select().from(reviewEvents).where(eq(reviewEvents.submissionId, w1.id));
    expect(history.map((e) => [e.type, e.byId, e.fromStatus, e.toStatus, e.comment])).toEqual([['imported', null, 'draft', 'adopted', 'sample.json · W1']]);
    const editor = await t.makePerson({ unitId: orgId, roles: [{ role: 'editor', unitId: orgId }] });
    const page = await (await t.as(editor.login)).get(`/api/submissions/${w1.id}`);
    expect(page.status).toBe(200);
    expect(page.data.history).toEqual([expect.objectContaining({ type: 'imported', byId: null, byName: null, to: 'adopted' })]);
    expect(page.data.status).toBe('adopted');

    // Records: the date of a date-time is its day in the deployment's time zone; the registry decides outlets and channels.
    const recs = await t.db
      .select({ r: recordsOfUse, outlet: outlets.name, tier: outlets.tier })
      .from(recordsOfUse)
      .leftJoin(outlets, eq(outlets.id, recordsOfUse.outletId))
      .where(sql`${recordsOfUse.externalCode} like 'R%'`)
      .orderBy(asc(recordsOfUse.externalCode));
    const byCode = new Map(recs.map((x) => [x.r.externalCode!, x]));
    expect(byCode.get('R2')!.r).toMatchObject({ kind: 'upper_adoption', level: 'city', usedOn: '2024-04-01', source: 'imported', sourceRef: 'sample.json#R2', status: 'active' });
    expect(byCode.get('R4')).toMatchObject({ outlet: '人民日报', tier: 'central', r: { usedOn: '2024-04-03', columnName: null } });
    expect(byCode.get('R4')!.r.channelId).not.toBeNull();
    expect(byCode.get('R5')).toMatchObject({ outlet: '鄂尔多斯日报', tier: 'city', r: { columnName: '要闻版', channelId: null } });
    expect(byCode.get('R6')!.r).toMatchObject({ kind: 'broadcast', scope: 'national', platform: '全国公安短视频展播' });
    expect(byCode.get('R8')!.r).toMatchObject({ kind: 'award_person', personId: (await t.db.select().from(people).where(eq(people.externalCode, 'P1')))[0]!.id, personName: null });
    expect(byCode.get('R9')!.r).toMatchObject({ submissionId: null, title: '旧台账里的一篇稿件', authors: '王磊', usedOn: '2023-11-02' });
    expect(byCode.get('R1')!.r).toMatchObject({ kind: 'briefing_use', mode: 'standalone', briefingLabel: '2024年第12期' });

    // Ledger entries: on the units and people named by code, dated by day in the deployment's zone, with the attributes rubrics read.
    const personId = async (code: string) => (await t.db.select().from(people).where(eq(people.externalCode, code)))[0]!.id;
    const unitId = (code: string) => tree.find((u) => u.externalCode === code)!.id;
    const ledger = new Map((await t.db.select().from(scoringLedgerEntries).where(eq(scoringLedgerEntries.orgId, orgId))).map((e) => [e.externalCode!, e]));
    expect([...ledger.keys()].sort()).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    expect(ledger.get('L1')).toMatchObject({ kind: 'task_missed', unitId: unitId('WSQ-GLT'), occurredOn: '2024-04-02', month: '2024-03', attrs: { task: 'repost_vote' }, status: 'active', rev: 0, createdBy: null });
    expect(ledger.get('L2')).toMatchObject({ kind: 'violation', unitId: unitId('WSQ-GLT-1'), occurredOn: '2024-03-08', month: null, attrs: { violation: 'criticism', negative_coverage: true }, note: '市局通报', evidenceUrl: 'https://example.gov.cn/notice/1.html' });
    expect(ledger.get('L3')).toMatchObject({ kind: 'award_person', personId: await personId('P1'), attrs: { title: '年度优秀通讯员', level: 'regional' } });
    expect(ledger.get('L4')).toMatchObject({ kind: 'award_work', personId: null, attrs: { title: '旧作品《夜巡》', level: 'city', field: 'news', authors: await personId('P2') } });
    expect(ledger.get('L5')).toMatchObject({ kind: 'emergency_task', attrs: { title: '那达慕大会安保宣传' } });
    expect(ledger.get('L6')).toMatchObject({ kind: 'nomination_missed', month: '2024-04', attrs: {} });

    const [row] = await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'interchange.import'), eq(auditLog.targetId, orgId)));
    expect(row).toMatchObject({ actorLogin: 'cli:tester', targetType: 'unit' });
    expect(row!.details).toMatchObject({ source: 'sample.json', orgCreated: true, records: { created: 9 }, ledger: { created: 6 }, via: 'cli', changed: { works: ['W1', 'W2', 'W3', 'W4'], ledger: ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'] } });
  });

  it('the same file again changes nothing and says so (an audit row still says it ran)', async () => {
    const before = await Promise.all([count(units), count(people), count(submissions), count(recordsOfUse), count(scoringLedgerEntries)]);
    const r = await importInterchange(cli(), { data: sampleFile(), source: 'sample.json' });
    expect(r).toMatchObject({
      org: { id: orgId, created: false },
      units: { created: 0, updated: 0, unchanged: 4 },
      people: { created: 0, updated: 0, unchanged: 3 },
      works: { created: 0, updated: 0, unchanged: 4 },
      records: { created: 0, updated: 0, unchanged: 9 },
      ledger: { created: 0, updated: 0, unchanged: 6, withdrawn: 0 },
      outletsAdded: [],
      changed: false,
    });
    expect(await Promise.all([count(units), count(people), count(submissions), count(recordsOfUse), count(scoringLedgerEntries)])).toEqual(before);
    expect((await t.db.select().from(scoringLedgerEntries).where(eq(scoringLedgerEntries.orgId, orgId))).map((e) => e.rev)).toEqual([0, 0, 0, 0, 0, 0]);
    // Its own export imports as unchanged too (dates written as the export writes them).
    const exported = await exportInterchange(cli(), { org: orgId });
    expect((await importInterchange(cli(), { data: exported, source: 'export.json' })).changed).toBe(false);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.event, 'interchange.import'))).length).toBe(3);
  });

  it('a changed element is updated; a changed record keeps its values before as a revision', async () => {
    const f = sampleFile();
    f.units[2]!.name = '嘎鲁图派出所（新）';
    f.people[0]!.unit = 'WSQ-ZG';
    f.works[0]!.title = '牧区反诈宣传走进蒙古包（修订）';
    f.works[0]!.authors = ['P2', 'P1'];
    (f.records[1] as { level: string }).level = 'province';
    f.records.push({ code: 'R10', kind: 'upper_adoption', work: 'W2', level: 'county', at: '2024-05-01' });
    // A ledger entry corrected (no negative coverage after all), one added; the order of authors does not matter.
    Object.assign(f.ledger[1]!, { negativeCoverage: false, note: '经核实未引发负面舆情' });
    f.ledger.push({ code: 'L7', kind: 'emergency_task', unit: 'WSQ-GLT-1', title: '防汛宣传', at: '2024-08-01' });
    const r = await importInterchange(cli(), { data: f, source: 'sample-2.json' });
    expect(r).toMatchObject({ units: { updated: 1, unchanged: 3 }, people: { updated: 1, unchanged: 2 }, works: { updated: 1, unchanged: 3 }, records: { created: 1, updated: 1, unchanged: 8 }, ledger: { created: 1, updated: 1, unchanged: 5 }, changed: true });
    const [w1] = await t.db.select().from(submissions).where(eq(submissions.externalCode, 'W1'));
    expect(w1!.title).toBe('牧区反诈宣传走进蒙古包（修订）');
    const [v] = await t.db.select().from(submissionVersions).where(eq(submissionVersions.submissionId, w1!.id));
    const [p2] = await t.db.select().from(people).where(eq(people.externalCode, 'P2'));
    expect(v!.authorIds[0]).toBe(p2!.id);
    expect(w1!.createdBy).toBe(p2!.id);
    const [r2] = await t.db.select().from(recordsOfUse).where(eq(recordsOfUse.externalCode, 'R2'));
    expect(r2).toMatchObject({ level: 'province', rev: 1, dedupeKey: 'upper:province' });
    const revs = await t.db.select().from(recordRevisions).where(eq(recordRevisions.recordId, r2!.id));
    expect(revs.map((x) => [x.action, x.reason, (x.previous as { level: string }).level])).toEqual([['correct', '导入更新 / updated by import: sample-2.json', 'city']]);

    const [l2] = await t.db.select().from(scoringLedgerEntries).where(and(eq(scoringLedgerEntries.orgId, orgId), eq(scoringLedgerEntries.externalCode, 'L2')));
    expect(l2).toMatchObject({ rev: 1, attrs: { violation: 'criticism', negative_coverage: false }, note: '经核实未引发负面舆情', occurredOn: '2024-03-08' });
    const lrevs = await t.db.select().from(scoringLedgerRevisions).where(eq(scoringLedgerRevisions.entryId, l2!.id));
    expect(lrevs.map((x) => [x.action, x.reason, x.previous])).toEqual([
      ['correct', '导入更新 / updated by import: sample-2.json', expect.objectContaining({ attrs: { violation: 'criticism', negative_coverage: true }, note: '市局通报' })],
    ]);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'scoring.ledger_correct'), eq(auditLog.targetId, l2!.id)));
    expect(audits.map((a) => [a.targetType, a.actorLogin, (a.details as { reason: string }).reason])).toEqual([['scoring_ledger', 'cli:tester', '导入更新 / updated by import: sample-2.json']]);
    // The same changed file again: nothing more (no second revision).
    expect((await importInterchange(cli(), { data: f, source: 'sample-2.json' })).changed).toBe(false);
    expect(await t.db.select().from(scoringLedgerRevisions).where(eq(scoringLedgerRevisions.entryId, l2!.id))).toHaveLength(1);
  });

  it('refuses a bad ledger element by its JSON path, writing nothing of the file', async () => {
    const before = await Promise.all([count(units), count(people), count(submissions), count(recordsOfUse), count(scoringLedgerEntries)]);
    const revsBefore = (await t.db.select().from(scoringLedgerRevisions)).length;
    // Shape first: a task outcome without its month, an unknown field.
    const shape = sampleFile() as unknown as { ledger: Record<string, unknown>[] };
    shape.ledger.push({ code: 'L8', kind: 'task_missed', unit: 'WSQ-GLT', at: '2024-05-02' });
    shape.ledger.push({ code: 'L9', kind: 'violation', unit: 'WSQ-GLT', violation: 'criticism', negativeCoverage: 'yes', at: '2024-05-02' });
    expect(await problemsOf(importInterchange(cli(), { data: shape, source: 'bad-ledger.json' }))).toEqual([
      { path: '$.ledger[6].month', zh: '必填', en: 'Required' },
      { path: '$.ledger[7].negativeCoverage', zh: '类型不对，应为真假值（true/false）', en: 'Expected boolean' },
    ]);

    const f = sampleFile();
    f.ledger[0]!.at = '2024-04-03'; // a valid change, not written since the file is refused
    f.ledger.push(
      { code: 'L10', kind: 'emergency_task', unit: 'NOWHERE', title: '防汛', at: '2024-08-01' },
      { code: 'L11', kind: 'award_person', unit: 'WSQ-GLT-1', person: 'P9', title: '年度优秀通讯员', level: 'city', at: '2024-12-20' },
      { code: 'L12', kind: 'nomination_missed', unit: 'WSQ-GLT', month: '2099-05', at: '2024-05-02' },
      { code: 'L13', kind: 'award_work', unit: 'WSQ-GLT-1', title: '作品', level: 'city', field: 'culture', authors: ['P404'], at: '2024-05-02' },
      { code: 'L14', kind: 'emergency_task', unit: 'WSQ-GLT', title: '新的一条（不写入）', at: '2024-08-02' },
    );
    f.ledger[4] = { code: 'L5', kind: 'violation', unit: 'WSQ-GLT', violation: 'criticism', negativeCoverage: false, at: '2024-07-15' };
    (f.ledger[2] as { unit: string; person: string }).unit = 'WSQ-GLT-1';
    (f.ledger[2] as { unit: string; person: string }).person = 'P2';
    const problems = await problemsOf(importInterchange(cli(), { data: f, source: 'bad-ledger.json' }));
    expect(problems).toEqual([
      { path: '$.ledger[2].unit', zh: '导入不能把台账事项改到别的单位；请在系统中撤销后另行登记', en: 'An import does not move a ledger entry to another unit; withdraw it in Xuanbao and enter it anew' },
      { path: '$.ledger[4].kind', zh: '台账事项类型不能更改（原为 emergency_task）；请在系统中撤销后另行登记', en: 'A ledger entry’s kind cannot change (it is emergency_task); withdraw it in Xuanbao and enter it anew' },
      { path: '$.ledger[6].unit', zh: '单位“NOWHERE”既不在文件中，也不在本组织中', en: 'The unit “NOWHERE” is neither in the file nor in the organisation' },
      { path: '$.ledger[7].person', zh: '人员“P9”既不在文件中，也不在本组织中', en: 'The person “P9” is neither in the file nor in the organisation' },
      { path: '$.ledger[8].month', zh: '月份不能晚于本月', en: 'The month cannot be after this month' },
      { path: '$.ledger[9].authors[0]', zh: '人员“P404”既不在文件中，也不在本组织中', en: 'The person “P404” is neither in the file nor in the organisation' },
    ]);
    expect(await Promise.all([count(units), count(people), count(submissions), count(recordsOfUse), count(scoringLedgerEntries)])).toEqual(before);
    expect((await t.db.select().from(scoringLedgerRevisions)).length).toBe(revsBefore);
    const [l1] = await t.db.select().from(scoringLedgerEntries).where(and(eq(scoringLedgerEntries.orgId, orgId), eq(scoringLedgerEntries.externalCode, 'L1')));
    expect(l1).toMatchObject({ occurredOn: '2024-04-02', rev: 0 });
  });

  it('leaves an entry withdrawn in Xuanbao as it is, and refuses to change one entered there', async () => {
    const [l5] = await t.db.select().from(scoringLedgerEntries).where(and(eq(scoringLedgerEntries.orgId, orgId), eq(scoringLedgerEntries.externalCode, 'L5')));
    await withdrawLedgerEntry(cli(), l5!.id, { reason: '重复登记' });
    // Entered in Xuanbao (no code of its own): the export names it by id; an import may not change it.
    const [glt] = await t.db.select().from(units).where(eq(units.externalCode, 'WSQ-GLT'));
    const made = await createLedgerEntry(cli(), { kind: 'emergency_task', title: '春节安保宣传', unitId: glt!.id, occurredOn: '2024-02-10', evidenceUrl: 'https://example.gov.cn/e/2.html' });
    const exported = await exportInterchange(cli(), { org: orgId });
    expect(exported.ledger.some((e) => e.code === 'L5')).toBe(false);
    const el = exported.ledger.find((e) => e.code === made.id)!;
    expect(el).toEqual({ code: made.id, kind: 'emergency_task', unit: 'WSQ-GLT', title: '春节安保宣传', at: '2024-02-10', evidenceUrl: 'https://example.gov.cn/e/2.html' });
    // The withdrawn entry, even changed, is left as it is.
    const withL5 = { ...exported, ledger: [...exported.ledger, { code: 'L5', kind: 'emergency_task' as const, unit: 'WSQ-GLT', title: '那达慕大会安保宣传', at: '2024-07-16' }] };
    const r = await importInterchange(cli(), { data: withL5, source: 'export.json' });
    expect(r).toMatchObject({ ledger: { created: 0, updated: 0, unchanged: exported.ledger.length, withdrawn: 1 }, changed: false });
    expect((await t.db.select().from(scoringLedgerEntries).where(eq(scoringLedgerEntries.id, l5!.id)))[0]).toMatchObject({ status: 'withdrawn', occurredOn: '2024-07-15' });
    (el as { title: string }).title = '春节安保宣传（改）';
    expect(await problemsOf(importInterchange(cli(), { data: exported, source: 'export.json' }))).toEqual([
      { path: `$.ledger[${exported.ledger.indexOf(el)}]`, zh: '该台账事项是在宣报中登记的，导入不能修改它；请在系统中更正', en: 'This ledger entry was entered in Xuanbao; an import does not change it (correct it there)' },
    ]);
  });

  it('refuses a bad file whole, naming every bad element by its JSON path, in both languages', async () => {
    const before = await Promise.all([count(units), count(people), count(submissions), count(recordsOfUse)]);
    const f = sampleFile() as unknown as { units: Record<string, unknown>[]; people: Record<string, unknown>[]; works: Record<string, unknown>[]; records: Record<string, unknown>[] };
    f.units.push({ code: 'NEW-1', name: '新单位', type: 'spaceport', parent: 'WSQ' });
    f.people.push({ code: 'P9', name: '赵六', unit: 'NOWHERE' });
    f.works.push({ code: 'W9', kind: 'article', unit: 'WSQ-GLT', authors: ['P404'], title: '无作者', acceptedAt: '2024-03-01' });
    f.records.push({ code: 'R11', kind: 'media', work: 'W1', outlet: '不存在的报', at: '2024-03-01' });
    f.records.push({ code: 'R12', kind: 'upper_adoption', work: 'W1', level: 'galaxy', at: '2024-03-01' });
    f.records.push({ code: 'R13', kind: 'media', work: 'W1', outlet: '人民日报', channel: '其他栏目', centralMainChannel: true, at: '2024-03-01' });
    f.records.push({ code: 'R14', kind: 'upper_adoption', work: 'W1', level: 'city', at: '2024-03-31T10:00:00' });
    f.records.push({ code: 'R15', kind: 'upper_adoption', work: 'W1', level: 'city', at: '2024-03-31', colour: 'red' });
    f.records.push({ code: 'R16', kind: 'upper_adoption', work: 'W2', level: 'county', at: '2024-05-01' });
    f.works.push({ code: 'W10', kind: 'article', unit: 'WSQ-GLT', authors: ['P1'], title: '文章不是素材', acceptedAt: '2024-03-01', media: 'video' });
    const problems = await problemsOf(importInterchange(cli(), { data: f, source: 'bad.json' }));
    // Shape first: the schema's problems come alone (the rest needs a well-formed file).
    expect(problems).toEqual([
      { path: '$.records[12].at', zh: expect.stringContaining('带时区偏移'), en: expect.stringContaining('with its offset') },
      { path: '$.records[13].colour', zh: '不认识的字段（格式中没有）', en: 'Unknown field (not in the format)' },
    ]);
    f.records.splice(12, 2);
    const second = await problemsOf(importInterchange(cli(), { data: f, source: 'bad.json' }));
    expect(second.map((x) => x.path)).toEqual([
      '$.units[4].type',
      '$.people[3].unit',
      '$.works[4].authors[0]',
      '$.works[5].media',
      '$.records[9].outlet',
      '$.records[10].level',
      '$.records[11].centralMainChannel',
      '$.records[12]',
    ]);
    expect(second[0]).toMatchObject({ zh: expect.stringContaining('单位类型“spaceport”不存在'), en: expect.stringContaining('No unit type “spaceport”') });
    expect(second[3]!).toEqual({ path: '$.works[5].media', zh: 'media（图片或视频）只用于素材（material）', en: '`media` (photo or video) is for material only' });
    expect(second[4]!.en).toContain('give its tier to add it');
    expect(second[5]!.zh).toContain('city（市局）');
    expect(second[7]!.en).toBe('This use of the work is already recorded (code “R10”)');
    expect(await Promise.all([count(units), count(people), count(submissions), count(recordsOfUse)])).toEqual(before);
  });

  it('refuses what an import must not do: move a unit, change an item reviewed here, two roots, repeated codes', async () => {
    const f = sampleFile();
    f.units[3]!.parent = 'WSQ-ZG';
    f.units.push({ code: 'WSQ', name: '重复', type: 'office', parent: 'WSQ' });
    const structural = await problemsOf(importInterchange(cli(), { data: f, source: 'x.json' }));
    expect(structural.map((x) => x.path)).toEqual(['$.units[4].code']);
    f.units.pop();
    const moved = await problemsOf(importInterchange(cli(), { data: f, source: 'x.json' }));
    expect(moved).toEqual([{ path: '$.units[3].parent', zh: expect.stringContaining('不能移动'), en: expect.stringContaining('does not move') }]);
  });
});

describe('exporting an organisation', () => {
  it('round trip: export → import into an empty database → export again gives the same file', async () => {
    const first = await exportInterchange(cli(), { org: '交换测试公安局' });
    expect(first.units[0]).toEqual({ code: 'WSQ', name: '交换测试公安局', type: 'bureau', parent: null });
    expect(first.records.find((r) => r.code === 'R2')).toMatchObject({ at: '2024-04-01', level: 'province' });
    expect(first.records.find((r) => r.code === 'R4')).toMatchObject({ outlet: '人民日报', tier: 'central', channel: '客户端要文', centralMainChannel: true });
    expect(first.works.find((w) => w.code === 'W1')!.acceptedAt).toBe('2024-03-05T10:00:00+08:00');
    expect(first.works.find((w) => w.code === 'W4')).toMatchObject({ kind: 'material', tags: ['那达慕'], media: 'video' });
    // Active ledger entries, by code (the one entered in Xuanbao by its id; the withdrawn L5 left out).
    expect(first.ledger.filter((e) => e.code.startsWith('L')).map((e) => e.code)).toEqual(['L1', 'L2', 'L3', 'L4', 'L6', 'L7']);
    expect(first.ledger.find((e) => e.code === 'L1')).toEqual({ code: 'L1', kind: 'task_missed', unit: 'WSQ-GLT', month: '2024-03', task: 'repost_vote', at: '2024-04-02' });
    expect(first.ledger.find((e) => e.code === 'L4')).toEqual({ code: 'L4', kind: 'award_work', unit: 'WSQ-GLT-1', title: '旧作品《夜巡》', level: 'city', field: 'news', authors: ['P2'], at: '2024-05-06' });
    expect(first.ledger).toHaveLength(7);
    // The editor made in the first test has no code: the export names them by id.
    expect(first.people.some((p) => /^[0-9a-f-]{36}$/.test(p.code))).toBe(true);

    const other = await openTestDatabase();
    try {
      const ctx2 = systemCtx({ database: other, config: t.config, actor: { via: 'cli', command: 'import', operator: 'tester' }, clock: t.clock });
      const r = await importInterchange(ctx2, { data: JSON.parse(JSON.stringify(first)), source: 'roundtrip.json' });
      expect(r.records.created).toBe(first.records.length);
      expect(r.ledger.created).toBe(first.ledger.length);
      const again = await exportInterchange(ctx2, { org: 'WSQ' });
      expect({ ...again, exportedAt: null }).toEqual({ ...first, exportedAt: null });
    } finally {
      await other.close();
    }
  }, 120_000);
});

describe('size', () => {
  it('imports 10,000 records in one transaction (printed: the time it takes)', async () => {
    const n = 10_000;
    const f: Interchange = {
      format: 'xuanbao-interchange',
      version: 1,
      units: [{ code: 'BIG', name: '大批量测试局', type: 'bureau', parent: null }, ...Array.from({ length: 20 }, (_, i) => ({ code: `U${i}`, name: `第${i}派出所`, type: 'police_station', parent: 'BIG' }))],
      people: Array.from({ length: 200 }, (_, i) => ({ code: `P${i}`, name: `民警${i}`, unit: `U${i % 20}` })),
      works: Array.from({ length: 1000 }, (_, i) => ({ code: `W${i}`, kind: 'article' as const, unit: `U${i % 20}`, authors: [`P${i % 200}`], tags: i % 3 ? [] : ['city_campaign'], title: `稿件${i}`, body: '', acceptedAt: '2024-01-02' })),
      records: Array.from({ length: n }, (_, i) => ({
        code: `R${i}`,
        kind: 'media' as const,
        work: `W${i % 1000}`,
        outlet: '人民日报',
        channel: '客户端要文',
        url: `https://www.people.com.cn/n1/2024/0315/c1001-${i}.html`,
        at: `2024-${String((i % 12) + 1).padStart(2, '0')}-15T09:00:00+08:00`,
      })),
      ledger: [],
    };
    const t0 = performance.now();
    const r = await importInterchange(cli(), { data: f, source: 'big.json' });
    const ms = performance.now() - t0;
    expect(r.records.created).toBe(n);
    const t1 = performance.now();
    const again = await importInterchange(cli(), { data: f, source: 'big.json' });
    const ms2 = performance.now() - t1;
    expect(again.changed).toBe(false);
    console.log(`[interchange] ${process.env.XUANBAO_TEST_DB ?? 'pglite'}: import of ${n} records (+1,000 works, 200 people, 21 units): ${ms.toFixed(0)} ms; the same file again (all unchanged): ${ms2.toFixed(0)} ms`);
  }, 300_000);
});
