/**
 * Authorization matrix entries for scoring (server/scoring; rules in scoring/access.ts). A rubric kept on
 * A ('own') is edited by the editors, leaders and administrators of A; one kept on B ('other') by
 * nobody of the run (they read scores in the organisation R, so they are told 403). Rankings, series
 * and rubrics are read across the organisation (A and B both lie under R): those routes are not scoped
 * by unit, and the rubric list's `leaks` checks that another organisation's rubric never shows.
 * Explanations and ledger entries are scoped: a unit's own staff or the office. Fixture rows are
 * written directly (test support may).
 */
import { eq } from 'drizzle-orm';
import type { Role } from '../../access/roles';
import { rubricToYaml } from '../../scoring/engine/rubric-text';
import { validateRubric, type Rubric } from '../../scoring/engine/rubric';
import { TEMPLATE_B } from '../../scoring/engine/templates';
import { scoringLedgerEntries, scoringLedgerEvidence, scoringRubrics, scoringRubricVersions } from '../../scoring/tables';
import type { Caller, MatrixCtx, MatrixEntries, MatrixRequest, Target } from './matrix';
import { pdfUpload } from './submissions';

const READERS = ['correspondent', 'unit_approver', 'editor', 'leader', 'admin'] as const satisfies readonly Role[];
const EDITORS = ['editor', 'leader', 'admin'] as const satisfies readonly Role[];
const RECORDERS = ['editor', 'leader'] as const satisfies readonly Role[];

function perCtx<T>(build: (m: MatrixCtx) => Promise<T>): (m: MatrixCtx) => Promise<T> {
  const memo = new WeakMap<MatrixCtx, Promise<T>>();
  return (m) => {
    let p = memo.get(m);
    if (!p) memo.set(m, (p = build(m)));
    return p;
  };
}

const B = (validateRubric(TEMPLATE_B) as { ok: true; rubric: Rubric }).rubric;

/** A rubric kept on a unit, with an adopted version 1 (template B) and, unless told, a valid draft 2. */
async function makeRubric(m: MatrixCtx, unitId: string, o: { draft?: boolean } = {}) {
  const now = m.t.clock();
  const [r] = await m.t.db.insert(scoringRubrics).values({ orgId: m.units.root.id, unitId, name: m.name('积分'), template: 'B', createdAt: now, updatedAt: now }).returning();
  const [v] = await m.t.db.insert(scoringRubricVersions).values({ rubricId: r!.id, number: 1, yaml: rubricToYaml(B), body: B, adoptedAt: now, createdAt: now, updatedAt: now }).returning();
  await m.t.db.update(scoringRubrics).set({ currentVersionId: v!.id }).where(eq(scoringRubrics.id, r!.id));
  if (o.draft ?? true) await m.t.db.insert(scoringRubricVersions).values({ rubricId: r!.id, number: 2, yaml: rubricToYaml(B), body: B, createdAt: now, updatedAt: now });
  return r!.id;
}

async function makeEntry(m: MatrixCtx, unitId: string) {
  const now = m.t.clock();
  const [e] = await m.t.db
    .insert(scoringLedgerEntries)
    .values({ orgId: m.units.root.id, unitId, kind: 'emergency_task', occurredOn: '2024-03-05', attrs: { title: '应急任务' }, evidenceUrl: 'https://example.gov.cn/e', createdAt: now, updatedAt: now })
    .returning();
  return e!.id;
}

/** Per target: a rubric on A / B, a unit below it, a ledger entry on it; a rubric of another organisation. */
const worldOf = perCtx(async (m) => {
  const out = {} as Record<Target, { rubric: string; unit: string; entry: string }>;
  for (const target of ['own', 'other'] as const) {
    const rubric = await makeRubric(m, m.unit(target).id);
    const unit = (await m.freshUnit(target)).id;
    out[target] = { rubric, unit, entry: await makeEntry(m, unit) };
  }
  const elsewhere = await m.t.makeRoot(m.name('别的组织'));
  const now = m.t.clock();
  await m.t.db.insert(scoringRubrics).values({ orgId: elsewhere.id, unitId: elsewhere.id, name: m.name('别的积分'), createdAt: now, updatedAt: now });
  return out;
});

async function upload(m: MatrixCtx, caller: Caller): Promise<string> {
  const up = pdfUpload();
  const res = await m.t.request('POST', '/api/scoring/ledger-evidence', { cookie: caller.cookie, body: up.body, headers: up.headers });
  if (res.status !== 200) throw new Error(`fixture upload: ${res.status} ${JSON.stringify(res.json)}`);
  return (res.data as { id: string }).id;
}

/** An evidence file claimed by the entry of each target, and one upload nobody claimed (its uploader is not a caller). */
const filesOf = perCtx(async (m) => {
  const w = await worldOf(m);
  const ed = await m.freshCaller('editor');
  const out = {} as Record<Target, string>;
  for (const target of ['own', 'other'] as const) {
    const id = await upload(m, ed);
    await m.t.db.update(scoringLedgerEvidence).set({ entryId: w[target].entry }).where(eq(scoringLedgerEvidence.id, id));
    out[target] = id;
  }
  return { ...out, pending: await upload(m, ed) };
});

