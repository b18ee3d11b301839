/**
 * Authorization matrix entries for review: decisions, the queue, sensitivity, personal-data findings,
 * chains and notifications (see server/test/matrix/matrix.ts; factories in server/test/matrix/submissions.ts).
 *
 * A decision is gated by the route (submission.read), then by visibility (404 outside the caller's
 * subtree, and for other people's drafts), then by the review state machine, whose refusals
 * (review/not_your_stage, review/own_item, review/not_submitter …) are business answers: 403 with a
 * code of the domain, audited like every 403. Each caller decides an item at a step they hold.
 */
import { and, inArray, isNotNull } from 'drizzle-orm';
import type { Caller, MatrixCtx, MatrixEntries } from './matrix';
import { roleAssignments } from '../../org/tables';
import { READERS, editorsOf, findingOf, makeItem, perCtx, reaches, stepHeldBy, unseen, worldOf, type Item } from './submissions';
import { systemCtx } from '../../http/context';
import { linkOrganisations } from '../../org/links';
import { defaultChain } from '../../submissions/stages';
import { notifications } from '../../notifications/tables';

const RETURN = { type: 'return', comment: '请补充时间、地点' } as const;
/** A finding id for calls refused before any finding is looked up. */
const NO_FINDING = '00000000-0000-4000-8000-000000000000';

/** A fresh item of A at the step the caller holds (a unit approver: unit approval; a leader: sensitive approval; else 初审). */
const heldItem = (m: MatrixCtx, caller: Caller) => makeItem(m, 'own', { step: stepHeldBy(caller.role) });

/** The item of B at the step the caller would hold there: only visibility stands between them. */
async function heldInB(m: MatrixCtx, caller: Caller | null): Promise<Item> {
  const w = await worldOf(m);
  const step = stepHeldBy(caller?.role);
  return step === 'unit' ? w.b.lead : step === 'sensitive' ? w.b.sensitive : w.b.submitted;
}

async function queueLeaks(m: MatrixCtx, data: unknown, caller: Caller) {
  const list = (data as { items: { id: string; title: string }[] }).items;
  const bad = await unseen(m, caller, list.map((q) => q.id));
  return list.filter((q) => bad.has(q.id)).map((q) => q.title);
}

/** Results of a bulk decision on items the caller may not see must be "not found", with nothing done. */
async function bulkLeaks(m: MatrixCtx, data: unknown, caller: Caller) {
  const { results } = data as { results: { id: string; ok: boolean; errorCode?: string }[] };
  const bad = await unseen(m, caller, results.map((r) => r.id));
  return results.filter((r) => bad.has(r.id) && (r.ok || r.errorCode !== 'common/not_found'));
}

async function chainLeaks(m: MatrixCtx, data: unknown) {
  // The matrix callers hold their roles on A, below the organisation's top unit: chains belong to
  // organisations, so an administrator of A configures none and must be shown none.
  await worldOf(m); // another organisation has a chain of its own
  return data as unknown[];
}

async function notificationLeaks(m: MatrixCtx, data: unknown, caller: Caller) {
  // The answer does not name the recipient: look each notification up.
  const { items } = data as { items: { id: string }[] };
  if (!items.length) return [];
  const rows = await m.t.db.select({ id: notifications.id, personId: notifications.personId }).from(notifications).where(inArray(notifications.id, items.map((n) => n.id)));
  return rows.filter((n) => n.personId !== caller.person.id).map((n) => n.id);
}

/** Other people's notifications the call marked read (expected: none). */
async function markedForeign(m: MatrixCtx) {
  const w = await worldOf(m);
  return m.t.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(inArray(notifications.id, w.foreignNotificationIds), isNotNull(notifications.readAt)));
}

/** The matrix's organisation R has an upper office (the operator's link), so accepted items of A can be forwarded. */
const upperOfficeOf = perCtx(async (m) => {
  const upper = await m.t.makeRoot(m.name('上级机关'));
  const ctx = systemCtx({ database: m.t.database, config: m.t.config, clock: m.t.clock, actor: { via: 'cli', command: 'org link', operator: 'matrix' } });
  await linkOrganisations(ctx, { orgId: m.units.root.id, upperOrgId: upper.id, level: '市局' });
  return upper;
});

/** A new item of A accepted by the three editors of A (forwarding consumes it: an item goes up once). */
async function acceptedItemOfA(m: MatrixCtx) {
  const item = await makeItem(m, 'own', { step: 'first' });
  for (const editor of await editorsOf(m, 'own')) {
    const res = await m.t.request('POST', `/api/submissions/${item.id}/decision`, { cookie: editor.cookie, body: { type: 'pass' } });
    if (res.status !== 200) throw new Error(`fixture: pass: ${res.status} ${JSON.stringify(res.json)}`);
  }
  return item;
}

