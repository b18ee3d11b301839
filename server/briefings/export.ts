/**
 * A briefing issue as a .docx in the GB/T 9704-2012 layout: the same document for the web's download
 * and the operator's `xuanbao briefing export`. Access is loadBriefingDocument's (the detail's rule:
 * a restricted issue only for its recipients and editors; a read receipt for a published issue).
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import { BRIEFING_TYPE_ZH, type BriefingType } from '../documents/briefing-document';
import { issueLine, renderBriefingDocx } from '../documents/briefing-docx';
import { appError } from '../errors';
import type { Ctx } from '../http/context';
import { loadBriefingDocument } from './issues';
import { briefingIssues, briefingSeries } from './tables';

export async function exportBriefingDocx(ctx: Ctx, id: string): Promise<{ filename: string; bytes: Buffer }> {
  const doc = await loadBriefingDocument(ctx, id);
  let bytes: Buffer;
  try {
    bytes = await renderBriefingDocx(doc);
  } catch (e) {
    // The renderer names what is missing (an item without a title, no items …): the editor can fix it.
    throw appError('briefing/not_exportable', { reason: e instanceof Error ? e.message.replace(/^简报无法导出：/, '') : String(e) });
  }
  return { filename: `${doc.mastheadName}${issueLine(doc)}.docx`.replace(/[\\/:*?"<>|]/g, '_'), bytes };
}

/** Briefing type by its Chinese name (简报) or key (jianbao). */
export function briefingTypeOf(name: string): BriefingType | null {
  const t = name.trim();
  for (const [key, zh] of Object.entries(BRIEFING_TYPE_ZH) as [BriefingType, string][]) if (t === key || t === zh) return key;
  return null;
}

/**
 * The published issue of an organisation by type, year and number (增刊 apart), for the operator's
 * command. Two series of one type in one organisation are told apart by `masthead`.
 */
export async function exportPublishedBriefing(
  ctx: Ctx,
  f: { orgId: string; type: BriefingType; year: number; number: number; supplement: boolean; masthead?: string | undefined },
): Promise<{ filename: string; bytes: Buffer; id: string }> {
  const rows = await ctx.db
    .select({ id: briefingIssues.id, masthead: briefingSeries.mastheadName })
    .from(briefingIssues)
    .innerJoin(briefingSeries, eq(briefingSeries.id, briefingIssues.seriesId))
    .where(
      and(
        eq(briefingIssues.orgId, f.orgId),
        eq(briefingSeries.type, f.type),
        eq(briefingIssues.status, 'published'),
        isNotNull(briefingIssues.number),
        eq(briefingIssues.year, f.year),
        eq(briefingIssues.number, f.number),
        eq(briefingIssues.supplement, f.supplement),
      ),
    );
  const hits = f.masthead ? rows.filter((r) => r.masthead === f.masthead) : rows;
  if (!hits.length) throw appError('common/not_found');
  if (hits.length > 1) throw appError('briefing/ambiguous', { mastheads: hits.map((h) => h.masthead).join('、') });
  const out = await exportBriefingDocx(ctx, hits[0]!.id);
  await auditAction(ctx.db, ctx, 'briefing.export', { type: 'briefing', id: hits[0]!.id }, { file: out.filename });
  return { ...out, id: hits[0]!.id };
}
