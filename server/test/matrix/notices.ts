/** Authorization matrix entries for the scoring notices and appeals (see server/test/matrix/matrix.ts). */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { validateRubric } from '../../scoring/engine/rubric';
import { TEMPLATE_B } from '../../scoring/engine/templates';
import { scoringAppeals } from '../../scoring/appeals-tables';
import { scoringLedgerEntries, scoringRubrics, scoringRubricVersions } from '../../scoring/tables';
import type { MatrixCtx, MatrixEntries, Target } from './matrix';

const rubrics = new Map<Target, string>();

/** An adopted template-B rubric kept on A ('own') or B ('other'), made once per target. */
async function rubricOn(m: MatrixCtx, target: Target): Promise<string> {
  const have = rubrics.get(target);
  if (have) return have;
  const unit = m.unit(target);
  const v = validateRubric(TEMPLATE_B);
  if (!v.ok) throw new Error('template B is invalid');
  const now = m.t.clock();
  const id = randomUUID();
  const versionId = randomUUID();
  await m.t.db.insert(scoringRubrics).values({ id, orgId: m.units.root.id, unitId: unit.id, name: m.name('积分'), template: 'B', createdAt: now, updatedAt: now });
  await m.t.db.insert(scoringRubricVersions).values({ id: versionId, rubricId: id, number: 1, yaml: 'adopted in the matrix fixture', body: v.rubric, createdAt: now, updatedAt: now, adoptedAt: now });
  await m.t.db.update(scoringRubrics).set({ currentVersionId: versionId }).where(eq(scoringRubrics.id, id));
  rubrics.set(target, id);
  return id;
}

/** A fresh active ledger entry (a violation, March 2024) on a new unit under A or B: what an appeal contests. */
async function ledgerEntryIn(m: MatrixCtx, target: Target): Promise<string> {
  const unit = await m.freshUnit(target);
  const now = m.t.clock();
  const id = randomUUID();
  await m.t.db.insert(scoringLedgerEntries).values({ id, orgId: m.units.root.id, unitId: unit.id, kind: 'violation', occurredOn: '2024-03-20', attrs: { violation: 'criticism', negative_coverage: false }, evidenceUrl: 'https://example.gov.cn/1', createdAt: now, updatedAt: now });
  return id;
}

/** A pending appeal on a fresh ledger entry under the rubric kept on A or B. */
async function appealOn(m: MatrixCtx, target: Target): Promise<string> {
  const rubricId = await rubricOn(m, target);
  const sourceId = await ledgerEntryIn(m, target);
  const [entry] = await m.t.db.select().from(scoringLedgerEntries).where(eq(scoringLedgerEntries.id, sourceId));
  const id = randomUUID();
  const now = m.t.clock();
  await m.t.db.insert(scoringAppeals).values({ id, orgId: m.units.root.id, rubricId, period: '2024-03', unitId: entry!.unitId, source: 'ledger', sourceId, reason: '申诉', evidence: '材料', filedBy: m.member(target).id, filedAt: now, createdAt: now, updatedAt: now });
  return id;
}

export const noticesMatrix: MatrixEntries = {
  'GET /api/scoring/appeals': {
    allow: ['correspondent', 'unit_approver', 'editor', 'leader', 'admin'],
    scoped: false,
    leaks: async (m, data) => {
      const out: string[] = [];
      for (const a of (data as { appeals: { id: string; unitId: string }[] }).appeals) if (!(await m.inOwn(a.unitId))) out.push(a.id);
      return out;
    },
    request: async (m) => {
      await appealOn(m, 'other');
      return { url: `/api/scoring/appeals?rubricId=${await rubricOn(m, 'own')}` };
    },
  },
  'POST /api/scoring/appeals': {
    allow: ['correspondent', 'unit_approver', 'editor', 'leader', 'admin'],
    scoped: true,
    otherRefusal: 'not_found',
    ok: (caller) =>
      caller?.role === 'correspondent'
        ? { status: 403, code: 'auth/forbidden', reason: 'a correspondent sees the unit’s items but does not speak for the unit (approvers, editors, leaders do)' }
        : caller?.role === 'admin'
          ? { status: 404, code: 'common/not_found' }
          : undefined,
    request: async (m, target) => ({
      url: '/api/scoring/appeals',
      body: { rubricId: await rubricOn(m, target), period: '2024-03', source: 'ledger', sourceId: await ledgerEntryIn(m, target), reason: '未引发负面舆情', evidence: '材料' },
    }),
  },
  'POST /api/scoring/appeals/:id/accept': {
    allow: ['editor', 'leader'],
    scoped: true,
    request: async (m, target) => ({ url: `/api/scoring/appeals/${await appealOn(m, target)}/accept`, body: { action: 'withdraw', reason: '属实' } }),
  },
  'POST /api/scoring/appeals/:id/reject': {
    allow: ['editor', 'leader'],
    scoped: true,
    request: async (m, target) => ({ url: `/api/scoring/appeals/${await appealOn(m, target)}/reject`, body: { reason: '不属实' } }),
  },
  'GET /api/scoring/notices/:kind': {
    allow: ['editor', 'leader', 'admin'],
    scoped: true,
    request: async (m, target) => ({ url: `/api/scoring/notices/quarterly_ranking?rubricId=${await rubricOn(m, target)}&period=2024-Q1&format=xlsx` }),
  },
};
