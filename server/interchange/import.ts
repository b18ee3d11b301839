import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { appError } from '../errors';
import { requireAccess, type Ctx } from '../http/context';
import { insertPeopleBulk, insertUnitsBulk, updatePeopleBulk, updateUnitsBulk, type NewPerson, type NewUnit } from '../org/bulk';
import { people, unitTypes, units } from '../org/tables';
import { addImportedOutlets, insertImportedRecords, updateImportedRecords, type ImportedRecord } from '../records/bulk';
import { dedupeKeyOf, ledgerWorkKey, normText, todayIn, type OutletTier, type RecordKind } from '../records/kinds';
import { levelsAt, outletsAt, type OutletView } from '../records/registry';
import { upsertLedgerEntriesForImport, type BulkLedgerItem } from '../scoring/ledger-bulk';
import { MEDIA_TAGS } from '../scoring/work-kinds';
import { insertImportedWorks, updateImportedWorks, type ImportedWork } from '../submissions/imported';
import { compact, loadOrgState, type OrgState } from './export';
import { ZInterchange, type Interchange, type RecordEl, type UnitEl } from './format';
import { comparableLedgerEl, ledgerColumnsOf } from './ledger';
import { problemsOf, type Problem } from './problems';
import { instantOf, localDateOf } from './when';

/**
 * `xuanbao import FILE.json`: brings an organisation's units, people, accepted works, records of use
 * and scoring ledger entries into Xuanbao, all or nothing, in one transaction. Every element is named by its code: an element
 * whose code the organisation already holds is compared with what it holds (rendered as the export
 * renders it) and updated when it differs; the same file imported twice changes nothing and says so.
 * Every problem is reported with its JSON path in both languages, and nothing is written then.
 *
 * What an import does not do (it says so per element): move a unit to another parent, move an accepted
 * work to another unit, change a work or a record made in Xuanbao (correct those in the app), change
 * a record's or a ledger entry's kind, move a ledger entry to another unit, or revive a withdrawn
 * record or ledger entry.
 */

export type Counts = { created: number; updated: number; unchanged: number };
export type ImportResult = {
  org: { id: string; name: string; created: boolean };
  units: Counts;
  people: Counts;
  works: Counts;
  records: Counts & { withdrawn: number };
  ledger: Counts & { withdrawn: number };
  outletsAdded: string[];
  changed: boolean;
};

const counts = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });
const p = (path: string, zh: string, en: string): Problem => ({ path, zh, en });

