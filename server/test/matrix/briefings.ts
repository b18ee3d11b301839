/**
 * Authorization matrix entries for briefings (server/briefings). A series of A ('own') is edited by the
 * editors and leaders of A; a series of B ('other') by nobody of the run (its drafts and restricted
 * issues are hidden: 404). Published, unrestricted issues are read across the organisation (A and B
 * both lie under R), so the read routes are not scoped by unit; `hidden` proves that a draft and a
 * restricted issue of B stay invisible, and the list's `leaks` checks every row against the rule
 * (briefings/access.ts mayOpenIssue). Fixture rows are written directly (test support may).
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Role } from '../../access/roles';
import { mayOpenIssue } from '../../briefings/access';
import { briefingIssues, briefingItems, briefingRecipients, briefingSeries } from '../../briefings/tables';
import { submissions } from '../../submissions/tables';
import { units } from '../../org/tables';
import type { Caller, MatrixCtx, MatrixEntries, Target } from './matrix';
import { makeItem } from './submissions';

const READERS = ['correspondent', 'unit_approver', 'editor', 'leader'] as const satisfies readonly Role[];
const EDITORS = ['editor', 'leader'] as const satisfies readonly Role[];

function perCtx<T>(build: (m: MatrixCtx) => Promise<T>): (m: MatrixCtx) => Promise<T> {
  const memo = new WeakMap<MatrixCtx, Promise<T>>();
  return (m) => {
    let p = memo.get(m);
    if (!p) {
      p = build(m);
      memo.set(m, p);
    }
    return p;
  };
}

/** One series per target, and one accepted item of A (with a file) to compose with. */
const worldOf = perCtx(async (m) => {
  const series: Record<Target, string> = { own: '', other: '' };
  for (const target of ['own', 'other'] as const) {
    const [row] = await m.t.db
      .insert(briefingSeries)
      .values({ orgId: m.units.root.id, unitId: m.unit(target).id, type: 'jianbao', mastheadName: m.name('矩阵简报'), issuerName: '办公室' })
      .returning();
    series[target] = row!.id;
  }
  const item = await makeItem(m, 'own', { step: 'first', attachment: true });
  await m.t.db.update(submissions).set({ status: 'adopted', adoptedAt: m.t.clock() }).where(eq(submissions.id, item.id));
  return { series, item };
});

let numbers = 1000;

/** An issue of the target's series, written directly: a draft (with the item) or published. */
async function makeIssue(m: MatrixCtx, target: Target, o: { published?: boolean; restricted?: boolean; withItem?: boolean; recipientUnit?: string } = {}) {
  const w = await worldOf(m);
  const id = randomUUID();
  const by = m.callers.editor.person.id;
  await m.t.db.insert(briefingIssues).values({
    id,
    seriesId: w.series[target],
    orgId: m.units.root.id,
    status: o.published ? 'published' : 'draft',
    restricted: o.restricted ?? false,
    kind: 'standalone',
    createdBy: by,
    ...(o.published ? { year: 2026, number: ++numbers, issueDate: '2026-03-01', publishedAt: m.t.clock(), publishedBy: by } : {}),
  });
  if (o.withItem ?? true) await m.t.db.insert(briefingItems).values({ issueId: id, submissionId: w.item.id, position: 0, version: 1, title: '矩阵稿件', body: '正文', source: '' });
  if (o.recipientUnit) await m.t.db.insert(briefingRecipients).values({ issueId: id, part: 'issue', position: 0, unitId: o.recipientUnit, name: '单位' });
  return id;
}

/** Issues of B the run's callers (all in A) must never see: a draft and a restricted issue sent to B only. */
const hiddenOf = perCtx(async (m) => ({
  draft: await makeIssue(m, 'other'),
  restricted: await makeIssue(m, 'other', { published: true, restricted: true, recipientUnit: m.units.b.id }),
}));

/** Rows of a list the caller may not open by the rule. */
async function issueLeaks(m: MatrixCtx, data: unknown, caller: Caller) {
  const ids = ((data as { items: { id: string }[] }).items ?? []).map((i) => i.id);
  if (!ids.length) return [];
  const rows = await m.t.db
    .select({ i: briefingIssues, path: units.path })
    .from(briefingIssues)
    .innerJoin(briefingSeries, eq(briefingSeries.id, briefingIssues.seriesId))
    .innerJoin(units, eq(units.id, briefingSeries.unitId))
    .where(inArray(briefingIssues.id, ids));
  const recips = await m.t.db.select().from(briefingRecipients).where(inArray(briefingRecipients.issueId, ids));
  const reader = { personId: caller.person.id, unitId: m.units.a.id, grants: [{ role: caller.role, unitId: m.units.a.id, unitPath: m.units.a.path }] };
  return rows
    .filter(
      ({ i, path }) =>
        !mayOpenIssue(reader, {
          orgId: i.orgId,
          seriesUnitPath: path,
          status: i.status,
          restricted: i.restricted,
          recipientPersonIds: recips.filter((r) => r.issueId === i.id && r.personId).map((r) => r.personId!),
          recipientUnitIds: recips.filter((r) => r.issueId === i.id && r.unitId).map((r) => r.unitId!),
        }),
    )
    .map(({ i }) => i.id);
}

