import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';

/**
 * Notifications reach the people who must act: whoever holds the step an item arrives at (by role on
 * the item's unit or above, or by name), the author of every decision others take; never the author
 * of their own item as a reviewer, nor anyone in another organisation. Each carries the serial.
 */
let t: TestApp;
const id: Record<string, string> = {};
const login: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('通知测试公安局');
  const office = await t.makeUnit(root.id, '政治工作办公室', 'office');
  const station = await t.makeUnit(root.id, '城关派出所', 'police_station');
  const station2 = await t.makeUnit(root.id, '城郊派出所', 'police_station');
  const other = await t.makeRoot('另一公安局');
  const add = async (key: string, unitId: string, role: string, roleUnitId = unitId) => {
    const p = await t.makePerson({ unitId, roles: [{ role: role as 'editor', unitId: roleUnitId }] });
    id[key] = p.id;
    login[key] = p.login;
  };
  await add('corr', station.id, 'correspondent');
  await add('approver', station.id, 'unit_approver');
  await add('approverAbove', office.id, 'unit_approver', root.id);
  await add('approver2', station2.id, 'unit_approver');
  await add('ed1', office.id, 'editor', root.id);
  await add('ed2', office.id, 'editor', root.id);
  await add('ed3', office.id, 'editor', root.id);
  await add('leader', office.id, 'leader', root.id);
  await add('otherApprover', other.id, 'unit_approver');
  await add('otherEditor', other.id, 'editor');
  await add('otherLeader', other.id, 'leader');
}, 120_000);
afterAll(() => t?.close());

const LEAD = {
  kind: 'lead',
  title: '城关派出所破获一起电信网络诈骗案',
  body: '近日，城关派出所民警经过连续奋战，成功破获一起电信网络诈骗案件，为群众挽回经济损失十余万元。',
  situationNote: '案件已移送起诉，可公开报道。',
};

type Note = { type: string; subject: { type: string; id: string } | null; data: Record<string, unknown>; readAt: string | null };
async function notesOf(key: string, itemId: string): Promise<Note[]> {
  const r = await (await t.as(login[key]!)).get('/api/notifications');
  return (r.data.items as Note[]).filter((n) => n.subject?.id === itemId);
}
async function whoHeard(itemId: string, type: string) {
  const out: string[] = [];
  for (const key of Object.keys(login)) if ((await notesOf(key, itemId)).some((n) => n.type === type)) out.push(key);
  return out.sort();
}
const decide = async (key: string, itemId: string, body: Record<string, unknown>) => {
  const r = await (await t.as(login[key]!)).post(`/api/submissions/${itemId}/decision`, body);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
};

