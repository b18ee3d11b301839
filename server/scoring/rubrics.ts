/**
 * Rubrics and their versions: create from template A, template B or a blank skeleton; save the draft
 * as YAML (kept as typed, even when invalid, with every problem located); adopt a valid draft as the
 * next version. Adopted versions never change; scores always use the version in force.
 */
import { and, asc, desc, eq, inArray, isNull, max } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { appError, hiddenRefusal } from '../errors';
import { can, requireAccess, SYSTEM_ID, type Ctx } from '../http/context';
import { people, units } from '../org/tables';
import { getUnitById } from '../org/units';
import { hasPermission } from '../access/roles';
import { orgOfPath, orgsWith, requireEditor, requireReader } from './access';
import { parseRubricYaml, rubricToYaml } from './engine/rubric-text';
import { validateRubric, type Rubric, type RubricInput } from './engine/rubric';
import { TEMPLATE_A, TEMPLATE_B } from './engine/templates';
import { scoringRubrics, scoringRubricVersions } from './tables';

export const RUBRIC_SOURCES = ['template_a', 'template_b', 'blank'] as const;
export type RubricSource = (typeof RUBRIC_SOURCES)[number];

const actorId = (ctx: Ctx) => (ctx.auth && ctx.auth.personId !== SYSTEM_ID ? ctx.auth.personId : null);

/** A blank rubric that is already valid, so the editor starts from the shape (docs/rubric-schema.md). */
const BLANK: RubricInput = {
  name: '新考核细则',
  dedupe: 'rubric',
  sections: [
    {
      key: 'basic',
      name: '基础业务',
      items: [{ key: 'adoption', name: '信息采用', mode: 'additive', max: '10', rules: [{ key: 'briefing', clause: '信息被简报采用的加1分', when: { kind: 'briefing_use' }, points: '1' }] }],
    },
  ],
};

function sourceRubric(from: RubricSource, name: string): Rubric {
  const input = from === 'template_a' ? TEMPLATE_A : from === 'template_b' ? TEMPLATE_B : BLANK;
  const v = validateRubric({ ...input, name });
  // The shipped templates are valid (tested); a failure here is a bug, not the caller's input.
  if (!v.ok) throw new Error(`template ${from} is invalid: ${JSON.stringify(v.problems)}`);
  return v.rubric;
}

export type RubricRow = typeof scoringRubrics.$inferSelect & { unitPath: string; unitName: string };

/** A rubric with the path of its unit, or 404. */
export async function loadRubric(db: Tx, id: string): Promise<RubricRow> {
  const [row] = await db.select({ r: scoringRubrics, unitPath: units.path, unitName: units.name }).from(scoringRubrics).innerJoin(units, eq(units.id, scoringRubrics.unitId)).where(eq(scoringRubrics.id, id));
  if (!row) throw appError('common/not_found');
  return { ...row.r, unitPath: row.unitPath, unitName: row.unitName };
}

/** The version in force (adopted) of a rubric, or null. */
export async function currentVersion(db: Tx, rubric: { currentVersionId: string | null }) {
  if (!rubric.currentVersionId) return null;
  const [v] = await db.select().from(scoringRubricVersions).where(eq(scoringRubricVersions.id, rubric.currentVersionId));
  return v ?? null;
}

/** The rubrics of the organisations in which the caller reads scores. */
export async function listRubrics(ctx: Ctx) {
  requireAccess(ctx, 'scoring.read');
  const orgs = orgsWith(ctx.auth.grants, 'scoring.read');
  if (orgs !== 'all' && !orgs.length) return { rubrics: [] };
  const rows = await ctx.db
    .select({ r: scoringRubrics, unitPath: units.path, unitName: units.name })
    .from(scoringRubrics)
    .innerJoin(units, eq(units.id, scoringRubrics.unitId))
    .where(orgs === 'all' ? undefined : inArray(scoringRubrics.orgId, orgs))
    .orderBy(asc(scoringRubrics.createdAt), asc(scoringRubrics.id));
  const ids = rows.map((r) => r.r.id);
  const versions = ids.length
    ? await ctx.db
        .select({ id: scoringRubricVersions.id, rubricId: scoringRubricVersions.rubricId, number: scoringRubricVersions.number, adoptedAt: scoringRubricVersions.adoptedAt })
        .from(scoringRubricVersions)
        .where(inArray(scoringRubricVersions.rubricId, ids))
    : [];
  return {
    rubrics: rows.map(({ r, unitPath, unitName }) => {
      const cur = versions.find((v) => v.id === r.currentVersionId);
      const canEdit = can(ctx, 'scoring.edit', unitPath);
      return {
        id: r.id,
        orgId: r.orgId,
        unitId: r.unitId,
        unitName,
        name: r.name,
        template: r.template,
        currentVersion: cur ? { id: cur.id, number: cur.number, adoptedAt: cur.adoptedAt } : null,
        hasDraft: canEdit && versions.some((v) => v.rubricId === r.id && v.adoptedAt === null),
        canEdit,
      };
    }),
  };
}

/** Creates a rubric on a unit (the caller's organisation by default) with a first draft from a template or blank. */
export async function createRubric(ctx: Ctx, input: { name: string; from: RubricSource; unitId?: string | undefined }) {
  requireAccess(ctx, 'scoring.edit');
  const unit = await getUnitById(ctx.db, input.unitId ?? orgOfPath(ctx.auth.unitPath));
  if (!hasPermission(ctx.auth.grants, 'scoring.edit', unit.path)) throw hiddenRefusal({ permission: 'scoring.edit' });
  const rubric = sourceRubric(input.from, input.name);
  const yaml = rubricToYaml(rubric);
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(scoringRubrics)
      .values({ orgId: orgOfPath(unit.path), unitId: unit.id, name: input.name, template: input.from === 'template_a' ? 'A' : input.from === 'template_b' ? 'B' : null, createdBy: actorId(ctx), createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    const [v] = await tx.insert(scoringRubricVersions).values({ rubricId: r!.id, number: 1, yaml, body: rubric, problems: [], createdBy: actorId(ctx), createdAt: ctx.now, updatedAt: ctx.now }).returning();
    await auditAction(tx, ctx, 'scoring.rubric_create', { type: 'scoring_rubric', id: r!.id }, { name: input.name, from: input.from, unitId: unit.id, draftVersionId: v!.id });
    return { id: r!.id };
  });
}

