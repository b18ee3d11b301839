import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { appError } from '../errors';
import { requireAccess, type Ctx } from '../http/context';
import { people, units } from '../org/tables';
import { outletChannels, outlets, recordsOfUse } from '../records/tables';
import { scoringLedgerEntries } from '../scoring/tables';
import { mediaOfTags, MEDIA_TAGS } from '../scoring/work-kinds';
import { attachments, submissionAuthors, submissions, submissionVersions } from '../submissions/tables';
import { FORMAT, VERSION, type Interchange, type LedgerEl, type PersonEl, type RecordEl, type UnitEl, type WorkEl } from './format';
import { ledgerElOf } from './ledger';
import { formatInstant } from './when';

/**
 * What an organisation holds, in the interchange format: the export writes it, and the import reads
 * it to tell an unchanged element from a changed one (the same rendering on both sides, so importing
 * an export changes nothing). An element's code is its external code, or, for something made in
 * Xuanbao, its id.
 */
export type Held<E> = { id: string; imported: boolean; el: E };
export type OrgState = {
  root: { id: string; name: string; path: string; depth: number };
  units: Map<string, Held<UnitEl> & { path: string; depth: number; parentId: string | null }>;
  people: Map<string, Held<PersonEl> & { login: string; unitId: string }>;
  works: Map<string, Held<WorkEl> & { unitId: string; status: string }>;
  records: Map<string, Held<RecordEl> & { status: string; workKey: string; dedupeKey: string; kind: string }>;
  ledger: Map<string, Held<LedgerEl> & { status: string; kind: string; unitId: string }>;
};

const codeOf = (r: { id: string; externalCode: string | null }) => r.externalCode ?? r.id;