async function rubricLeaks(m: MatrixCtx, data: unknown) {
  return ((data as { rubrics: { orgId: string; name: string }[] }).rubrics ?? []).filter((r) => r.orgId !== m.units.root.id).map((r) => r.name);
}

async function ledgerLeaks(m: MatrixCtx, data: unknown) {
  const out: string[] = [];
  for (const e of (data as { items: { id: string; unitId: string }[] }).items) if (!(await m.inOwn(e.unitId))) out.push(e.id);
  return out;
}

const emergency = (unitId: string) => ({ kind: 'emergency_task', unitId, title: '高质量完成防汛宣传应急任务', occurredOn: '2024-03-05', evidenceUrl: 'https://example.gov.cn/e' });

export const scoringMatrix: MatrixEntries = {
  'GET /api/scoring/rubrics': { allow: READERS, scoped: false, leaks: rubricLeaks, request: async (m) => (await worldOf(m), { url: '/api/scoring/rubrics' }) },
  'POST /api/scoring/rubrics': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: '/api/scoring/rubrics', body: { name: m.name('考核'), from: 'template_b', unitId: m.unit(target).id } }),
  },
  'GET /api/scoring/rubrics/:id': {
    allow: READERS,
    scoped: false,
    unscopedReason: 'rubrics are read across the organisation (seed 003 circulates rankings to every unit)',
    request: async (m, target) => ({ url: `/api/scoring/rubrics/${(await worldOf(m))[target].rubric}` }),
  },
  'PUT /api/scoring/rubrics/:id/draft': {
    allow: EDITORS,
    scoped: true,
    request: async (m, target) => ({ url: `/api/scoring/rubrics/${(await worldOf(m))[target].rubric}/draft`, body: { yaml: rubricToYaml(B) } }),
  },
  'POST /api/scoring/rubrics/:id/adopt': {
    allow: EDITORS,
    scoped: true,
    request: async (m, target) => ({ url: `/api/scoring/rubrics/${await makeRubric(m, m.unit(target).id)}/adopt` }),
  },
  'GET /api/scoring/rankings': {
    allow: READERS,
    scoped: false,
    unscopedReason: 'rankings are read across the organisation (seed 003 circulates rankings to every unit)',
    request: async (m, target) => ({ url: `/api/scoring/rankings?rubricId=${(await worldOf(m))[target].rubric}&period=2024-03` }),
  },
  'GET /api/scoring/explain': {
    allow: READERS,
    scoped: true,
    request: async (m, target) => {
      const w = (await worldOf(m))[target];
      return { url: `/api/scoring/explain?rubricId=${w.rubric}&period=2024-03&unitId=${w.unit}` };
    },
  },
  'GET /api/scoring/series': {
    allow: READERS,
    scoped: false,
    unscopedReason: 'totals are read across the organisation, as rankings are',
    request: async (m, target) => ({ url: `/api/scoring/series?rubricId=${(await worldOf(m))[target].rubric}&year=2024&by=quarter` }),
  },
  'POST /api/scoring/what-if': {
    allow: EDITORS,
    scoped: true,
    request: async (m, target) => ({ url: '/api/scoring/what-if', body: { rubricId: (await worldOf(m))[target].rubric, yaml: rubricToYaml(B), period: '2024-Q1' } }),
  },
  'GET /api/scoring/ledger': { allow: READERS, scoped: false, leaks: ledgerLeaks, request: async (m) => (await worldOf(m), { url: '/api/scoring/ledger?pageSize=200' }) },
  'POST /api/scoring/ledger': {
    allow: RECORDERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: '/api/scoring/ledger', body: emergency(m.unit(target).id) }),
  },
  'POST /api/scoring/ledger/:id/withdraw': {
    allow: RECORDERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/scoring/ledger/${await makeEntry(m, m.unit(target).id)}/withdraw`, body: { reason: '重复登记' } }),
  },
  'POST /api/scoring/ledger/:id/correct': {
    allow: RECORDERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => {
      const { unitId: _u, ...entry } = emergency(m.unit(target).id);
      return { url: `/api/scoring/ledger/${await makeEntry(m, m.unit(target).id)}/correct`, body: { reason: '日期登记有误', rev: 0, entry } };
    },
  },
  'POST /api/scoring/ledger-evidence': {
    allow: RECORDERS,
    scoped: false,
    unscopedReason: 'an upload belongs to its uploader (seen by nobody else) until an entry of their unit claims it',
    request: async (): Promise<MatrixRequest> => ({ url: '/api/scoring/ledger-evidence', ...pdfUpload() }),
  },
  'GET /api/scoring/ledger-evidence/:id': {
    allow: READERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/scoring/ledger-evidence/${(await filesOf(m))[target]}` }),
    hidden: async (m) => [{ url: `/api/scoring/ledger-evidence/${(await filesOf(m)).pending}` }],
  },
};
