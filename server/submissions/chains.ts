import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { appError } from '../errors';
import { requireAccess, type Ctx } from '../http/context';
import { scopesFor } from '../access/roles';
import { people, units } from '../org/tables';
import { getUnitById, subtreeOf } from '../org/units';
import { SUBMISSION_KINDS, type SubmissionKind } from './kinds';
import { chainProblems, defaultChain, type ReviewChain } from './stages';
import { reviewChains } from './tables';

const rootOf = (unitPath: string) => unitPath.split('/').filter(Boolean)[0]!;

/** The configured chain of the unit's organisation for a kind, as a scalar subquery (null when none). */
export function configuredChainSql(unitPath: string, kind: SubmissionKind): SQL<Record<string, unknown> | null> {
  return sql`(select ${reviewChains.chain} from ${reviewChains} where ${reviewChains.rootUnitId} = ${rootOf(unitPath)} and ${reviewChains.kind} = ${kind})`;
}

/** The configured chain read by `configuredChainSql`, or the default for the kind. */
export function chainOrDefault(configured: Record<string, unknown> | null, kind: SubmissionKind): ReviewChain {
  return configured ? (configured as unknown as ReviewChain) : defaultChain(kind);
}

/** The chains of the caller's organisation(s), one per kind (configured or default). */
export async function findChains(ctx: Ctx) {
  requireAccess(ctx, 'review.configure');
  // Chains belong to organisations: only those the caller configures from the top unit down.
  const roots = [...new Set(scopesFor(ctx.auth.grants, 'review.configure').filter((p) => p.split('/').filter(Boolean).length === 1).map(rootOf))];
  const rows = roots.length ? await ctx.db.select().from(reviewChains).where(inArray(reviewChains.rootUnitId, roots)) : [];
  return roots.flatMap((rootUnitId) =>
    SUBMISSION_KINDS.map((kind) => {
      const row = rows.find((r) => r.rootUnitId === rootUnitId && r.kind === kind);
      return { rootUnitId, kind, chain: row ? (row.chain as unknown as ReviewChain) : defaultChain(kind), custom: !!row };
    }),
  );
}

/** Sets the chain for new submissions of a kind in one organisation (items in flight keep theirs). */
export async function setChain(ctx: Ctx, input: { rootUnitId: string; kind: SubmissionKind; chain: ReviewChain }) {
  const root = await getUnitById(ctx.db, input.rootUnitId);
  requireAccess(ctx, 'review.configure', root.path);
  // Chains belong to an organisation: a top-level unit.
  if (root.parentId) throw appError('chain/invalid', { problems: ctx.locale === 'en' ? 'choose a top-level unit' : '请选择顶级单位（组织）' });
  const problems = chainProblems(input.chain);
  // Seed 003: a news lead is approved by the unit's leader before it leaves the unit.
  if (input.kind === 'lead' && !input.chain.unitApproval) problems.push(ctx.locale === 'en' ? 'a news lead needs unit approval' : '宣传报道线索须经单位主管领导审核');
  if (problems.length) throw appError('chain/invalid', { problems: problems.join('；') });
  const ids = input.chain.stages.flatMap((st) => [...(st.holder.people ?? [])]).concat([...(input.chain.sensitiveApproval.people ?? [])]);
  if (ids.length) {
    const found = await ctx.db.select({ id: people.id }).from(people).innerJoin(units, eq(units.id, people.unitId)).where(and(inArray(people.id, ids), subtreeOf(root.path)));
    if (found.length !== new Set(ids).size) throw appError('chain/invalid', { problems: 'unknown people' });
  }
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(reviewChains)
      .values({ rootUnitId: root.id, kind: input.kind, chain: input.chain as unknown as Record<string, unknown>, updatedBy: ctx.auth.personId, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: [reviewChains.rootUnitId, reviewChains.kind], set: { chain: input.chain as unknown as Record<string, unknown>, updatedBy: ctx.auth.personId, updatedAt: ctx.now } });
    await auditAction(tx, ctx, 'review.chain_set', { type: 'unit', id: root.id }, { kind: input.kind, stages: input.chain.stages.length });
  });
}
