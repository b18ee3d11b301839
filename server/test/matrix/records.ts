/**
 * Authorization matrix entries for records of use, outlets, upper levels and ledgers (see matrix.ts).
 *
 * Items' records are seen by whoever sees the item (submission.read on its unit subtree) and written
 * by editors and leaders (review.decide there); anything outside is 404, as items are. Outlets and
 * levels are set on a unit: read with unit.read, managed by administrators (review.configure).
 */
import { randomUUID } from 'node:crypto';
import type { Caller, MatrixCtx, MatrixEntries, MatrixRequest, Target } from './matrix';
import type { Role } from '../../access/roles';
import { makeItem, pdfUpload, READERS } from './submissions';
import { outlets } from '../../records/tables';

const RECORDERS = ['editor', 'leader'] as const satisfies readonly Role[];
const UNIT_READERS = ['correspondent', 'unit_approver', 'editor', 'leader', 'admin'] as const satisfies readonly Role[];

function perCtx<T>(build: (m: MatrixCtx) => Promise<T>): (m: MatrixCtx) => Promise<T> {
  const memo = new WeakMap<MatrixCtx, Promise<T>>();
  return (m) => {
    let p = memo.get(m);
    if (!p) memo.set(m, (p = build(m)));
    return p;
  };
}

async function signedIn(m: MatrixCtx, target: Target, role: Role): Promise<Caller> {
  const person = await m.freshPerson(target, { roles: [role] });
  const { res, cookie } = await m.t.signIn(person.login);
  if (res.status !== 200 || !cookie) throw new Error(`fixture sign-in as ${role} failed`);
  return { role, person, cookie };
}