/** Drops null and undefined fields (an element is compared and written without them). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

/** Everything the organisation under `root` holds, by code. */
export async function loadOrgState(db: Tx, root: { id: string; name: string; path: string; depth: number }, timeZone: string): Promise<OrgState> {
  const inOrg = sql`${units.path} like ${root.path + '%'}`;
  const unitRows = await db.select().from(units).where(inOrg).orderBy(asc(units.depth), asc(units.path));
  const unitCode = new Map(unitRows.map((u) => [u.id, codeOf(u)]));
  const state: OrgState = { root, units: new Map(), people: new Map(), works: new Map(), records: new Map(), ledger: new Map() };
  for (const u of unitRows) {
    const parent = u.parentId ? (unitCode.get(u.parentId) ?? null) : null;
    state.units.set(codeOf(u), {
      id: u.id,
      imported: u.externalCode !== null,
      path: u.path,
      depth: u.depth,
      parentId: u.parentId,
      el: compact({ code: codeOf(u), name: u.name, shortName: u.shortName, type: u.type, parent }) as UnitEl,
    });
    if (parent === null) (state.units.get(codeOf(u))!.el as { parent: string | null }).parent = null;
  }
  const personRows = await db.select({ p: people }).from(people).innerJoin(units, eq(units.id, people.unitId)).where(inOrg);
  const personCode = new Map(personRows.map(({ p }) => [p.id, codeOf(p)]));
  for (const { p } of personRows) {
    state.people.set(codeOf(p), { id: p.id, imported: p.externalCode !== null, login: p.login, unitId: p.unitId, el: { code: codeOf(p), name: p.name, unit: unitCode.get(p.unitId)!, login: p.login } });
  }
  const workRows = await db
    .select({ s: submissions, body: submissionVersions.body })
    .from(submissions)
    .innerJoin(units, eq(units.id, submissions.unitId))
    .innerJoin(submissionVersions, and(eq(submissionVersions.submissionId, submissions.id), eq(submissionVersions.version, submissions.version)))
    .where(and(inOrg, eq(submissions.status, 'adopted')));
  const workIds = workRows.map((w) => w.s.id);
  const authorRows = workIds.length ? await db.select().from(submissionAuthors).where(inArray(submissionAuthors.submissionId, workIds)) : [];
  // Authors in the order the version lists them (the first is the one shown as submitting it).
  const versions = workIds.length
    ? await db
        .select({ id: submissionVersions.submissionId, authorIds: submissionVersions.authorIds })
        .from(submissionVersions)
        .innerJoin(submissions, and(eq(submissions.id, submissionVersions.submissionId), eq(submissions.version, submissionVersions.version)))
        .where(inArray(submissionVersions.submissionId, workIds))
    : [];
  const order = new Map(versions.map((v) => [v.id, v.authorIds]));
  // What a material is: its files say (a video file: video; an image: photo), else its media tag (an imported one).
  const materialIds = workRows.filter((w) => w.s.kind === 'material').map((w) => w.s.id);
  const fileKinds = new Map<string, Set<string>>();
  if (materialIds.length) {
    const files = await db
      .selectDistinct({ id: attachments.submissionId, kind: attachments.fileKind })
      .from(attachments)
      .where(and(inArray(attachments.submissionId, materialIds), isNull(attachments.removedAt)));
    for (const f of files) fileKinds.set(f.id, (fileKinds.get(f.id) ?? new Set()).add(f.kind));
  }
  const mediaTags = new Set<string>(Object.values(MEDIA_TAGS));
  const workCode = new Map(workRows.map(({ s }) => [s.id, codeOf(s)]));
  for (const { s, body } of workRows) {
    const listed = order.get(s.id) ?? [];
    const ids = [...new Set([...listed.filter((a) => authorRows.some((r) => r.submissionId === s.id && r.personId === a)), ...authorRows.filter((r) => r.submissionId === s.id).map((r) => r.personId)])];
    const material = s.kind === 'material';
    const files = fileKinds.get(s.id);
    const media = !material ? null : files?.has('video') ? 'video' : files?.has('image') ? 'photo' : mediaOfTags(s.tags);
    state.works.set(codeOf(s), {
      id: s.id,
      imported: s.externalCode !== null,
      unitId: s.unitId,
      status: s.status,
      el: compact({
        code: codeOf(s),
        kind: s.kind,
        unit: unitCode.get(s.unitId)!,
        authors: ids.map((a) => personCode.get(a) ?? a),
        tags: material ? s.tags.filter((t) => !mediaTags.has(t)) : s.tags,
        title: s.title,
        body,
        acceptedAt: formatInstant(s.adoptedAt ?? s.updatedAt, timeZone),
        media,
      }) as WorkEl,
    });
  }
  const recordRows = await db
    .select({ r: recordsOfUse, outletName: outlets.name, tier: outlets.tier, centralMain: outlets.centralMain, channelName: outletChannels.name, qualifies: outletChannels.qualifies })
    .from(recordsOfUse)
    .innerJoin(units, eq(units.id, recordsOfUse.unitId))
    .leftJoin(outlets, eq(outlets.id, recordsOfUse.outletId))
    .leftJoin(outletChannels, eq(outletChannels.id, recordsOfUse.channelId))
    .where(inOrg);
  for (const x of recordRows) {
    const r = x.r;
    const work = r.submissionId ? { work: workCode.get(r.submissionId) ?? r.submissionId } : { unit: unitCode.get(r.unitId)!, title: r.title ?? '', authors: r.authors };
    const common = { code: codeOf(r), ...work, at: r.usedOn, evidenceUrl: r.evidenceUrl, note: r.note };
    let el: RecordEl;
    switch (r.kind) {
      case 'briefing_use':
        el = { kind: 'briefing_use', mode: r.mode ?? 'comprehensive', issue: r.briefingLabel ?? '', ...common };
        break;
      case 'upper_adoption':
      case 'recommendation':
        el = { kind: r.kind, level: r.level ?? '', ...common };
        break;
      case 'media':
        el = { kind: 'media', outlet: x.outletName ?? '', tier: x.tier, channel: x.channelName ?? r.columnName, centralMainChannel: !!(x.centralMain && x.qualifies), url: r.url, ...common };
        break;
      case 'broadcast':
        el = { kind: 'broadcast', level: r.scope ?? 'regional', platform: r.platform ?? '', ...common };
        break;
      case 'award_work':
        el = { kind: 'award_work', level: (r.level ?? 'city') as 'city', award: r.awardName ?? '', ...common };
        break;
      case 'award_person':
        el = { kind: 'award_person', level: (r.level ?? 'city') as 'city', award: r.awardName ?? '', ...(r.personId ? { person: personCode.get(r.personId) ?? r.personId } : { personName: r.personName }), ...common };
        break;
    }
    state.records.set(codeOf(r), { id: r.id, imported: r.externalCode !== null, status: r.status, workKey: r.workKey, dedupeKey: r.dedupeKey, kind: r.kind, el: compact(el) });
  }
  const ledgerRows = await db.select().from(scoringLedgerEntries).where(eq(scoringLedgerEntries.orgId, root.id));
  for (const e of ledgerRows) {
    const el = ledgerElOf(codeOf(e), unitCode.get(e.unitId) ?? e.unitId, e, (id) => personCode.get(id) ?? id);
    state.ledger.set(codeOf(e), { id: e.id, imported: e.externalCode !== null, status: e.status, kind: e.kind, unitId: e.unitId, el: compact(el) });
  }
  return state;
}

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** The organisation's file: units (parents first), people, accepted works, active records of use and ledger entries; each section by code. */
export function stateToFile(state: OrgState, exportedAt: string | null): Interchange {
  const unitsOut = [...state.units.values()].sort((a, b) => a.depth - b.depth || byCode(a.el, b.el)).map((u) => u.el);
  return {
    format: FORMAT,
    version: VERSION,
    ...(exportedAt ? { exportedAt } : {}),
    units: unitsOut,
    people: [...state.people.values()].map((p) => p.el).sort(byCode),
    works: [...state.works.values()].map((w) => w.el).sort(byCode),
    records: [...state.records.values()].filter((r) => r.status === 'active').map((r) => r.el).sort(byCode),
    ledger: [...state.ledger.values()].filter((e) => e.status === 'active').map((e) => e.el).sort(byCode),
  };
}

/** The organisation (a top-level unit) by id, exact name or code. */
export async function findOrganisation(db: Tx, ref: string) {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const rows = await db
    .select({ id: units.id, name: units.name, path: units.path, depth: units.depth })
    .from(units)
    .where(and(isNull(units.parentId), uuid ? eq(units.id, ref) : sql`(${units.name} = ${ref} or ${units.externalCode} = ${ref})`));
  if (rows.length !== 1) throw appError(rows.length ? 'interchange/org_ambiguous' : 'interchange/no_org', { org: ref });
  return rows[0]!;
}

/** Writes an organisation's file (the operator's `xuanbao export`); audited. */
export async function exportInterchange(ctx: Ctx, input: { org: string }): Promise<Interchange> {
  requireAccess(ctx, 'unit.manage', '/');
  return ctx.db.transaction(async (tx) => {
    const root = await findOrganisation(tx, input.org);
    const state = await loadOrgState(tx, root, ctx.config.timeZone);
    const file = stateToFile(state, formatInstant(ctx.now, ctx.config.timeZone));
    await auditAction(tx, ctx, 'interchange.export', { type: 'unit', id: root.id }, { units: file.units.length, people: file.people.length, works: file.works.length, records: file.records.length, ledger: file.ledger.length });
    return file;
  });
}