export const reviewMatrix: MatrixEntries = {
  'GET /api/review/queue': {
    allow: READERS,
    scoped: false,
    leaks: queueLeaks,
    request: async (m) => {
      await worldOf(m); // items of B wait at every step
      return { url: '/api/review/queue?pageSize=200' };
    },
  },
  'POST /api/submissions/:id/decision': {
    allow: READERS,
    scoped: true,
    otherRefusal: 'not_found',
    // A correspondent reads the items of A but holds no review step of the default chain.
    ok: (caller) => (caller?.role === 'correspondent' ? { status: 403, code: 'review/not_your_stage' } : undefined),
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      if (target === 'other') return { url: `/api/submissions/${(await heldInB(m, caller)).id}/decision`, body: RETURN };
      const id = reaches(caller, ['unit_approver', 'editor', 'leader']) ? (await heldItem(m, caller)).id : w.a.submitted.id;
      return { url: `/api/submissions/${id}/decision`, body: RETURN };
    },
    hidden: async (m) => [{ url: `/api/submissions/${(await worldOf(m)).a.foreignDraft.id}/decision`, body: RETURN }],
  },
  'POST /api/submissions/:id/forward': {
    allow: ['editor', 'leader'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target, caller) => {
      await upperOfficeOf(m);
      if (target === 'other') return { url: `/api/submissions/${(await worldOf(m)).b.submitted.id}/forward` };
      const id = reaches(caller, ['editor', 'leader']) ? (await acceptedItemOfA(m)).id : (await worldOf(m)).a.submitted.id;
      return { url: `/api/submissions/${id}/forward` };
    },
    hidden: async (m) => [{ url: `/api/submissions/${(await worldOf(m)).a.foreignDraft.id}/forward` }],
  },
  'POST /api/review/bulk': {
    allow: READERS,
    scoped: false,
    leaks: bulkLeaks,
    // One batch: an item the caller holds in A, one of B at the caller's step, another person's draft in A.
    request: async (m, _target, caller) => {
      const w = await worldOf(m);
      const mine = reaches(caller, ['unit_approver', 'editor', 'leader']) ? (await heldItem(m, caller)).id : w.a.submitted.id;
      return { url: '/api/review/bulk', body: { ids: [mine, (await heldInB(m, caller)).id, w.a.foreignDraft.id], decision: RETURN } };
    },
  },
  'PUT /api/submissions/:id/sensitivity': {
    allow: ['editor', 'leader'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      const body = { sensitive: true, sensitivity: 'misconduct' };
      if (target === 'other') return { url: `/api/submissions/${w.b.submitted.id}/sensitivity`, body };
      const id = reaches(caller, ['editor', 'leader']) ? (await makeItem(m, 'own', { step: 'first' })).id : w.a.submitted.id;
      return { url: `/api/submissions/${id}/sensitivity`, body };
    },
    hidden: async (m) => [{ url: `/api/submissions/${(await worldOf(m)).a.foreignDraft.id}/sensitivity`, body: { sensitive: true, sensitivity: 'misconduct' } }],
  },
  'POST /api/submissions/:id/findings/:findingId': {
    allow: ['editor'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      const body = { action: 'confirm', note: '已核实可公开' };
      if (target === 'other') return { url: `/api/submissions/${w.b.submitted.id}/findings/${await findingOf(m, w.b.submitted.id)}`, body };
      if (!reaches(caller, ['editor'])) return { url: `/api/submissions/${w.a.submitted.id}/findings/${NO_FINDING}`, body };
      const item = await makeItem(m, 'own', { step: 'first', finding: true });
      return { url: `/api/submissions/${item.id}/findings/${await findingOf(m, item.id)}`, body };
    },
    hidden: async (m) => [{ url: `/api/submissions/${(await worldOf(m)).a.foreignDraft.id}/findings/${NO_FINDING}`, body: { action: 'confirm' } }],
  },
  // An earlier version's raw text: editors of the item's unit only (audited); existence hidden elsewhere.
  'GET /api/submissions/:id/versions/:version/raw': {
    allow: ['editor'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => {
      const w = await worldOf(m);
      return { url: `/api/submissions/${target === 'other' ? w.b.submitted.id : w.a.submitted.id}/versions/1/raw` };
    },
    hidden: async (m) => [{ url: `/api/submissions/${(await worldOf(m)).a.foreignDraft.id}/versions/1/raw` }],
  },

  'GET /api/review/chains': { allow: ['admin'], scoped: false, leaks: chainLeaks, request: async () => ({ url: '/api/review/chains' }) },
  // A chain belongs to an organisation (a root unit), and the callers' grants are on A, below the root
  // R: 'own' is a new root on which the (fresh) caller also holds their role; 'other' is R.
  'PUT /api/review/chains': {
    allow: ['admin'],
    scoped: true,
    caller: 'fresh',
    request: async (m, target, caller) => {
      let rootUnitId = m.units.root.id;
      if (target === 'own' && caller) {
        rootUnitId = (await m.t.makeRoot(m.name('本机关'))).id;
        await m.t.db.insert(roleAssignments).values({ personId: caller.person.id, role: caller.role, unitId: rootUnitId, createdAt: m.t.clock() });
      }
      return { url: '/api/review/chains', body: { rootUnitId, kind: 'article', chain: defaultChain('article') } };
    },
  },

  'GET /api/notifications': {
    allow: 'signedIn',
    scoped: false,
    leaks: notificationLeaks,
    request: async (m) => {
      await worldOf(m); // other people have notifications
      return { url: '/api/notifications' };
    },
  },
  'POST /api/notifications/read': {
    allow: 'signedIn',
    scoped: false,
    leaks: async (m) => markedForeign(m),
    request: async (m) => ({ url: '/api/notifications/read', body: { ids: (await worldOf(m)).foreignNotificationIds } }),
  },
};
