/**
 * Zero leaks (SECURITY.md: security labels): over random issues — draft or published, restricted or
 * not, of a series of the organisation or of an office in it, sent to random people and units — every
 * person of a varied pool reads every issue by every read path (list, search, detail, attachment,
 * export document, notifications, receipts). A path shows an issue exactly when the rule
 * (access.ts mayOpenIssue, written from the requirements) allows it; notifications and receipts only
 * ever go to people it allows.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant, Role } from '../access/roles';
import { createTestApp, type TestApp } from '../test/app';
import { mayOpenIssue, type ReaderFacts } from './access';
import { acceptedItem, ctxOf, type Client } from './briefings.testkit';
import { createIssue, loadBriefingDocument, publishBriefing, setDistribution, setIssueItems } from './issues';
import { briefingSeries } from './tables';

let t: TestApp;
type PoolPerson = { key: string; id: string; client: Client; facts: ReaderFacts };
const pool: PoolPerson[] = [];
const unitIds: Record<string, string> = {};
const unitPaths: Record<string, string> = {};
let seriesIds: { id: string; unitPath: string }[] = [];
let item: { id: string; attachmentId: string | null };
let orgId = '';
let composer = '';

beforeAll(async () => {
  t = await createTestApp();
  const r = await t.makeRoot('属性测试局');
  const u1 = await t.makeUnit(r.id, '一所');
  const u2 = await t.makeUnit(r.id, '二所');
  const u3 = await t.makeUnit(u1.id, '一所警务室');
  const r2 = await t.makeRoot('属性测试另局');
  orgId = r.id;
  for (const [k, u] of Object.entries({ R: r, U1: u1, U2: u2, U3: u3, R2: r2 })) {
    unitIds[k] = u.id;
    unitPaths[k] = u.path;
  }
  // [key, lives in, role, granted on]
  const people: [string, string, Role | null, string][] = [
    ['editorR', 'R', 'editor', 'R'],
    ['editorU1', 'U1', 'editor', 'U1'],
    ['leaderU1', 'U1', 'leader', 'U1'],
    ['corrU1', 'U1', 'correspondent', 'U1'],
    ['corrU2', 'U2', 'correspondent', 'U2'],
    ['approverU3', 'U3', 'unit_approver', 'U3'],
    ['corrU3', 'U3', 'correspondent', 'U3'],
    ['noRoleU2', 'U2', null, 'U2'],
    ['adminR', 'R', 'admin', 'R'],
    ['auditorR', 'R', 'auditor', 'R'],
    ['editorR2', 'R2', 'editor', 'R2'],
  ];
  for (const [key, lives, role, on] of people) {
    const p = await t.makePerson({ unitId: unitIds[lives]!, roles: role ? [{ role, unitId: unitIds[on]! }] : [], name: key });
    const grants: Grant[] = role ? [{ role, unitId: unitIds[on]!, unitPath: unitPaths[on]! }] : [];
    pool.push({ key, id: p.id, client: await t.as(p.login), facts: { personId: p.id, unitId: unitIds[lives]!, grants } });
  }
  const eds: Client[] = [];
  for (let i = 0; i < 3; i++) eds.push(await t.as((await t.makePerson({ unitId: r.id, roles: [{ role: 'editor', unitId: r.id }] })).login));
  item = await acceptedItem(t, pool.find((p) => p.key === 'corrU1')!.client, eds, { title: '属性测试稿件', body: '民警走访群众。', file: true });
  seriesIds = [];
  for (const [name, unit] of [['属性测试简报', 'R'], ['一所简报', 'U1']] as const) {
    const [row] = await t.db.insert(briefingSeries).values({ orgId: r.id, unitId: unitIds[unit]!, type: 'jianbao', mastheadName: name, issuerName: name }).returning();
    seriesIds.push({ id: row!.id, unitPath: unitPaths[unit]! });
  }
  composer = pool.find((p) => p.key === 'editorR')!.id;
}, 300_000);
afterAll(() => t?.close());

const UNIT_KEYS = ['R', 'U1', 'U2', 'U3'] as const;
const arbIssue = fc.record({
  series: fc.integer({ min: 0, max: 1 }),
  publish: fc.boolean(),
  restricted: fc.boolean(),
  people: fc.subarray([...Array(11).keys()], { maxLength: 3 }),
  units: fc.subarray([...UNIT_KEYS], { maxLength: 2 }),
  named: fc.boolean(),
});

let token = 0;

describe('restricted briefings: zero leaks', () => {
  it('every read path shows an issue exactly when the rule allows it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbIssue, { minLength: 1, maxLength: 3 }), async (specs) => {
        const made: { id: string; token: string; facts: Parameters<typeof mayOpenIssue>[1] }[] = [];
        const ctx = await ctxOf(t, composer);
        for (const spec of specs) {
          const tok = `令${++token}号`;
          const s = seriesIds[spec.series]!;
          const { id } = await createIssue(ctx, { seriesId: s.id, restricted: spec.restricted, kind: 'standalone', editorNote: `编者按${tok}` });
          await setIssueItems(ctx, id, { submissionIds: [item.id] });
          // People of the other organisation cannot be recipients: the pool's last person is left out.
          const recipientPeople = spec.people.map((i) => pool[i]!).filter((p) => p.key !== 'editorR2');
          await setDistribution(ctx, id, {
            recipients: [
              ...recipientPeople.map((p) => ({ part: 'send' as const, personId: p.id })),
              ...spec.units.map((u) => ({ part: 'issue' as const, unitId: unitIds[u]! })),
              ...(spec.named ? [{ part: 'report' as const, name: '区委' }] : []),
            ],
          });
          let status: 'draft' | 'published' = 'draft';
          if (spec.publish && (!spec.restricted || recipientPeople.length || spec.units.length)) {
            await publishBriefing(ctx, id);
            status = 'published';
          }
          made.push({
            id,
            token: tok,
            facts: { orgId, seriesUnitPath: s.unitPath, status, restricted: spec.restricted, recipientPersonIds: recipientPeople.map((p) => p.id), recipientUnitIds: spec.units.map((u) => unitIds[u]!) },
          });
        }
        for (const person of pool) {
          const c = person.client;
          const listed = new Set(((await c.get('/api/briefings?pageSize=200')).data?.items ?? []).map((x: { id: string }) => x.id));
          const notified = JSON.stringify((await c.get('/api/notifications')).data ?? {});
          const pctx = await ctxOf(t, person.id);
          for (const m of made) {
            const may = mayOpenIssue(person.facts, m.facts);
            const why = `${person.key} × ${JSON.stringify({ ...m.facts, recipientPersonIds: m.facts.recipientPersonIds.map((id) => pool.find((p) => p.id === id)?.key) })}`;
            expect(listed.has(m.id), `list: ${why}`).toBe(may);
            const found = ((await c.get(`/api/briefings?q=${encodeURIComponent(m.token)}`)).data?.items ?? []).map((x: { id: string }) => x.id);
            expect(found.includes(m.id), `search: ${why}`).toBe(may);
            expect((await c.get(`/api/briefings/${m.id}`)).status === 200, `detail: ${why}`).toBe(may);
            expect((await c.get(`/api/briefings/${m.id}/attachments/${item.attachmentId}`)).status === 200, `attachment: ${why}`).toBe(may);
            const exported = await loadBriefingDocument(pctx, m.id).then(
              () => true,
              () => false,
            );
            expect(exported, `export: ${why}`).toBe(may);
            if (notified.includes(m.id)) expect(may, `notification: ${why}`).toBe(true);
            if ((await c.get(`/api/briefings/${m.id}/receipts`)).status === 200) expect(may && person.facts.grants.some((g) => ['editor', 'leader'].includes(g.role)), `receipts: ${why}`).toBe(true);
          }
        }
      }),
      { numRuns: 12 },
    );
  }, 600_000);

  it('is not vacuous: among the runs some restricted issues were open to some and hidden from others', () => {
    expect(token).toBeGreaterThan(6);
  });
});
