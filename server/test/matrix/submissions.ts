/**
 * Authorization matrix entries for submissions, attachments and cases (see server/test/matrix/matrix.ts),
 * and the factories the review entries share (server/test/matrix/review.ts).
 *
 * Who may see what (access.ts): a draft only its author; a submitted item anyone holding
 * submission.read on the item's unit subtree; anything else is 404 (existence hidden). A case is
 * used only inside the caller's case.manage scope. The callers of the run live in A with their role
 * granted on A; items are written by correspondents of A or B through the real API.
 */
import type { Method } from '../../http/route';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Caller, MatrixCtx, MatrixEntries, MatrixRequest, Target } from './matrix';
import type { Role } from '../../access/roles';
import { defaultChain } from '../../submissions/stages';
import { notifications } from '../../notifications/tables';
import { reviewChains } from '../../submissions/tables';
import { cases, personalDataFindings, submissions } from '../../submissions/tables';

export const READERS = ['correspondent', 'unit_approver', 'editor', 'leader'] as const satisfies readonly Role[];
const WRITERS = ['correspondent'] as const satisfies readonly Role[];
const CASE_MANAGERS = ['correspondent', 'editor', 'leader'] as const satisfies readonly Role[];

/** Memoizes one value per matrix context (the fixtures of one test file). */
export function perCtx<T>(build: (m: MatrixCtx) => Promise<T>): (m: MatrixCtx) => Promise<T> {
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

/** A new person holding `role` on A or B (living there), signed in with a session of their own. */
async function signedInHolder(m: MatrixCtx, target: Target, role: Role): Promise<Caller> {
  if (target === 'own') return m.freshCaller(role);
  const person = await m.freshPerson('other', { roles: [role] });
  const { res, cookie } = await m.t.signIn(person.login);
  if (res.status !== 200 || !cookie) throw new Error(`sign-in as ${role} in B failed: ${JSON.stringify(res.json)}`);
  return { role, person, cookie };
}

/** The people who write and move the items the entries act on (none of them is a caller of the run). */
const castOf = perCtx(async (m) => {
  const [authorA, authorB] = [await signedInHolder(m, 'own', 'correspondent'), await signedInHolder(m, 'other', 'correspondent')];
  const editors: Record<Target, Caller[]> = { own: [], other: [] };
  for (const target of ['own', 'other'] as const) for (let i = 0; i < 3; i++) editors[target].push(await signedInHolder(m, target, 'editor'));
  return { author: { own: authorA, other: authorB } as Record<Target, Caller>, editors };
});

/** The three editors of A ('own') or B ('other') who move items through the default chain (not callers of the run). */
export async function editorsOf(m: MatrixCtx, target: Target): Promise<Caller[]> {
  return (await castOf(m)).editors[target];
}

/** Calls the API as someone and returns the data; any refusal is a broken fixture. */
async function api(m: MatrixCtx, caller: Caller, method: string, url: string, body?: unknown, headers?: Record<string, string>) {
  const res = await m.t.request(method as Method, url, { cookie: caller.cookie, ...(body !== undefined ? { body } : method === 'GET' ? {} : { body: {} }), ...(headers ? { headers } : {}) });
  if (res.status < 200 || res.status >= 300) throw new Error(`fixture: ${method} ${url} as ${caller.role}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.data;
}

/** A multipart/form-data body with one small PDF (different bytes each time) in the field `file`. */
export function pdfUpload(): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----xuanbao${randomUUID().replace(/-/g, '')}`;
  const pdf = Buffer.from(`%PDF-1.4\n% ${randomUUID()}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="材料.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, pdf, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Where an item is: a draft, or submitted and waiting at unit approval (a news lead), at the first
 * review stage (初审), or at the sensitive approval after three editors passed it.
 */
export type Step = 'draft' | 'unit' | 'first' | 'sensitive';
export type Item = { id: string; attachmentId: string | null };

/**
 * A real item in A ('own') or B ('other'), written by `author` (default: a correspondent of that unit
 * who is not a caller of the run) through the API. The text is short (no near-duplicate flags);
 * `finding` adds a mobile number (one open personal-data finding once submitted).
 */
export async function makeItem(
  m: MatrixCtx,
  target: Target,
  o: { step?: Step; author?: Caller; attachment?: boolean; finding?: boolean; title?: string; caseId?: string } = {},
): Promise<Item> {
  const cast = await castOf(m);
  const author = o.author ?? cast.author[target];
  const step = o.step ?? 'draft';
  const token = randomUUID().slice(0, 8);
  const created = await api(m, author, 'POST', '/api/submissions', {
    kind: step === 'unit' ? 'lead' : 'briefing_item',
    unitId: m.unit(target).id,
    title: o.title ?? `矩阵稿件-${token}`,
    body: `走访宣传${token}${o.finding ? '联系电话13812345678' : ''}`,
    ...(step === 'unit' ? { situationNote: '可公开报道' } : {}),
    ...(step === 'sensitive' ? { sensitive: true, sensitivity: 'misconduct' } : {}),
    ...(o.caseId ? { caseId: o.caseId } : {}),
  });
  const id = (created as { id: string }).id;
  let attachmentId: string | null = null;
  if (o.attachment) {
    const up = pdfUpload();
    attachmentId = ((await api(m, author, 'POST', `/api/submissions/${id}/attachments?purpose=material`, up.body, up.headers)) as { id: string }).id;
  }
  if (step !== 'draft') await api(m, author, 'POST', `/api/submissions/${id}/submit`);
  if (step === 'sensitive') for (const editor of cast.editors[target]) await api(m, editor, 'POST', `/api/submissions/${id}/decision`, { type: 'pass' });
  return { id, attachmentId };
}

/** A case of A or B, written directly (its protected names: 赵某某). */
export async function makeCase(m: MatrixCtx, target: Target): Promise<{ id: string }> {
  const now = m.t.clock();
  const [c] = await m.t.db
    .insert(cases)
    .values({ unitId: m.unit(target).id, title: m.name('矩阵案件'), protectedNames: ['赵某某'], createdBy: m.member(target).id, createdAt: now, updatedAt: now })
    .returning({ id: cases.id });
  return c!;
}

/** The open personal-data finding of an item (made with `finding: true`). */
export async function findingOf(m: MatrixCtx, itemId: string): Promise<string> {
  const [f] = await m.t.db
    .select({ id: personalDataFindings.id })
    .from(personalDataFindings)
    .where(and(eq(personalDataFindings.submissionId, itemId), eq(personalDataFindings.status, 'open')));
  if (!f) throw new Error('fixture: the item has no open finding');
  return f.id;
}

/**
 * Things every entry may look at but that no allowed call consumes: items of A and B in several
 * states (titles carry `token`, so one search finds them all), a case in each unit, the chain of
 * another organisation, and notifications of people who are not callers.
 */
export const worldOf = perCtx(async (m) => {
  const token = m.name('矩阵世界');
  const title = (n: string) => `${token}-${n}`;
  const a = {
    submitted: await makeItem(m, 'own', { step: 'first', attachment: true, title: title('甲已报送') }),
    /** Another correspondent's draft in A: hidden from everyone but its author. */
    foreignDraft: await makeItem(m, 'own', { attachment: true, title: title('甲他人草稿') }),
    /** The shared correspondent caller's own draft. */
    myDraft: await makeItem(m, 'own', { author: m.callers.correspondent, attachment: true, title: title('甲本人草稿') }),
  };
  const b = {
    submitted: await makeItem(m, 'other', { step: 'first', attachment: true, finding: true, title: title('乙已报送') }),
    lead: await makeItem(m, 'other', { step: 'unit', title: title('乙线索') }),
    sensitive: await makeItem(m, 'other', { step: 'sensitive', title: title('乙敏感') }),
    draft: await makeItem(m, 'other', { title: title('乙草稿') }),
  };
  const caseA = await makeCase(m, 'own');
  const caseB = await makeCase(m, 'other');

  const otherRoot = await m.t.makeRoot(m.name('另一机关'));
  const now = m.t.clock();
  await m.t.db
    .insert(reviewChains)
    .values({ rootUnitId: otherRoot.id, kind: 'article', chain: defaultChain('article') as unknown as Record<string, unknown>, updatedBy: m.member('other').id, updatedAt: now });
  const foreign = await m.t.db
    .insert(notifications)
    .values([
      { personId: m.member('own').id, subjectType: 'submission', subjectId: a.submitted.id, type: 'review.waiting', data: {}, createdAt: now },
      { personId: m.member('other').id, subjectType: 'submission', subjectId: b.submitted.id, type: 'review.returned', data: {}, createdAt: now },
    ])
    .returning({ id: notifications.id });
  return { token, a, b, caseA, caseB, otherRootId: otherRoot.id, foreignNotificationIds: foreign.map((n) => n.id) };
});

/** The step an item must be at for `role` to hold it (default chain): unit approval, 初审, sensitive approval. */
export function stepHeldBy(role: Role | undefined): Step {
  return role === 'unit_approver' ? 'unit' : role === 'leader' ? 'sensitive' : 'first';
}

/** Whether the caller is one of `roles` (the run also calls as roles the route refuses, and anonymously). */
export function reaches(caller: Caller | null, roles: readonly Role[]): caller is Caller {
  return !!caller && roles.includes(caller.role);
}

/** A new draft (with one file) written by the caller, a correspondent of A. */
async function draftOfCaller(m: MatrixCtx, caller: Caller): Promise<Item> {
  return makeItem(m, 'own', { author: caller, attachment: true });
}

/** Items of an answer that the caller may not see: of a unit outside A's subtree, or another person's draft. */
export async function unseen(m: MatrixCtx, caller: Caller, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await m.t.db
    .select({ id: submissions.id, unitId: submissions.unitId, status: submissions.status, submittedAt: submissions.submittedAt, createdBy: submissions.createdBy })
    .from(submissions)
    .where(inArray(submissions.id, ids));
  const out = new Set<string>();
  for (const r of rows) {
    const othersDraft = !r.submittedAt && r.createdBy !== caller.person.id;
    if (othersDraft || !(await m.inOwn(r.unitId))) out.add(r.id);
  }
  return out;
}

async function submissionListLeaks(m: MatrixCtx, data: unknown, caller: Caller) {
  const { items } = data as { items: { id: string; title: string }[] };
  const bad = await unseen(m, caller, items.map((i) => i.id));
  const out: string[] = items.filter((i) => bad.has(i.id)).map((i) => i.title);
  // The search must find what the caller does see, or "nothing leaked" would prove nothing.
  const w = await worldOf(m);
  const must = [w.a.submitted.id, ...(caller.person.id === m.callers.correspondent.person.id ? [w.a.myDraft.id] : [])];
  for (const id of must) if (!items.some((i) => i.id === id)) out.push(`(not listed, though visible: ${id})`);
  return out;
}

async function caseLeaks(m: MatrixCtx, data: unknown) {
  const list = data as { id: string; title: string; unitId: string }[];
  const out: string[] = [];
  for (const c of list) if (!(await m.inOwn(c.unitId))) out.push(c.title);
  const w = await worldOf(m);
  if (!list.some((c) => c.id === w.caseA.id)) out.push(`(not listed, though visible: ${w.caseA.id})`);
  return out;
}

const itemUrl = (id: string, rest = '') => `/api/submissions/${id}${rest}`;

export const submissionsMatrix: MatrixEntries = {
  'GET /api/submission-kinds': { allow: 'signedIn', scoped: false, request: async () => ({ url: '/api/submission-kinds' }) },

  'GET /api/submissions': {
    allow: READERS,
    scoped: false,
    leaks: submissionListLeaks,
    request: async (m) => ({ url: `/api/submissions?q=${encodeURIComponent((await worldOf(m)).token)}&pageSize=200` }),
  },
  // 报送总览's spreadsheet: the list's filters; a unit outside the caller's scope is refused as unknown.
  'GET /api/submissions/export': {
    allow: READERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/submissions/export?q=${encodeURIComponent((await worldOf(m)).token)}&unitId=${m.unit(target).id}` }),
  },
  'GET /api/submissions/:id': {
    allow: READERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      if (target === 'other') return { url: itemUrl(w.b.submitted.id) };
      // The author sees their own draft; every reader of A sees a submitted item of A.
      return { url: itemUrl(caller?.person.id === m.callers.correspondent.person.id ? w.a.myDraft.id : w.a.submitted.id) };
    },
    hidden: async (m) => [{ url: itemUrl((await worldOf(m)).a.foreignDraft.id) }],
  },
  'POST /api/submissions': {
    allow: WRITERS,
    scoped: true,
    request: async (m, target) => ({
      url: '/api/submissions',
      body: { kind: 'briefing_item', unitId: m.unit(target).id, title: m.name('新稿'), ...(target === 'own' ? { caseId: (await worldOf(m)).caseA.id } : {}) },
    }),
    // A case of another unit: naming it would show its title on the item and test text against its protected names.
    hidden: async (m) => [{ url: '/api/submissions', body: { kind: 'briefing_item', unitId: m.unit('own').id, title: m.name('新稿'), caseId: (await worldOf(m)).caseB.id } }],
  },
  'PUT /api/submissions/:id/draft': {
    allow: WRITERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      const body = { title: m.name('改稿'), caseId: w.caseA.id };
      if (target === 'other') return { url: itemUrl(w.b.draft.id, '/draft'), body };
      const id = reaches(caller, WRITERS) ? (await draftOfCaller(m, caller)).id : w.a.myDraft.id;
      return { url: itemUrl(id, '/draft'), body };
    },
    hidden: async (m, caller) => {
      const w = await worldOf(m);
      return [
        { url: itemUrl(w.a.foreignDraft.id, '/draft'), body: { title: m.name('改稿') } },
        { url: itemUrl((await draftOfCaller(m, caller)).id, '/draft'), body: { caseId: w.caseB.id } },
      ];
    },
  },
  'POST /api/submissions/:id/submit': {
    allow: WRITERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      if (target === 'other') return { url: itemUrl(w.b.draft.id, '/submit') };
      return { url: itemUrl(reaches(caller, WRITERS) ? (await draftOfCaller(m, caller)).id : w.a.myDraft.id, '/submit') };
    },
    hidden: async (m) => [{ url: itemUrl((await worldOf(m)).a.foreignDraft.id, '/submit') }],
  },
  'POST /api/submissions/:id/withdraw': {
    allow: WRITERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      if (target === 'other') return { url: itemUrl(w.b.submitted.id, '/withdraw') };
      return { url: itemUrl(reaches(caller, WRITERS) ? (await makeItem(m, 'own', { author: caller, step: 'first' })).id : w.a.submitted.id, '/withdraw') };
    },
    hidden: async (m) => [{ url: itemUrl((await worldOf(m)).a.foreignDraft.id, '/withdraw') }],
  },
  'DELETE /api/submissions/:id': {
    allow: WRITERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      if (target === 'other') return { url: itemUrl(w.b.draft.id) };
      return { url: itemUrl(reaches(caller, WRITERS) ? (await draftOfCaller(m, caller)).id : w.a.myDraft.id) };
    },
    hidden: async (m) => [{ url: itemUrl((await worldOf(m)).a.foreignDraft.id) }],
  },
  // The live check as the correspondent types: a case names the protected names to look for.
  'POST /api/submissions/check': {
    allow: WRITERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => {
      const w = await worldOf(m);
      return { url: '/api/submissions/check', body: { title: '走访', body: '赵某某来电反映情况', caseId: target === 'own' ? w.caseA.id : w.caseB.id } };
    },
  },
  // The live duplicate check of the caller's own draft as they type.
  'POST /api/submissions/:id/duplicates-check': {
    allow: WRITERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      const body = { title: '走访', body: '城关派出所民警走访辖区群众，了解社情民意，听取意见建议。' };
      if (target === 'other') return { url: itemUrl(w.b.draft.id, '/duplicates-check'), body };
      return { url: itemUrl(reaches(caller, WRITERS) ? (await draftOfCaller(m, caller)).id : w.a.myDraft.id, '/duplicates-check'), body };
    },
    hidden: async (m) => [{ url: itemUrl((await worldOf(m)).a.foreignDraft.id, '/duplicates-check'), body: { title: '', body: '' } }],
  },

  'POST /api/submissions/:id/attachments': {
    allow: READERS,
    scoped: true,
    otherRefusal: 'not_found',
    ok: (caller) =>
      caller?.role === 'unit_approver'
        ? { status: 403, code: 'auth/forbidden', reason: 'files are added by the author (material, while editable) or a reviewer of the unit (response plan); a unit approver is neither' }
        : undefined,
    request: async (m, target, caller): Promise<MatrixRequest> => {
      const w = await worldOf(m);
      const up = pdfUpload();
      const send = (id: string, purpose: 'material' | 'response_plan') => ({ url: itemUrl(id, `/attachments?purpose=${purpose}`), ...up });
      if (target === 'other') return send(w.b.submitted.id, 'response_plan');
      if (reaches(caller, WRITERS)) return send((await draftOfCaller(m, caller)).id, 'material');
      // Editors and leaders attach the response plan (三同步) to an item under review.
      if (reaches(caller, ['editor', 'leader'])) return send((await makeItem(m, 'own', { step: 'first' })).id, 'response_plan');
      return send(w.a.submitted.id, 'response_plan');
    },
    hidden: async (m) => {
      const up = pdfUpload();
      return [{ url: itemUrl((await worldOf(m)).a.foreignDraft.id, '/attachments?purpose=material'), ...up }];
    },
  },
  'DELETE /api/submissions/:id/attachments/:attachmentId': {
    allow: READERS,
    scoped: true,
    otherRefusal: 'not_found',
    // Readers who are not the author see the item's files but cannot remove them (a logged refusal).
    ok: (caller) =>
      caller?.role === 'correspondent' ? undefined : { status: 403, code: 'auth/forbidden', reason: 'only the author removes files from their own draft or returned item' },
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      const at = (i: Item) => ({ url: itemUrl(i.id, `/attachments/${i.attachmentId}`) });
      if (target === 'other') return at(w.b.submitted);
      return at(reaches(caller, WRITERS) ? await draftOfCaller(m, caller) : w.a.submitted);
    },
    hidden: async (m) => {
      const d = (await worldOf(m)).a.foreignDraft;
      return [{ url: itemUrl(d.id, `/attachments/${d.attachmentId}`) }];
    },
  },
  'GET /api/attachments/:id': {
    allow: READERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target, caller) => {
      const w = await worldOf(m);
      if (target === 'other') return { url: `/api/attachments/${w.b.submitted.attachmentId}` };
      const own = caller?.person.id === m.callers.correspondent.person.id ? w.a.myDraft : w.a.submitted;
      return { url: `/api/attachments/${own.attachmentId}` };
    },
    hidden: async (m) => [{ url: `/api/attachments/${(await worldOf(m)).a.foreignDraft.attachmentId}` }],
  },

  'GET /api/cases': { allow: CASE_MANAGERS, scoped: false, leaks: caseLeaks, request: async (m) => {
      await worldOf(m); // a case in B exists, so the list could leak
      return { url: '/api/cases' };
    },
  },
  'GET /api/cases/:id': {
    allow: CASE_MANAGERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => {
      const w = await worldOf(m);
      return { url: `/api/cases/${target === 'own' ? w.caseA.id : w.caseB.id}` };
    },
  },
  'POST /api/cases': {
    allow: CASE_MANAGERS,
    scoped: true,
    request: async (m, target) => ({ url: '/api/cases', body: { title: m.name('新案件'), unitId: m.unit(target).id, protectedNames: ['钱某某'] } }),
  },
  'PATCH /api/cases/:id': {
    allow: CASE_MANAGERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/cases/${(await makeCase(m, target)).id}`, body: { title: m.name('改名'), protectedNames: ['孙某某'] } }),
  },
};
