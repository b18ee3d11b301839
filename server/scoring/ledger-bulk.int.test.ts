/** The bulk ledger upsert the interchange import will call: created, unchanged on a second run, corrected with a revision. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemCtx } from '../http/context';
import { createTestApp, type TestApp } from '../test/app';
import { upsertLedgerEntriesForImport, type BulkLedgerItem } from './ledger-bulk';
import { scoringLedgerEntries, scoringLedgerRevisions } from './tables';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

it('creates, leaves unchanged and corrects by external code', async () => {
  const root = await t.makeRoot('台账导入测试局');
  const u = await t.makeUnit(root.id, '城一所', 'police_station');
  const ctx = systemCtx({ database: t.database, config: t.config, actor: { via: 'server', task: 'test' }, clock: t.clock });
  const item: BulkLedgerItem = { externalCode: 'V-1', unitId: u.id, kind: 'violation', occurredOn: '2024-03-05', month: null, personId: null, attrs: { violation: 'criticism', negative_coverage: true }, note: null, evidenceUrl: null };
  const run = (items: BulkLedgerItem[]) => ctx.db.transaction((tx) => upsertLedgerEntriesForImport(ctx, tx, root.id, items, '导入更正'));
  expect(await run([item])).toEqual({ created: 1, corrected: 0, unchanged: 0, refused: [] });
  expect(await run([item])).toEqual({ created: 0, corrected: 0, unchanged: 1, refused: [] });
  expect(await run([{ ...item, occurredOn: '2024-03-06' }])).toEqual({ created: 0, corrected: 1, unchanged: 0, refused: [] });
  const [row] = await ctx.db.select().from(scoringLedgerEntries).where(eq(scoringLedgerEntries.externalCode, 'V-1'));
  expect(row).toMatchObject({ occurredOn: '2024-03-06', rev: 1 });
  const revs = await ctx.db.select().from(scoringLedgerRevisions).where(eq(scoringLedgerRevisions.entryId, row!.id));
  expect(revs.map((r) => r.reason)).toEqual(['导入更正']);
  expect(await run([{ ...item, kind: 'emergency_task', attrs: { title: 'x' } }])).toMatchObject({ refused: [{ index: 0, reason: 'other_unit_or_kind' }] });
});
