/**
 * The auditor's log as a list (issue 8 item 7): sorted on the server by an allow-listed column with
 * the id breaking ties (the fake clock gives many rows the same instant, so ties are the rule here),
 * filtered by a unit with the units below it and by days in the deployment's time zone, and never
 * showing another organisation's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { allPages, expectGroupedTiesById, expectSortRefused, signedInOnce } from '../test/list-order';

let t: TestApp;
const ids: Record<string, string> = {};
const logins: Record<string, string> = {};

type Row = { id: string; ip: string | null; seq: number; at: string; event: string; outcome: string; actorId: string | null; actorLogin: string | null; actorUnitName: string | null; targetType: string | null; targetId: string | null };

beforeAll(async () => {
  t = await createTestApp();
  for (const org of ['x', 'y']) {
    const root = await t.makeRoot(`${org}-审计列表局`);
    const a = await t.makeUnit(root.id, `${org}-甲所`);
    const a1 = await t.makeUnit(a.id, `${org}-甲所一组`);
    const b = await t.makeUnit(root.id, `${org}-乙所`);
    Object.assign(ids, { [`${org}Root`]: root.id, [`${org}A`]: a.id, [`${org}A1`]: a1.id, [`${org}B`]: b.id });
    const admin = await t.makePerson({ unitId: root.id, roles: [{ role: 'admin', unitId: root.id }], login: `${org}.ladmin`, name: `${org}管理员` });
    const auditor = await t.makePerson({ unitId: root.id, roles: [{ role: 'auditor', unitId: root.id }], login: `${org}.lauditor` });
    logins[`${org}Auditor`] = auditor.login;
    const c = await t.as(admin.login);
    // People made in each unit: rows whose object lies there (the administrator acts from the root).
    for (const [key, unitId] of [
      ['InA', a.id],
      ['InA1', a1.id],
      ['InB', b.id],
    ] as const) {
      const res = await c.post('/api/people', { login: `${org}.t${key.toLowerCase()}`, name: `${org}${key}`, unitId, roles: [{ role: 'correspondent', unitId }] });
      expect(res.status).toBe(200);
      ids[`${org}Person${key}`] = res.data.person.id;
      // Someone of the unit acts too: a sign-in whose actor lies in the unit.
      t.clock.advance(1000);
      ids[`${org}Actor${key}`] = (await t.makePerson({ unitId, login: `${org}.l${key.toLowerCase()}` })).id;
      await t.as(`${org}.l${key.toLowerCase()}`);
    }
  }
  // A row on the next day (Asia/Shanghai): the day filter must tell them apart.
  t.clock.set('2026-03-03T01:00:00Z');
  await t.as('x.lina');
}, 180_000);
afterAll(() => t?.close());

/** One sign-in per login (a sign-in is itself a row of the log; the lists compared must not differ by it). */
const as = signedInOnce(() => t);

const pages = async (login: string, query: string, pageSize: number) => allPages<Row>(await as(login), '/api/audit', query, pageSize);

const mentions = (rows: Row[], id: string) => rows.some((r) => r.actorId === id || r.targetId === id);

describe('the audit log sorts on the server', () => {
  for (const [sort, key] of [
    ['event', (r: Row) => r.event],
    ['actor', (r: Row) => r.actorLogin ?? '\uffff'],
    ['at', (r: Row) => r.at],
    ['outcome', (r: Row) => r.outcome],
    ['ip', (r: Row) => r.ip ?? '\uffff'],
  ] as const) {
    it(`by ${sort}, both ways, every row once across pages in one stable order (ties by id)`, async () => {
      const one = await pages(logins.xAuditor!, `sort=${sort}&order=asc`, 200);
      const paged = await pages(logins.xAuditor!, `sort=${sort}&order=asc`, 3);
      expect(paged.rows.map((r) => r.id)).toEqual(one.rows.map((r) => r.id));
      expect(new Set(paged.rows.map((r) => r.id)).size).toBe(one.total);
      // Rows with the same value come together (whatever the database's collation), and within a
      // value by id: ties exist (the fake clock stands still within a request).
      const ties = expectGroupedTiesById(one.rows, key);
      expect(ties).toBeGreaterThan(0);
      if (sort === 'at') expect(one.rows.map(key)).toEqual(one.rows.map(key).sort());
      const desc = await pages(logins.xAuditor!, `sort=${sort}&order=desc`, 4);
      expect(desc.rows.map((r) => r.id)).toEqual([...one.rows].reverse().map((r) => r.id));
    });
  }

  it('by actor in login order (the logins are ASCII)', async () => {
    const { rows } = await pages(logins.xAuditor!, 'sort=actor&order=asc', 50);
    const withActor = rows.filter((r) => r.actorLogin).map((r) => r.actorLogin!);
    expect(withActor).toEqual([...withActor].sort());
  });

  it('refuses a column not on the list, in the caller’s language', async () => {
    const c = await as(logins.xAuditor!);
    expect((await c.get('/api/audit?sort=unit')).status).toBe(400); // not stored in the row: too slow to sort 100k rows by
    await expectSortRefused({ t, c, path: '/api/audit', zh: { sort: 'hash', names: 'at' }, en: { sort: 'details', names: 'actor' } });
  });
});