async function api(m: MatrixCtx, caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers?: Record<string, string>) {
  const res = await m.t.request(method, url, { cookie: caller.cookie, ...(body !== undefined ? { body } : method === 'GET' ? {} : { body: {} }), ...(headers ? { headers } : {}) });
  if (res.status < 200 || res.status >= 300) throw new Error(`fixture: ${method} ${url}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.data as { id: string };
}

/** Three editors of A and of B (not callers of the run) who accept items and keep their records. */
const editorsOf = perCtx(async (m) => {
  const out: Record<Target, Caller[]> = { own: [], other: [] };
  for (const target of ['own', 'other'] as const) for (let i = 0; i < 3; i++) out[target].push(await signedIn(m, target, 'editor'));
  return out;
});

/** An item of A or B accepted through 三审. */
async function acceptedItem(m: MatrixCtx, target: Target): Promise<string> {
  const eds = (await editorsOf(m))[target];
  const { id } = await makeItem(m, target, { step: 'first' });
  for (const ed of eds) await api(m, ed, 'POST', `/api/submissions/${id}/decision`, { type: 'pass' });
  return id;
}

const broadcast = (m: MatrixCtx) => ({ kind: 'broadcast', platform: m.name('展播平台'), scope: 'regional', usedOn: '2024-05-01', evidenceUrl: 'https://example.gov.cn/e' });

/** A record (with one evidence file) on an accepted item of A or B, kept by that unit's editor. */
async function recordOn(m: MatrixCtx, target: Target, item?: string) {
  const ed = (await editorsOf(m))[target][0]!;
  const id = item ?? (await worldOf(m))[target].item;
  const up = pdfUpload();
  const file = await api(m, ed, 'POST', `/api/submissions/${id}/record-evidence`, up.body, up.headers);
  const rec = await api(m, ed, 'POST', `/api/submissions/${id}/records`, { ...broadcast(m), evidenceIds: [file.id] });
  return { item: id, record: rec.id, evidence: file.id };
}

const worldOf = perCtx(async (m) => {
  const own = { item: await acceptedItem(m, 'own') };
  const other = { item: await acceptedItem(m, 'other') };
  const world = { own, other } as Record<Target, { item: string }>;
  return world;
});

const filesOf = perCtx(async (m) => {
  const own = await recordOn(m, 'own');
  const other = await recordOn(m, 'other');
  // An upload no record claims yet: only its uploader (an editor who is not a caller) may open it.
  const up = pdfUpload();
  const pending = await api(m, (await editorsOf(m)).own[1]!, 'POST', `/api/submissions/${own.item}/record-evidence`, up.body, up.headers);
  return { own, other, pending: pending.id };
});

async function outletOn(m: MatrixCtx, target: Target): Promise<string> {
  const [o] = await m.t.db.insert(outlets).values({ unitId: m.unit(target).id, name: m.name('县融媒体中心'), tier: 'county', createdAt: m.t.clock(), updatedAt: m.t.clock() }).returning({ id: outlets.id });
  return o!.id;
}

function ledgerCsv(): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----xuanbao${randomUUID().replace(/-/g, '')}`;
  const csv = Buffer.from('单位,标题,类型,日期,平台,层级\r\n甲单位,旧稿,展播,2023-05-01,某平台,国家级\r\n');
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="台账.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  return { body: Buffer.concat([head, csv, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const recordsMatrix: MatrixEntries = {
  'GET /api/submissions/:id/records': {
    allow: READERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/submissions/${(await worldOf(m))[target].item}/records` }),
  },
  'POST /api/submissions/:id/records': {
    allow: RECORDERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/submissions/${(await worldOf(m))[target].item}/records`, body: broadcast(m) }),
  },
  'POST /api/submissions/:id/record-evidence': {
    allow: RECORDERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target): Promise<MatrixRequest> => ({ url: `/api/submissions/${(await worldOf(m))[target].item}/record-evidence`, ...pdfUpload() }),
  },
  'GET /api/record-evidence/:id': {
    allow: READERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/record-evidence/${(await filesOf(m))[target].evidence}` }),
    hidden: async (m) => [{ url: `/api/record-evidence/${(await filesOf(m)).pending}` }],
  },
  'PATCH /api/records/:id': {
    allow: RECORDERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => {
      const r = await recordOn(m, target);
      return { url: `/api/records/${r.record}`, body: { reason: '平台名称登记有误', rev: 0, record: broadcast(m) } };
    },
  },
  'POST /api/records/:id/withdraw': {
    allow: RECORDERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/records/${(await recordOn(m, target)).record}/withdraw`, body: { reason: '重复登记' } }),
  },

  'GET /api/outlets': { allow: UNIT_READERS, scoped: true, otherRefusal: 'not_found', request: async (m, target) => ({ url: `/api/outlets?unitId=${m.unit(target).id}` }) },
  'POST /api/outlets': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: '/api/outlets', body: { unitId: m.unit(target).id, name: m.name('日报'), tier: 'city', aliases: ['报'], channels: [{ name: '要闻' }] } }),
  },
  'PATCH /api/outlets/:id': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/outlets/${await outletOn(m, target)}`, body: { aliases: ['融媒'], channels: [{ name: '首页' }] } }),
  },
  'DELETE /api/outlets/:id': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/outlets/${await outletOn(m, target)}` }),
  },
  'GET /api/record-levels': { allow: UNIT_READERS, scoped: true, otherRefusal: 'not_found', request: async (m, target) => ({ url: `/api/record-levels?unitId=${m.unit(target).id}` }) },
  'POST /api/record-levels': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: '/api/record-levels', body: { unitId: m.unit(target).id, nameZh: '分局', nameEn: 'Branch bureau', rank: 1 } }),
  },
  'PATCH /api/record-levels/:unitId/:code': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/record-levels/${m.unit(target).id}/city`, body: { nameZh: '市公安局' } }),
  },

  'GET /api/ledgers/template': { allow: RECORDERS, scoped: false, unscopedReason: 'a blank template with example rows, no data', request: async () => ({ url: '/api/ledgers/template' }) },
  'POST /api/ledgers/import': {
    allow: RECORDERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/ledgers/import?dryRun=1&unitId=${m.unit(target).id}`, ...ledgerCsv() }),
  },
  'GET /api/ledgers/export': {
    allow: RECORDERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => {
      await filesOf(m); // records exist in A and B
      return { url: `/api/ledgers/export?from=2024-01-01&to=2024-12-31&unitId=${m.unit(target).id}` };
    },
  },
};