/** Stable JSON of an element with its empty fields dropped and keys sorted (to compare what a file says with what is held). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = compact(v as Record<string, unknown>);
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function invalid(problems: Problem[]) {
  return appError(
    'interchange/invalid',
    { count: problems.length },
    problems.slice(0, 200).map((x) => ({ path: x.path, message: `${x.zh} / ${x.en}` })),
    { problems },
  );
}

/** Imports a parsed JSON document. `source` names the file in the audit row and the items' history. */
export async function importInterchange(ctx: Ctx, input: { data: unknown; source: string }): Promise<ImportResult> {
  requireAccess(ctx, 'unit.manage', '/');
  // With the input in each issue, a wrong type is told from a missing field (problems.ts).
  const parsed = ZInterchange.safeParse(input.data, { reportInput: true });
  if (!parsed.success) throw invalid(problemsOf(parsed.error.issues));
  const file = parsed.data;
  const problems = checkStructure(file);
  if (problems.length) throw invalid(problems);
  const source = input.source.slice(0, 200);
  const sha256 = createHash('sha256').update(JSON.stringify(input.data)).digest('hex');
  try {
    return await ctx.db.transaction(async (tx) => {
      const rootEl = file.units.find((u) => u.parent === null)!;
      // One import per organisation at a time (two imports of one file must not both create it).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`interchange:${rootEl.code}`}))`);
      const plan = await planImport(ctx, tx, file, source);
      if (plan.problems.length) throw invalid(plan.problems);
      await write(ctx, tx, plan, source);
      const r = plan.result;
      const codes = (xs: readonly { code: string }[]) => xs.slice(0, 1000).map((x) => x.code);
      await auditAction(tx, ctx, 'interchange.import', { type: 'unit', id: r.org.id }, {
        source,
        sha256,
        orgCreated: r.org.created,
        units: r.units,
        people: r.people,
        works: r.works,
        records: r.records,
        ledger: r.ledger,
        outletsAdded: r.outletsAdded,
        changed: {
          units: codes([...plan.units.create, ...plan.units.update]),
          people: codes([...plan.people.create, ...plan.people.update]),
          works: codes([...plan.works.create, ...plan.works.update]),
          records: codes([...plan.records.create, ...plan.records.update]),
          ledger: codes([...plan.ledger.create, ...plan.ledger.update]),
        },
      });
      return r;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw appError('interchange/conflict');
    throw e;
  }
}

/** What needs no database: one organisation, codes once per section, parents that exist, no cycles. */
function checkStructure(file: Interchange): Problem[] {
  const out: Problem[] = [];
  const roots = file.units.flatMap((u, i) => (u.parent === null ? [i] : []));
  if (roots.length !== 1) {
    if (!roots.length) out.push(p('$.units', '须有且只有一个没有上级（parent 为 null）的单位：本组织', 'Exactly one unit without a parent (parent: null) is needed: the organisation'));
    for (const i of roots.slice(1)) out.push(p(`$.units[${i}].parent`, '只能有一个单位没有上级（本组织）；请填写上级单位编码', 'Only one unit may lack a parent (the organisation); give its parent’s code'));
  }
  for (const section of ['units', 'people', 'works', 'records', 'ledger'] as const) {
    const seen = new Map<string, number>();
    (file[section] as { code: string }[]).forEach((el, i) => {
      const first = seen.get(el.code);
      if (first !== undefined) out.push(p(`$.${section}[${i}].code`, `编码“${el.code}”与 $.${section}[${first}] 重复`, `The code “${el.code}” repeats $.${section}[${first}]`));
      else seen.set(el.code, i);
    });
  }
  if (out.length) return out;
  // Cycles among the file's units (a parent not in the file is looked up in the database later).
  const parentOf = new Map(file.units.map((u) => [u.code, u.parent]));
  file.units.forEach((u, i) => {
    const seen = new Set([u.code]);
    let at = u.parent;
    while (at !== null && parentOf.has(at)) {
      if (seen.has(at)) {
        out.push(p(`$.units[${i}].parent`, '上级单位形成了循环', 'The parents form a cycle'));
        break;
      }
      seen.add(at);
      at = parentOf.get(at) ?? null;
    }
  });
  return out;
}

type Plan = {
  problems: Problem[];
  result: ImportResult;
  root: { id: string; path: string; depth: number; isNew: boolean };
  units: { create: (NewUnit & { code: string })[]; update: { code: string; id: string; name: string; shortName: string | null; type: string; externalCode: string }[] };
  people: { create: (NewPerson & { code: string })[]; update: (NewPerson & { code: string })[] };
  works: { create: (ImportedWork & { code: string })[]; update: (ImportedWork & { code: string })[] };
  records: { create: (ImportedRecord & { code: string })[]; update: (ImportedRecord & { code: string })[] };
  /** Ledger entries to create or correct, each with its element's path (for a refusal at write time). */
  ledger: { create: (BulkLedgerItem & { code: string; path: string })[]; update: (BulkLedgerItem & { code: string; path: string })[] };
  outlets: { name: string; tier: OutletTier }[];
  existingPaths: Map<string, { path: string; depth: number }>;
};

async function planImport(ctx: Ctx, tx: Tx, file: Interchange, source: string): Promise<Plan> {
  const tz = ctx.config.timeZone;
  const problems: Problem[] = [];
  const rootEl = file.units.find((u) => u.parent === null)!;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(rootEl.code);
  const [found] = await tx
    .select({ id: units.id, name: units.name, path: units.path, depth: units.depth })
    .from(units)
    .where(and(isNull(units.parentId), uuid ? sql`(${units.externalCode} = ${rootEl.code} or (${units.externalCode} is null and ${units.id} = ${rootEl.code}))` : eq(units.externalCode, rootEl.code)));
  const rootId = found?.id ?? randomUUID();
  const root = found ? { ...found, isNew: false } : { id: rootId, name: rootEl.name, path: `/${rootId}/`, depth: 0, isNew: true };
  const state: OrgState = found ? await loadOrgState(tx, found, tz) : { root, units: new Map(), people: new Map(), works: new Map(), records: new Map(), ledger: new Map() };
  const result: ImportResult = { org: { id: root.id, name: rootEl.name, created: root.isNew }, units: counts(), people: counts(), works: counts(), records: { ...counts(), withdrawn: 0 }, ledger: { ...counts(), withdrawn: 0 }, outletsAdded: [], changed: false };
  const plan: Plan = { problems, result, root, units: { create: [], update: [] }, people: { create: [], update: [] }, works: { create: [], update: [] }, records: { create: [], update: [] }, ledger: { create: [], update: [] }, outlets: [], existingPaths: new Map() };
  for (const u of state.units.values()) plan.existingPaths.set(u.id, { path: u.path, depth: u.depth });

  // ---- units ----
  const types = new Set((await tx.select({ key: unitTypes.key }).from(unitTypes)).map((t) => t.key));
  /** code → id and path, of every unit after the import. */
  const unitAt = new Map<string, { id: string; path: string | null }>();
  for (const [code, u] of state.units) unitAt.set(code, { id: u.id, path: u.path });
  for (const u of file.units) if (!unitAt.has(u.code)) unitAt.set(u.code, { id: u.parent === null ? root.id : randomUUID(), path: null });
  // Paths of new units (their parents first), for reading the registry at them.
  const pathOf = (code: string, guard = 0): string | null => {
    const at = unitAt.get(code);
    if (!at) return null;
    if (at.path) return at.path;
    const el = file.units.find((x) => x.code === code);
    if (!el || guard > 1000) return null;
    const parentPath = el.parent === null ? '/' : pathOf(el.parent, guard + 1);
    if (parentPath === null) return null;
    at.path = `${parentPath}${at.id}/`;
    return at.path;
  };
  const finalSiblings = new Map<string, Map<string, string>>(); // parent id → name → code
  const newUnits: (NewUnit & { code: string })[] = [];
  file.units.forEach((u, i) => {
    const at = `$.units[${i}]`;
    const held = state.units.get(u.code);
    if (!types.has(u.type)) problems.push(p(`${at}.type`, `单位类型“${u.type}”不存在，可用：${[...types].join('、')}`, `No unit type “${u.type}”; use one of: ${[...types].join(', ')}`));
    const parent = u.parent === null ? null : unitAt.get(u.parent);
    if (u.parent !== null && !parent) problems.push(p(`${at}.parent`, `上级单位“${u.parent}”既不在文件中，也不在本组织中`, `The parent “${u.parent}” is neither in the file nor in the organisation`));
    if (held) {
      if ((held.parentId ?? null) !== (parent?.id ?? null) && parent !== undefined) {
        problems.push(p(`${at}.parent`, '导入不能移动已有单位到别的上级；请在“单位管理”中移动', 'An import does not move an existing unit to another parent; move it in Units'));
        return;
      }
      if (canonical(held.el) === canonical(u)) result.units.unchanged++;
      else {
        plan.units.update.push({ code: u.code, id: held.id, name: u.name, shortName: u.shortName ?? null, type: u.type, externalCode: u.code });
        result.units.updated++;
      }
    } else if (parent !== undefined) {
      newUnits.push({ code: u.code, id: unitAt.get(u.code)!.id, parentId: parent?.id ?? null, name: u.name, shortName: u.shortName ?? null, type: u.type, externalCode: u.code });
      result.units.created++;
    }
  });
  // Names are unique among siblings (and among organisations).
  const named = new Map<string, { name: string; code: string }>();
  for (const [code, u] of state.units) named.set(u.id, { name: u.el.name, code });
  for (const u of file.units) if (unitAt.has(u.code)) named.set(unitAt.get(u.code)!.id, { name: u.name, code: u.code });
  const parentIdOf = new Map<string, string | null>();
  for (const u of state.units.values()) parentIdOf.set(u.id, u.parentId);
  for (const n of newUnits) parentIdOf.set(n.id, n.parentId);
  for (const [id, n] of named) {
    const parent = parentIdOf.get(id) ?? null;
    if (parent === null) continue;
    const sib = finalSiblings.get(parent) ?? new Map<string, string>();
    finalSiblings.set(parent, sib);
    const other = sib.get(n.name);
    if (other !== undefined) {
      const i = file.units.findIndex((x) => x.code === n.code);
      const j = file.units.findIndex((x) => x.code === other);
      const at = i >= 0 ? i : j;
      if (at >= 0) problems.push(p(`$.units[${at}].name`, `同一上级下已有名为“${n.name}”的单位`, `Another unit under the same parent is named “${n.name}”`));
    } else sib.set(n.name, n.code);
  }
  const otherRoot = await tx.select({ id: units.id }).from(units).where(and(isNull(units.parentId), eq(units.name, rootEl.name), ne(units.id, root.id)));
  if (otherRoot.length) problems.push(p(`$.units[${file.units.indexOf(rootEl)}].name`, `已有名为“${rootEl.name}”的另一个组织`, `Another organisation is named “${rootEl.name}”`));
  // Parents first.
  const placed = new Set<string>([...state.units.values()].map((u) => u.id));
  const pending = [...newUnits];
  while (pending.length) {
    const i = pending.findIndex((n) => n.parentId === null || placed.has(n.parentId));
    if (i < 0) break; // a parent that failed above: already reported
    const [n] = pending.splice(i, 1);
    placed.add(n!.id);
    plan.units.create.push(n!);
  }
  const unitIdOf = (code: string) => unitAt.get(code)?.id;

  // ---- people ----
  const personAt = new Map<string, string>();
  for (const [code, x] of state.people) personAt.set(code, x.id);
  const loginOwner = new Map<string, { i: number }>();
  file.people.forEach((x, i) => {
    const at = `$.people[${i}]`;
    const held = state.people.get(x.code);
    const unitId = unitIdOf(x.unit);
    if (!unitId) {
      problems.push(p(`${at}.unit`, `单位“${x.unit}”既不在文件中，也不在本组织中`, `The unit “${x.unit}” is neither in the file nor in the organisation`));
      return;
    }
    const login = (x.login ?? held?.login ?? `imp-${createHash('sha256').update(`${root.id}|${x.code}`).digest('hex').slice(0, 10)}`).toLowerCase();
    const twin = loginOwner.get(login);
    if (twin) problems.push(p(`${at}.login`, `账号“${login}”与 $.people[${twin.i}] 重复`, `The login “${login}” repeats $.people[${twin.i}]`));
    loginOwner.set(login, { i });
    const row = { code: x.code, id: held?.id ?? randomUUID(), login, name: x.name, unitId, externalCode: x.code };
    personAt.set(x.code, row.id);
    if (!held) {
      plan.people.create.push(row);
      result.people.created++;
    } else if (canonical(held.el) === canonical({ ...x, login })) result.people.unchanged++;
    else {
      plan.people.update.push(row);
      result.people.updated++;
    }
  });
  const logins = [...plan.people.create, ...plan.people.update].map((x) => x.login);
  if (logins.length) {
    const mine = [...plan.people.update].map((x) => x.id);
    const taken = await tx
      .select({ login: people.login })
      .from(people)
      .where(and(inArray(people.login, logins), mine.length ? notInArray(people.id, mine) : undefined));
    for (const t of taken) {
      const i = loginOwner.get(t.login)?.i ?? 0;
      problems.push(p(`$.people[${i}].login`, `账号“${t.login}”已被别人使用`, `The login “${t.login}” is taken by someone else`));
    }
  }

  // ---- works ----
  const workAt = new Map<string, { id: string; unitId: string; path: string | null }>();
  const heldPath = new Map([...state.units.values()].map((u) => [u.id, u.path]));
  for (const [code, w] of state.works) workAt.set(code, { id: w.id, unitId: w.unitId, path: heldPath.get(w.unitId) ?? null });
  file.works.forEach((w, i) => {
    const at = `$.works[${i}]`;
    const held = state.works.get(w.code);
    const unitId = unitIdOf(w.unit);
    let ok = true;
    if (!unitId) {
      ok = false;
      problems.push(p(`${at}.unit`, `单位“${w.unit}”既不在文件中，也不在本组织中`, `The unit “${w.unit}” is neither in the file nor in the organisation`));
    }
    const authorIds: string[] = [];
    w.authors.forEach((a, j) => {
      const id = personAt.get(a);
      if (!id) {
        ok = false;
        problems.push(p(`${at}.authors[${j}]`, `作者“${a}”既不在文件中，也不在本组织中`, `The author “${a}” is neither in the file nor in the organisation`));
      } else authorIds.push(id);
    });
    if (new Set(authorIds).size !== authorIds.length) {
      ok = false;
      problems.push(p(`${at}.authors`, '作者重复', 'An author is listed twice'));
    }
    if (w.media && w.kind !== 'material') {
      ok = false;
      problems.push(p(`${at}.media`, 'media（图片或视频）只用于素材（material）', '`media` (photo or video) is for material only'));
    }
    if (w.kind === 'material') {
      w.tags.forEach((tag, j) => {
        if (!tag.startsWith('media:')) return;
        ok = false;
        problems.push(p(`${at}.tags[${j}]`, `标签“${tag}”留给系统使用；图片或视频请用 media 字段`, `The tag “${tag}” is reserved; say photo or video with \`media\``));
      });
    }
    const acceptedAt = instantOf(w.acceptedAt, tz);
    if (acceptedAt.getTime() > ctx.now.getTime()) {
      ok = false;
      problems.push(p(`${at}.acceptedAt`, '录用时间不能晚于现在', 'The acceptance cannot be in the future'));
    }
    if (!ok || !unitId) return;
    workAt.set(w.code, { id: held?.id ?? randomUUID(), unitId, path: pathOf(w.unit) });
    // A material's media is kept as a tag (scoring reads it when the item has no files: server/scoring/work-kinds.ts).
    const tags = w.kind === 'material' && w.media ? [...w.tags, MEDIA_TAGS[w.media]] : w.tags;
    const row = { code: w.code, id: workAt.get(w.code)!.id, unitId, kind: w.kind, title: w.title, body: w.body, tags, authorIds, acceptedAt, externalCode: w.code };
    if (!held) {
      plan.works.create.push(row);
      result.works.created++;
      return;
    }
    const same = canonical({ ...held.el, acceptedAt: instantOf(held.el.acceptedAt, tz).getTime() }) === canonical({ ...w, acceptedAt: acceptedAt.getTime() });
    if (same) {
      result.works.unchanged++;
      return;
    }
    if (!held.imported) problems.push(p(at, '该稿件是在宣报中报送和审核的，导入不能修改它；请在系统中处理', 'This item was submitted and reviewed in Xuanbao; an import does not change it'));
    else if (held.unitId !== unitId) problems.push(p(`${at}.unit`, '导入不能把已录用稿件改到别的单位', 'An import does not move an accepted work to another unit'));
    else {
      plan.works.update.push(row);
      result.works.updated++;
    }
  });

  // ---- records ----
  const today = todayIn(ctx.now, tz);
  const outletCache = new Map<string, Map<string, OutletView>>();
  const levelCache = new Map<string, Awaited<ReturnType<typeof levelsAt>>>();
  const newOutlets = new Map<string, { name: string; tier: OutletTier; id: string }>();
  const useHolder = new Map<string, string>(); // work|use → the code holding it (active)
  for (const [code, r] of state.records) if (r.status === 'active') useHolder.set(`${r.workKey}|${r.dedupeKey}`, code);
  const fileUse = new Map<string, number>();
  for (const [i, r] of file.records.entries()) {
    const at = `$.records[${i}]`;
    const held = state.records.get(r.code);
    if (held && held.status !== 'active') {
      result.records.withdrawn++;
      continue;
    }
    if (held && held.kind !== r.kind) {
      problems.push(p(`${at}.kind`, `记录类型不能更改（原为 ${held.kind}）；请撤销后另行登记`, `A record’s kind cannot change (it is ${held.kind}); withdraw it and record anew`));
      continue;
    }
    const usedOn = localDateOf(r.at, tz);
    if (usedOn > today) problems.push(p(`${at}.at`, '使用日期不能晚于今天', 'The date of the use cannot be after today'));
    // The work: one in the file or the organisation, or (an old ledger's row) a unit and a title.
    let submissionId: string | null = null;
    let unitId: string | undefined;
    let unitPath: string | null = null;
    let title: string | null = null;
    if (r.work) {
      if (r.unit || r.title || r.authors) problems.push(p(at, '填写了 work 时不要再填写 unit、title、authors', 'With `work`, leave out unit, title and authors'));
      const w = workAt.get(r.work);
      if (!w) {
        problems.push(p(`${at}.work`, `稿件“${r.work}”既不在文件中，也不是本组织已录用的稿件`, `The work “${r.work}” is neither in the file nor an accepted item of the organisation`));
        continue;
      }
      submissionId = w.id;
      unitId = w.unitId;
      unitPath = w.path;
    } else {
      if (!r.unit || !r.title) {
        problems.push(p(`${at}.work`, '须填写 work（稿件编码），或同时填写 unit 和 title', 'Give `work` (a work’s code), or both `unit` and `title`'));
        continue;
      }
      unitId = unitIdOf(r.unit);
      if (!unitId) {
        problems.push(p(`${at}.unit`, `单位“${r.unit}”既不在文件中，也不在本组织中`, `The unit “${r.unit}” is neither in the file nor in the organisation`));
        continue;
      }
      unitPath = pathOf(r.unit);
      title = r.title;
    }
    const path = unitPath ?? root.path;
    const values: ImportedRecord & { code: string } = {
      code: r.code,
      id: held?.id ?? randomUUID(),
      submissionId,
      unitId,
      workKey: submissionId ?? ledgerWorkKey(unitId, title ?? ''),
      dedupeKey: '',
      kind: r.kind as RecordKind,
      usedOn,
      evidenceUrl: r.evidenceUrl ?? null,
      note: r.note ?? null,
      title,
      authors: submissionId ? null : (r.authors ?? null),
      source: 'imported',
      sourceRef: `${source}#${r.code}`.slice(0, 300),
      externalCode: r.code,
    };
    const resolved = await resolveKind(tx, r, at, path, values, { problems, outletCache, levelCache, newOutlets, personAt });
    if (!resolved) continue;
    values.dedupeKey = dedupeKeyOf({ ...values, kind: values.kind, usedOn });
    const useKey = `${values.workKey}|${values.dedupeKey}`;
    const holder = useHolder.get(useKey);
    if (holder !== undefined && holder !== r.code) {
      problems.push(p(at, `同一稿件的同一次使用已有记录（编码“${holder}”）`, `This use of the work is already recorded (code “${holder}”)`));
      continue;
    }
    const twin = fileUse.get(useKey);
    if (twin !== undefined) {
      problems.push(p(at, `与 $.records[${twin}] 是同一稿件的同一次使用`, `The same use of the same work as $.records[${twin}]`));
      continue;
    }
    fileUse.set(useKey, i);
    if (!held) {
      plan.records.create.push(values);
      result.records.created++;
      continue;
    }
    // Compared as the export writes it: the outlet's tier and channel as the registry has them.
    if (canonical(held.el) === canonical({ ...r, at: usedOn, ...(typeof resolved === 'object' ? resolved : {}) })) {
      result.records.unchanged++;
      continue;
    }
    if (!held.imported) {
      problems.push(p(at, '该记录是在宣报中登记的，导入不能修改它；请在系统中更正', 'This record was made in Xuanbao; an import does not change it (correct it there)'));
      continue;
    }
    plan.records.update.push(values);
    result.records.updated++;
  }
  plan.outlets = [...newOutlets.values()];
  result.outletsAdded = plan.outlets.map((o) => o.name);

  // ---- ledger entries ----
  const thisMonth = today.slice(0, 7);
  file.ledger.forEach((e, i) => {
    const at = `$.ledger[${i}]`;
    const held = state.ledger.get(e.code);
    if (held && held.status !== 'active') {
      result.ledger.withdrawn++;
      return;
    }
    if (held && held.kind !== e.kind) {
      problems.push(p(`${at}.kind`, `台账事项类型不能更改（原为 ${held.kind}）；请在系统中撤销后另行登记`, `A ledger entry’s kind cannot change (it is ${held.kind}); withdraw it in Xuanbao and enter it anew`));
      return;
    }
    let ok = true;
    const unitId = unitIdOf(e.unit);
    if (!unitId) {
      problems.push(p(`${at}.unit`, `单位“${e.unit}”既不在文件中，也不在本组织中`, `The unit “${e.unit}” is neither in the file nor in the organisation`));
      return;
    }
    if (held && held.unitId !== unitId) {
      problems.push(p(`${at}.unit`, '导入不能把台账事项改到别的单位；请在系统中撤销后另行登记', 'An import does not move a ledger entry to another unit; withdraw it in Xuanbao and enter it anew'));
      return;
    }
    const occurredOn = localDateOf(e.at, tz);
    if (occurredOn > today) {
      ok = false;
      problems.push(p(`${at}.at`, '日期不能晚于今天', 'The date cannot be after today'));
    }
    if ((e.kind === 'task_missed' || e.kind === 'nomination_missed') && e.month > thisMonth) {
      ok = false;
      problems.push(p(`${at}.month`, '月份不能晚于本月', 'The month cannot be after this month'));
    }
    // People an entry names: in the file or the organisation. Not necessarily of the entry's unit now: people move, an old honour stays.
    const named: [string, string][] = e.kind === 'award_person' ? [[`${at}.person`, e.person]] : e.kind === 'award_work' ? e.authors.map((a, j) => [`${at}.authors[${j}]`, a]) : [];
    for (const [path, code] of named) {
      const id = personAt.get(code);
      if (!id) {
        ok = false;
        problems.push(p(path, `人员“${code}”既不在文件中，也不在本组织中`, `The person “${code}” is neither in the file nor in the organisation`));
      }
    }
    if (e.kind === 'award_work' && new Set(e.authors).size !== e.authors.length) {
      ok = false;
      problems.push(p(`${at}.authors`, '作者重复', 'An author is listed twice'));
    }
    if (!ok) return;
    const item = { code: e.code, path: at, externalCode: e.code, unitId, kind: e.kind, occurredOn, ...ledgerColumnsOf(e, (c) => personAt.get(c)!), note: e.note ?? null, evidenceUrl: e.evidenceUrl ?? null };
    if (!held) {
      plan.ledger.create.push(item);
      result.ledger.created++;
    } else if (canonical(held.el) === canonical(comparableLedgerEl(e, occurredOn))) result.ledger.unchanged++;
    else if (!held.imported) problems.push(p(at, '该台账事项是在宣报中登记的，导入不能修改它；请在系统中更正', 'This ledger entry was entered in Xuanbao; an import does not change it (correct it there)'));
    else {
      plan.ledger.update.push(item);
      result.ledger.updated++;
    }
  });

  result.changed =
    result.org.created ||
    [result.units, result.people, result.works, result.records, result.ledger].some((c) => c.created + c.updated > 0) ||
    plan.outlets.length > 0;
  return plan;
}

type Caches = {
  problems: Problem[];
  outletCache: Map<string, Map<string, OutletView>>;
  levelCache: Map<string, Awaited<ReturnType<typeof levelsAt>>>;
  newOutlets: Map<string, { name: string; tier: OutletTier; id: string }>;
  personAt: Map<string, string>;
};

/**
 * Fills the kind's columns of a record from the registry (levels, outlets) and the people; false when
 * something is wrong (reported). For media, the outlet's tier and whether the channel qualifies, as held.
 */
async function resolveKind(tx: Tx, r: RecordEl, at: string, unitPath: string, values: ImportedRecord, c: Caches): Promise<false | true | { outlet: string; channel?: string | null | undefined; tier: OutletTier; centralMainChannel: boolean }> {
  const none = { mode: null, briefingLabel: null, level: null, outletId: null, channelId: null, columnName: null, url: null, platform: null, scope: null, awardName: null, personId: null, personName: null };
  Object.assign(values, none);
  switch (r.kind) {
    case 'briefing_use':
      Object.assign(values, { mode: r.mode, briefingLabel: r.issue });
      return true;
    case 'upper_adoption':
    case 'recommendation': {
      if (!c.levelCache.has(unitPath)) c.levelCache.set(unitPath, await levelsAt(tx, unitPath));
      const levels = c.levelCache.get(unitPath)!.filter((l) => l.active);
      const l = levels.find((x) => x.code === r.level);
      if (!l) {
        c.problems.push(p(`${at}.level`, `上级层级“${r.level}”不存在，可用：${levels.map((x) => `${x.code}（${x.nameZh}）`).join('、')}`, `No upper level “${r.level}”; use one of: ${levels.map((x) => `${x.code} (${x.nameEn})`).join(', ')}`));
        return false;
      }
      values.level = l.code;
      return true;
    }
    case 'media': {
      let names = c.outletCache.get(unitPath);
      if (!names) {
        // Every name and alias, normalised once (thousands of records name a handful of outlets).
        names = new Map();
        for (const x of await outletsAt(tx, unitPath)) for (const n of [x.name, ...x.aliases]) if (!names.has(normText(n))) names.set(normText(n), x);
        c.outletCache.set(unitPath, names);
      }
      const o = names.get(normText(r.outlet));
      if (!o) {
        if (!r.tier) {
          c.problems.push(p(`${at}.outlet`, `媒体“${r.outlet}”不在媒体库中；填写 tier（媒体级别）即可将其加入本组织的媒体库`, `The outlet “${r.outlet}” is not in the registry; give its tier to add it to the organisation’s registry`));
          return false;
        }
        if (r.centralMainChannel) {
          c.problems.push(p(`${at}.centralMainChannel`, '中央主要媒体只有内置的七家；新加入的媒体不能是', 'Only the seven built-in outlets are central main media; a new outlet cannot be one'));
          return false;
        }
        const key = normText(r.outlet);
        const added = c.newOutlets.get(key) ?? { name: r.outlet, tier: r.tier, id: '' };
        if (added.tier !== r.tier) {
          c.problems.push(p(`${at}.tier`, `同一文件中媒体“${r.outlet}”的级别前后不一致`, `The file gives the outlet “${r.outlet}” two tiers`));
          return false;
        }
        c.newOutlets.set(key, added);
        Object.assign(values, { outletId: `new:${key}`, channelId: null, columnName: r.channel ?? null, url: r.url ?? null });
        return { outlet: r.outlet, tier: r.tier, centralMainChannel: false };
      }
      if (r.tier && r.tier !== o.tier) {
        c.problems.push(p(`${at}.tier`, `媒体库中“${o.name}”的级别是 ${o.tier}，与文件中的 ${r.tier} 不符`, `The registry gives “${o.name}” the tier ${o.tier}, not ${r.tier}`));
        return false;
      }
      const ch = r.channel ? o.channels.find((x) => normText(x.name) === normText(r.channel)) : undefined;
      const qualifying = !!(o.centralMain && ch?.qualifies);
      if (r.centralMainChannel !== undefined && r.centralMainChannel !== null && r.centralMainChannel !== qualifying) {
        c.problems.push(
          p(
            `${at}.centralMainChannel`,
            qualifying ? `“${o.name}”的“${ch!.name}”是中央主要媒体的计分频道` : `“${o.name}”${r.channel ? `的“${r.channel}”` : ''}不是中央主要媒体的计分频道`,
            qualifying ? `“${ch!.name}” of “${o.name}” is a qualifying central main channel` : `${r.channel ? `“${r.channel}” of ` : ''}“${o.name}” is not a qualifying central main channel`,
          ),
        );
        return false;
      }
      Object.assign(values, { outletId: o.id, channelId: ch?.id ?? null, columnName: ch ? null : (r.channel ?? null), url: r.url ?? null });
      return { outlet: o.name, channel: ch?.name ?? r.channel, tier: o.tier, centralMainChannel: qualifying };
    }
    case 'broadcast':
      Object.assign(values, { platform: r.platform, scope: r.level });
      return true;
    case 'award_work':
      Object.assign(values, { level: r.level, awardName: r.award });
      return true;
    case 'award_person': {
      if (r.person) {
        const id = c.personAt.get(r.person);
        if (!id) {
          c.problems.push(p(`${at}.person`, `人员“${r.person}”既不在文件中，也不在本组织中`, `The person “${r.person}” is neither in the file nor in the organisation`));
          return false;
        }
        Object.assign(values, { level: r.level, awardName: r.award, personId: id, personName: null });
      } else if (r.personName) Object.assign(values, { level: r.level, awardName: r.award, personId: null, personName: r.personName });
      else {
        c.problems.push(p(`${at}.person`, '须填写获奖人（person 编码或 personName 姓名）', 'Name the person honoured (`person` code or `personName`)'));
        return false;
      }
      return true;
    }
  }
}

async function write(ctx: Ctx, tx: Tx, plan: Plan, source: string) {
  const now = ctx.now;
  await insertUnitsBulk(tx, now, plan.units.create, plan.existingPaths);
  await updateUnitsBulk(tx, now, plan.units.update);
  await insertPeopleBulk(tx, now, plan.people.create);
  await updatePeopleBulk(tx, now, plan.people.update);
  await insertImportedWorks(tx, { now, timeZone: ctx.config.timeZone, orgId: plan.root.id, source, works: plan.works.create });
  await updateImportedWorks(tx, { now, works: plan.works.update });
  const outletIds = await addImportedOutlets(tx, now, plan.root.id, plan.outlets);
  const idOf = new Map([...outletIds].map(([name, id]) => [`new:${normText(name)}`, id]));
  const fix = (r: ImportedRecord) => {
    if (r.outletId?.startsWith('new:')) {
      const key = r.outletId;
      r.outletId = idOf.get(key)!;
      // The use's key names the outlet by id (kinds.ts dedupeKeyOf), known only now.
      r.dedupeKey = r.dedupeKey.replace(key, r.outletId);
    }
    return r;
  };
  await insertImportedRecords(tx, now, plan.records.create.map(fix));
  await updateImportedRecords(tx, now, plan.records.update.map(fix), `导入更新 / updated by import: ${source}`);
  const entries = [...plan.ledger.create, ...plan.ledger.update];
  const done = await upsertLedgerEntriesForImport(ctx, tx, plan.root.id, entries, `导入更新 / updated by import: ${source}`);
  // Planned from what the organisation held in this transaction (under its lock): a refusal means it changed meanwhile.
  if (done.refused.length) {
    throw invalid(
      done.refused.map((r) =>
        r.reason === 'withdrawn'
          ? p(entries[r.index]!.path, '该台账事项已被撤销，导入不改动它', 'This ledger entry was withdrawn; an import leaves it as it is')
          : p(entries[r.index]!.path, '该编码的台账事项属于别的单位或类型', 'The ledger entry of this code is of another unit or kind'),
      ),
    );
  }
}

/** Reads a units element's parent code (for tests and the CLI's summary). */
export const rootOf = (file: Interchange): UnitEl | undefined => file.units.find((u) => u.parent === null);