describe('who hears of an item', () => {
  it('tells the unit approvers of the item’s unit (and above) that a lead waits, with its serial', async () => {
    const c = await t.as(login.corr!);
    const item = (await c.post('/api/submissions', LEAD)).data.id as string;
    const sub = await c.post(`/api/submissions/${item}/submit`);
    expect(sub.status).toBe(200);
    expect(await whoHeard(item, 'review.waiting')).toEqual(['approver', 'approverAbove']);
    const [n] = await notesOf('approver', item);
    expect(n!.data).toMatchObject({ serial: sub.data.serial, title: LEAD.title, step: '单位审批' });
    expect(sub.data.serial).toMatch(/^\d{4}-\d{6}$/);

    // Passed: the editors of the first stage hear it waits; the author hears it passed.
    await decide('approver', item, { type: 'pass' });
    expect(await whoHeard(item, 'review.waiting')).toEqual(['approver', 'approverAbove', 'ed1', 'ed2', 'ed3']);
    const passed = (await notesOf('corr', item)).find((x) => x.type === 'review.passed');
    expect(passed?.data).toMatchObject({ serial: sub.data.serial, step: '单位审批', to: 'in_review' });

    // ed1 passes 初审: ed2 hears 复审 waits, ed1 (who just acted) does not hear it again.
    await decide('ed1', item, { type: 'pass' });
    const ed1Waiting = (await notesOf('ed1', item)).filter((x) => x.type === 'review.waiting').map((x) => x.data.step);
    const ed2Waiting = (await notesOf('ed2', item)).filter((x) => x.type === 'review.waiting').map((x) => x.data.step);
    expect(ed1Waiting).toEqual(['初审']);
    expect(ed2Waiting.sort()).toEqual(['初审', '复审']);

    // Returned: the author hears it, with the comment; nobody is told it waits.
    await decide('ed2', item, { type: 'return', comment: '请补充案件办理时间' });
    const returned = (await notesOf('corr', item)).find((x) => x.type === 'review.returned');
    expect(returned?.data).toMatchObject({ serial: sub.data.serial, comment: '请补充案件办理时间' });
  });

  it('sends a sensitive item to the leader of its organisation only; the author hears it was accepted', async () => {
    const c = await t.as(login.corr!);
    const item = (await c.post('/api/submissions', { ...LEAD, title: '某民警违纪案件通报线索', sensitive: true, sensitivity: 'misconduct' })).data.id as string;
    expect((await c.post(`/api/submissions/${item}/submit`)).status).toBe(200);
    await decide('approver', item, { type: 'pass' });
    await decide('ed1', item, { type: 'pass' });
    await decide('ed2', item, { type: 'pass' });
    expect(await whoHeard(item, 'review.waiting')).not.toContain('leader');
    await decide('ed3', item, { type: 'pass' });
    const heard = await whoHeard(item, 'review.waiting');
    expect(heard).toContain('leader');
    expect(heard.filter((k) => k.startsWith('other'))).toEqual([]);
    const [n] = (await notesOf('leader', item)).filter((x) => x.type === 'review.waiting');
    expect(n!.data).toMatchObject({ step: '敏感内容审批' });
    expect(n!.data.serial).toMatch(/^\d{4}-\d{6}$/);
  });

  it('tells the author of a rejection with its reason and of acceptance', async () => {
    const c = await t.as(login.corr!);
    const a = (await c.post('/api/submissions', { kind: 'article', title: '社区反诈宣传活动', body: '城关派出所民警走进社区，开展反诈宣传。' })).data.id as string;
    const b = (await c.post('/api/submissions', { kind: 'article', title: '夜间巡逻纪实', body: '城关派出所民警夜间巡逻，守护群众平安。' })).data.id as string;
    for (const x of [a, b]) expect((await c.post(`/api/submissions/${x}/submit`)).status).toBe(200);
    await decide('ed1', a, { type: 'reject', reason: '重复报送' });
    expect((await notesOf('corr', a)).find((n) => n.type === 'review.rejected')?.data).toMatchObject({ comment: '重复报送', to: 'rejected' });
    await decide('ed1', b, { type: 'pass' });
    await decide('ed2', b, { type: 'pass' });
    await decide('ed3', b, { type: 'pass' });
    expect((await notesOf('corr', b)).filter((n) => n.type === 'review.passed').map((n) => String(n.data.to)).sort()).toEqual(['adopted', 'in_review', 'in_review']);
    // The author never hears that their own item waits, whatever roles they hold.
    expect((await notesOf('corr', b)).some((n) => n.type === 'review.waiting')).toBe(false);
  });

  it('marks what a person was told about an item read when they open it, and only that', async () => {
    const c = await t.as(login.corr!);
    const x = (await c.post('/api/submissions', { ...LEAD, title: '打开即已读一' })).data.id as string;
    const y = (await c.post('/api/submissions', { ...LEAD, title: '打开即已读二' })).data.id as string;
    for (const i of [x, y]) expect((await c.post(`/api/submissions/${i}/submit`)).status).toBe(200);
    const approver = await t.as(login.approver!);
    const before = (await approver.get('/api/notifications?unread=1')).data.unread as number;
    expect((await notesOf('approver', x))[0]!.readAt).toBeNull();
    expect((await approver.get(`/api/submissions/${x}`)).status).toBe(200);
    expect((await notesOf('approver', x))[0]!.readAt).not.toBeNull();
    expect((await notesOf('approver', y))[0]!.readAt).toBeNull();
    expect((await approver.get('/api/notifications')).data.unread).toBe(before - 1);
    // Someone else opening it changes nothing of the approver's.
    expect((await (await t.as(login.approverAbove!)).get(`/api/submissions/${y}`)).status).toBe(200);
    expect((await notesOf('approver', y))[0]!.readAt).toBeNull();
  });
});