/** A rubric: the version in force, its draft (editors only), and the list of versions. */
export async function getRubric(ctx: Ctx, id: string) {
  const r = await loadRubric(ctx.db, id);
  requireReader(ctx, r);
  const canEdit = can(ctx, 'scoring.edit', r.unitPath);
  const versions = await ctx.db
    .select({ v: scoringRubricVersions, adoptedByName: people.name })
    .from(scoringRubricVersions)
    .leftJoin(people, eq(people.id, scoringRubricVersions.adoptedBy))
    .where(eq(scoringRubricVersions.rubricId, id))
    .orderBy(desc(scoringRubricVersions.number));
  const cur = versions.find((x) => x.v.id === r.currentVersionId)?.v;
  const draft = versions.find((x) => x.v.adoptedAt === null)?.v;
  return {
    id: r.id,
    orgId: r.orgId,
    unitId: r.unitId,
    unitName: r.unitName,
    name: r.name,
    template: r.template,
    canEdit,
    current: cur ? { id: cur.id, number: cur.number, yaml: cur.yaml, rubric: cur.body!, adoptedAt: cur.adoptedAt } : null,
    draft: canEdit && draft ? { id: draft.id, number: draft.number, yaml: draft.yaml, problems: draft.problems, valid: draft.body !== null, updatedAt: draft.updatedAt } : null,
    versions: versions.filter((x) => x.v.adoptedAt !== null).map((x) => ({ id: x.v.id, number: x.v.number, adoptedAt: x.v.adoptedAt, adoptedByName: x.adoptedByName, current: x.v.id === r.currentVersionId })),
  };
}

/** Saves the draft's YAML as typed (kept even when invalid) and answers its problems, each with line and column. */
export async function saveRubricDraft(ctx: Ctx, id: string, input: { yaml: string }) {
  const r = await loadRubric(ctx.db, id);
  requireEditor(ctx, r);
  const parsed = parseRubricYaml(input.yaml);
  const problems = parsed.ok ? [] : parsed.problems;
  const body = parsed.ok ? parsed.rubric : null;
  return ctx.db.transaction(async (tx) => {
    const [draft] = await tx.select().from(scoringRubricVersions).where(and(eq(scoringRubricVersions.rubricId, id), isNull(scoringRubricVersions.adoptedAt))).for('update');
    let versionId: string;
    if (draft) {
      await tx.update(scoringRubricVersions).set({ yaml: input.yaml, body, problems, updatedAt: ctx.now, createdBy: draft.createdBy ?? actorId(ctx) }).where(eq(scoringRubricVersions.id, draft.id));
      versionId = draft.id;
    } else {
      const [{ n }] = (await tx.select({ n: max(scoringRubricVersions.number) }).from(scoringRubricVersions).where(eq(scoringRubricVersions.rubricId, id))) as [{ n: number | null }];
      const [v] = await tx.insert(scoringRubricVersions).values({ rubricId: id, number: (n ?? 0) + 1, yaml: input.yaml, body, problems, createdBy: actorId(ctx), createdAt: ctx.now, updatedAt: ctx.now }).returning();
      versionId = v!.id;
    }
    await tx.update(scoringRubrics).set({ updatedAt: ctx.now }).where(eq(scoringRubrics.id, id));
    await auditAction(tx, ctx, 'scoring.rubric_draft', { type: 'scoring_rubric', id }, { versionId, valid: body !== null, problems: problems.length, chars: input.yaml.length });
    return { problems, valid: body !== null };
  });
}

/** Adopts a valid draft as the next version, in force from now on (scores recompute from it). */
export async function adoptRubricDraft(ctx: Ctx, id: string) {
  const r = await loadRubric(ctx.db, id);
  requireEditor(ctx, r);
  return ctx.db.transaction(async (tx) => {
    const [draft] = await tx.select().from(scoringRubricVersions).where(and(eq(scoringRubricVersions.rubricId, id), isNull(scoringRubricVersions.adoptedAt))).for('update');
    if (!draft) throw appError('scoring/no_draft');
    if (draft.body === null || draft.problems.length) {
      const list = draft.problems.slice(0, 5).map((p) => (p.line ? `${p.line}:${p.column ?? 1} ` : '') + `${p.path} ${p.message}`).join('; ');
      throw appError('scoring/rubric_invalid', { count: draft.problems.length, problems: list }, draft.problems.map((p) => ({ path: p.path, message: p.message })), { problems: draft.problems });
    }
    await tx.update(scoringRubricVersions).set({ adoptedAt: ctx.now, adoptedBy: actorId(ctx), updatedAt: ctx.now }).where(eq(scoringRubricVersions.id, draft.id));
    await tx.update(scoringRubrics).set({ currentVersionId: draft.id, name: draft.body.name, updatedAt: ctx.now }).where(eq(scoringRubrics.id, id));
    await auditAction(tx, ctx, 'scoring.rubric_adopt', { type: 'scoring_rubric', id }, { versionId: draft.id, number: draft.number, previousVersionId: r.currentVersionId });
    return { versionId: draft.id, number: draft.number };
  });
}