const hiddenIssueUrls = async (m: MatrixCtx, rest = '') => {
  const h = await hiddenOf(m);
  return [{ url: `/api/briefings/${h.draft}${rest}` }, { url: `/api/briefings/${h.restricted}${rest}` }];
};

export const briefingsMatrix: MatrixEntries = {
  'GET /api/briefing-series': {
    allow: 'signedIn',
    scoped: false,
    request: async (m) => {
      await worldOf(m);
      return { url: '/api/briefing-series' };
    },
  },
  'POST /api/briefing-series': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: '/api/briefing-series', body: { unitId: m.unit(target).id, type: 'jianbao', mastheadName: m.name('新刊物'), issuerName: '办公室' } }),
  },
  'PATCH /api/briefing-series/:id': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/briefing-series/${(await worldOf(m)).series[target]}`, body: { issuerName: '办公室' } }),
  },
  'GET /api/briefings': {
    allow: READERS,
    scoped: false,
    leaks: issueLeaks,
    request: async (m) => {
      await hiddenOf(m);
      await makeIssue(m, 'own');
      await makeIssue(m, 'other', { published: true });
      return { url: '/api/briefings?pageSize=200' };
    },
  },
  'GET /api/briefings/:id': {
    allow: READERS,
    scoped: false,
    unscopedReason: 'a published issue is read across its organisation; drafts and restricted issues are checked by hidden and by briefings/access.property.int.test.ts',
    request: async (m, target) => ({ url: `/api/briefings/${await makeIssue(m, target, { published: true })}` }),
    hidden: (m) => hiddenIssueUrls(m),
  },
  'GET /api/briefings/:id/attachments/:attachmentId': {
    allow: READERS,
    scoped: false,
    unscopedReason: 'the files of a published issue are read across its organisation; drafts and restricted issues are checked by hidden',
    request: async (m, target) => ({ url: `/api/briefings/${await makeIssue(m, target, { published: true })}/attachments/${(await worldOf(m)).item.attachmentId}` }),
    hidden: async (m) => hiddenIssueUrls(m, `/attachments/${(await worldOf(m)).item.attachmentId}`),
  },
  'GET /api/briefings/:id/docx': {
    allow: READERS,
    scoped: false,
    unscopedReason: 'a published issue is read across its organisation; drafts and restricted issues are checked by hidden',
    request: async (m, target) => ({ url: `/api/briefings/${await makeIssue(m, target, { published: true })}/docx` }),
    hidden: (m) => hiddenIssueUrls(m, '/docx'),
  },
  'GET /api/briefings/:id/receipts': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/briefings/${target === 'own' ? await makeIssue(m, 'own', { published: true }) : (await hiddenOf(m)).draft}/receipts` }),
  },
  'GET /api/briefing-candidates': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/briefing-candidates?issueId=${await makeIssue(m, target, { withItem: false })}` }),
  },
  'GET /api/briefing-recipients': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/briefing-recipients?seriesId=${(await worldOf(m)).series[target]}` }),
  },
  'POST /api/briefings': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: '/api/briefings', body: { seriesId: (await worldOf(m)).series[target] } }),
  },
  'PATCH /api/briefings/:id': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/briefings/${await makeIssue(m, target)}`, body: { editorNote: '编者按' } }),
  },
  'DELETE /api/briefings/:id': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/briefings/${await makeIssue(m, target)}` }),
  },
  'PUT /api/briefings/:id/items': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/briefings/${await makeIssue(m, target, { withItem: false })}/items`, body: { submissionIds: [(await worldOf(m)).item.id] } }),
  },
  'PUT /api/briefings/:id/items/:submissionId': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/briefings/${await makeIssue(m, target)}/items/${(await worldOf(m)).item.id}`, body: { title: '改后标题', body: '改后正文' } }),
  },
  'PUT /api/briefings/:id/distribution': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/briefings/${await makeIssue(m, target)}/distribution`, body: { recipients: [{ part: 'issue', unitId: m.units.a.id }, { part: 'report', name: '区委、区政府分管领导同志' }] } }),
  },
  'POST /api/briefings/:id/publish': {
    allow: EDITORS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/briefings/${await makeIssue(m, target)}/publish` }),
  },
};