describe('the audit log filters by unit and days', () => {
  it('a unit includes the units below it and excludes its siblings', async () => {
    const { rows, total } = await pages(logins.xAuditor!, `unitId=${ids.xA}`, 200);
    expect(total).toBe(rows.length);
    for (const who of ['Person', 'Actor']) {
      expect(mentions(rows, ids[`x${who}InA`]!)).toBe(true);
      expect(mentions(rows, ids[`x${who}InA1`]!)).toBe(true);
      expect(mentions(rows, ids[`x${who}InB`]!)).toBe(false);
      expect(mentions(rows, ids[`y${who}InA`]!)).toBe(false);
    }
    const sub = await pages(logins.xAuditor!, `unitId=${ids.xA1}`, 200);
    expect(mentions(sub.rows, ids.xPersonInA1!)).toBe(true);
    expect(mentions(sub.rows, ids.xPersonInA!)).toBe(false);
    // The actor's unit is named in the row.
    const own = sub.rows.filter((r) => r.actorId === ids.xActorInA1);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.actorUnitName === 'x-甲所一组')).toBe(true);
  });

  it("offers the units of the auditor's own organisation to filter by (an auditor reads no /api/units)", async () => {
    const c = await as(logins.xAuditor!);
    const units = (await c.get('/api/audit/units')).data as { id: string; name: string }[];
    expect(units.map((u) => u.id)).toEqual(expect.arrayContaining([ids.xRoot, ids.xA, ids.xA1, ids.xB]));
    expect(units.some((u) => u.id === ids.yA || u.name.startsWith('y-'))).toBe(false);
    expect((await c.get('/api/units')).status).toBe(403);
  });

  it("another organisation's unit is answered as unknown, and its rows never appear under any sort", async () => {
    const c = await as(logins.xAuditor!);
    expect((await c.get(`/api/audit?unitId=${ids.yA}`)).status).toBe(404);
    for (const sort of ['ip', 'actor', 'event']) {
      const { rows } = await pages(logins.xAuditor!, `sort=${sort}&order=desc`, 200);
      for (const key of ['PersonInA', 'PersonInA1', 'PersonInB', 'ActorInA', 'ActorInB']) expect(mentions(rows, ids[`y${key}`]!)).toBe(false);
      expect(rows.some((r) => r.actorLogin?.startsWith('y.'))).toBe(false);
    }
  });

  it('days are whole days in the deployment’s time zone, both ends included', async () => {
    const first = await pages(logins.xAuditor!, 'from=2026-03-02&to=2026-03-02', 200);
    const second = await pages(logins.xAuditor!, 'from=2026-03-03', 200);
    expect(first.total).toBeGreaterThan(0);
    expect(second.rows.every((r) => r.at >= '2026-03-02T16:00:00.000Z')).toBe(true);
    expect(second.rows.some((r) => r.actorLogin === 'x.lina')).toBe(true);
    expect(first.rows.every((r) => r.at < '2026-03-02T16:00:00.000Z')).toBe(true);
    const c = await as(logins.xAuditor!);
    const backwards = await c.get('/api/audit?from=2026-03-03&to=2026-03-02');
    expect(backwards.status).toBe(400);
    expect(backwards.json?.fields?.map((f) => f.path)).toContain('to');
    // The export reads the same filter.
    const csv = (await c.get(`/api/audit/export?format=csv&unitId=${ids.xA1}`)).raw.body as string;
    expect(csv).toContain('x.lina1');
    expect(csv).not.toContain('x.linb');
  });
});
