/**
 * Briefing issues in the archive (档案检索, server/archive): published issues the caller may open —
 * visibleIssuesWhere, the one read rule, so a restricted issue is found only by its recipients and
 * editors — by words, year, type (专报 / 简报 / 通报), number, and the unit whose items it carried.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { ArchiveFilter, ArchivePage, ArchiveSource } from '../archive/archive';
import { RANKED_HITS } from '../archive/archive';
import { BRIEFING_TYPE_ZH, type BriefingType } from '../documents/briefing-document';
import type { AuthedCtx } from '../http/context';
import { units } from '../org/tables';
import { snippet } from '../search/text';
import { pageWithTotal } from '../submissions/count';
import { submissions } from '../submissions/tables';
import { visibleIssuesWhere } from './access';
import { issueLabel } from './issues';
import { briefingIssues, briefingItems, briefingSeries } from './tables';

function typeOf(kind: string): BriefingType | null {
  for (const [key, zh] of Object.entries(BRIEFING_TYPE_ZH) as [BriefingType, string][]) if (kind === key || kind === zh) return key;
  return null;
}

export const searchBriefings: ArchiveSource = async (ctx: AuthedCtx, f: ArchiveFilter): Promise<ArchivePage> => {
  const conds: (SQL | undefined)[] = [visibleIssuesWhere(ctx), eq(briefingIssues.status, 'published')];
  if (f.kind) {
    const type = typeOf(f.kind);
    if (!type) return { items: [], total: 0 };
    conds.push(eq(briefingSeries.type, type));
  }
  if (f.number) {
    // "12", "第12期" or "2024年第12期" (the year then filters too); "增刊" asks for a supplement.
    const digits = [...f.number.matchAll(/\d+/g)].map((m) => Number(m[0]));
    const n = digits[digits.length - 1];
    if (n === undefined) return { items: [], total: 0 };
    conds.push(eq(briefingIssues.number, n));
    if (digits.length > 1) conds.push(eq(briefingIssues.year, digits[0]!));
    if (f.number.includes('增刊')) conds.push(eq(briefingIssues.supplement, true));
  }
  if (f.year) conds.push(eq(briefingIssues.year, f.year));
  if (f.unitPath) {
    conds.push(
      sql`exists (select 1 from ${briefingItems} bi join ${submissions} s on s.id = bi.submission_id join ${units} u on u.id = s.unit_id where bi.issue_id = ${briefingIssues.id} and u.path like ${`${f.unitPath}%`})`,
    );
  }
  const q = f.words;
  if (q) conds.push(q.matches(briefingIssues.searchVector));
  const where = and(...conds);
  const byRank = !!q && f.sort === 'relevance';
  const { rows, ...counted } = await pageWithTotal(
    ctx.db,
    (limit, offset) => {
      const rank = byRank ? q.rank(briefingIssues.searchVector) : sql<number>`0::real`;
      return ctx.db
        .select({ i: briefingIssues, type: briefingSeries.type, unitId: briefingSeries.unitId, unitName: units.name, r: rank })
        .from(briefingIssues)
        .innerJoin(briefingSeries, eq(briefingSeries.id, briefingIssues.seriesId))
        .innerJoin(units, eq(units.id, briefingSeries.unitId))
        .where(where)
        .orderBy(...(byRank ? [desc(rank)] : []), desc(briefingIssues.publishedAt), desc(briefingIssues.id))
        .limit(Math.min(limit, RANKED_HITS))
        .offset(offset);
    },
    () => ctx.db.select({ one: sql`1` }).from(briefingIssues).innerJoin(briefingSeries, eq(briefingSeries.id, briefingIssues.seriesId)).where(where).$dynamic(),
    f,
  );
  const terms = q?.terms ?? [];
  return {
    items: rows.map(({ i, type, unitId, unitName }) => {
      const doc = i.snapshot;
      const title = `${doc?.mastheadName ?? ''} ${issueLabel(i) ?? ''}`.trim();
      const text = [doc?.editorNote ?? '', ...(doc?.items ?? []).map((it) => `${it.title}：${it.body}`)].filter(Boolean).join('\n');
      return {
        type: 'briefings' as const,
        id: i.id,
        number: issueLabel(i),
        kind: BRIEFING_TYPE_ZH[type],
        status: i.status,
        title,
        titleParts: snippet(title, terms, 200),
        snippet: snippet(text, terms),
        unitId,
        unitName,
        date: i.publishedAt,
        tags: i.restricted ? ['restricted'] : [],
      };
    }),
    ...counted,
  };
};
