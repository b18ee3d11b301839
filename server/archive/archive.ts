/**
 * The archive (档案检索): accepted items — and briefing issues, once the briefings domain registers
 * them — searched by words, year, kind, number, unit and status, paged on the server, sorted by
 * relevance or date, each hit with its title and a passage of its text where the words are marked.
 *
 * Words go through search/ (jieba on write and on query, a `simple` tsvector with a GIN index).
 * What a caller may find is exactly what they may open: items go through visibleSubmissionsWhere
 * (submissions/access.ts), a briefings source applies its own rule (recipients of restricted issues).
 *
 * A new searchable domain: `registerArchiveSource('briefings', source)` (server/routes.ts), where
 * `source(ctx, filter)` returns a page of ArchiveHit built with search/vector.ts (searchQuery,
 * `q.matches(column)`, `q.rank(column)`) and search/text.ts (`snippet(text, q.terms)`).
 */
import { and, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { AuthedCtx, Ctx } from '../http/context';
import { appError } from '../errors';
import { units } from '../org/tables';
import { subtreeOf } from '../org/units';
import { snippet, type SnippetPart } from '../search/text';
import { searchQuery, type SearchQuery } from '../search/vector';
import { visibleSubmissionsWhere } from '../submissions/access';
import type { CappedTotal } from '../submissions/count';
import { submissions, submissionVersions } from '../submissions/tables';
import type { ArchiveQuery, ArchiveType } from './schema';

/**
 * By relevance, this many of the newest hits (or the page's, if deeper) are ranked: a common word
 * matches most of the archive, and ranking reads each hit's whole vector.
 */
export const RANKED_HITS = 200;

/**
 * XUANBAO_ARCHIVE_COUNT_CAP (read per search, so a test can lower it); 200 by default. The archive
 * counts hits only up to it and past it says "200+" (`totalIsLowerBound`): counting every hit of a
 * common word or of a whole year would read every matching row on each search.
 */
export function archiveCountCap(): number {
  const v = Number(process.env.XUANBAO_ARCHIVE_COUNT_CAP);
  return Number.isInteger(v) && v > 0 ? v : 200;
}

/**
 * One page and its total, counted up to archiveCountCap() (the lists' pageWithTotal, with the
 * archive's cap): the page reads one row more than it shows, so a page that is not full knows the
 * exact total without counting; a page past the cap counts nothing (the page's end is the bound).
 */
export async function archivePage<R>(
  fetch: (limit: number, offset: number) => Promise<R[]>,
  countUpTo: (cap: number) => Promise<number>,
  page: { page: number; pageSize: number },
): Promise<{ rows: R[] } & CappedTotal> {
  const offset = (page.page - 1) * page.pageSize;
  const cap = archiveCountCap();
  const got = await fetch(page.pageSize + 1, offset);
  const rows = got.slice(0, page.pageSize);
  const more = got.length > page.pageSize;
  if (!more && (rows.length > 0 || offset === 0)) return { rows, total: offset + rows.length };
  if (more && offset + page.pageSize >= cap) return { rows, total: offset + page.pageSize, totalIsLowerBound: true };
  // A full page below the cap, or a page past the end (a stale link: count to it, to go back).
  const limit = more ? cap : offset;
  const n = await countUpTo(limit);
  return n > limit ? { rows, total: limit, totalIsLowerBound: true } : { rows, total: n };
}

/** One hit, the same shape for every type. */
export type ArchiveHit = {
  type: ArchiveType;
  id: string;
  /** Items: the serial (2026-000123); briefings: the number ("2024年第12期"). */
  number: string | null;
  /** Items: the submission kind; briefings: 专报 | 简报 | 通报. */
  kind: string;
  status: string;
  title: string;
  /** The title cut into plain and hit parts. */
  titleParts: SnippetPart[];
  /** A passage of the text around the first hit (its beginning without words). */
  snippet: SnippetPart[];
  unitId: string;
  unitName: string;
  /** Items: first submitted; briefings: issued. */
  date: Date | null;
  tags: string[];
};

export type ArchivePage = { items: ArchiveHit[] } & CappedTotal;

/** The filter a source gets: the route's query, with the words already made into a SearchQuery. */
export type ArchiveFilter = ArchiveQuery & { words: SearchQuery | null; unitPath: string | null };

export type ArchiveSource = (ctx: AuthedCtx, filter: ArchiveFilter) => Promise<ArchivePage>;

const sources = new Map<ArchiveType, ArchiveSource>();

/** Registers the search of one type (server/routes.ts). */
export function registerArchiveSource(type: ArchiveType, source: ArchiveSource): void {
  sources.set(type, source);
}

/** [from, to) of a calendar year in the deployment's time zone, as SQL timestamps. */
export function yearRange(year: number, timeZone: string): { from: SQL; to: SQL } {
  const at = (y: number) => sql`(make_timestamp(${y}::int, 1, 1, 0, 0, 0) at time zone ${timeZone}::text)`;
  return { from: at(year), to: at(year + 1) };
}

/** The archive search: one type at a time (`type`, items by default). */
export async function searchArchive(ctx: Ctx, query: ArchiveQuery): Promise<ArchivePage> {
  if (!ctx.auth) throw appError('auth/unauthenticated');
  const authed = ctx as AuthedCtx;
  let unitPath: string | null = null;
  if (query.unitId) {
    // A unit the caller cannot see, or none, simply finds nothing (its existence is not revealed).
    const [u] = await ctx.db.select({ path: units.path }).from(units).where(eq(units.id, query.unitId));
    if (!u) return { items: [], total: 0 };
    unitPath = u.path;
  }
  const source = sources.get(query.type) ?? (query.type === 'items' ? searchItems : null);
  if (!source) return { items: [], total: 0 };
  return source(authed, { ...query, words: searchQuery(query.q), unitPath });
}

/**
 * Items: submitted pieces the caller may open (visibleSubmissionsWhere, exactly), accepted ones
 * unless `status` says otherwise. Relevance: ts_rank (title counts most), newest first on a tie.
 */
export async function searchItems(ctx: AuthedCtx, f: ArchiveFilter): Promise<ArchivePage> {
  const conds: (SQL | undefined)[] = [visibleSubmissionsWhere(ctx), isNotNull(submissions.submittedAt), eq(submissions.status, (f.status ?? 'adopted') as typeof submissions.status._.data)];
  if (f.kind) conds.push(eq(submissions.kind, f.kind as typeof submissions.kind._.data));
  if (f.number) conds.push(eq(submissions.serial, f.number));
  if (f.unitPath) conds.push(subtreeOf(f.unitPath));
  if (f.year) {
    const r = yearRange(f.year, ctx.config.timeZone);
    conds.push(sql`${submissions.submittedAt} >= ${r.from}`, sql`${submissions.submittedAt} < ${r.to}`);
  }
  const q = f.words;
  if (q) conds.push(q.matches(submissions.searchVector));
  const where = and(...conds);
  const byRank = q && f.sort === 'relevance';
  const newest = [desc(submissions.submittedAt), desc(submissions.id)];
  const { rows, ...counted } = await archivePage(
    async (limit, offset) => {
      // The page's ids first, then their rows, bodies and units. By relevance, the newest hits
      // (at least RANKED_HITS, and always the page's) are ranked: a common word matches most of the
      // archive, and ranking every hit would read every vector; the total is capped alike (count.ts).
      const hits = ctx.db
        .select({ id: submissions.id, v: submissions.searchVector, at: submissions.submittedAt })
        .from(submissions)
        .innerJoin(units, eq(units.id, submissions.unitId))
        .where(where)
        .orderBy(...newest)
        .limit(byRank ? Math.max(RANKED_HITS, offset + limit) : limit)
        .offset(byRank ? 0 : offset)
        .as('hits');
      const rank = byRank ? q.rank(hits.v) : sql<number>`0::real`;
      const page = ctx.db
        .select({ id: hits.id, r: rank.as('r'), at: hits.at })
        .from(hits)
        .orderBy(...(byRank ? [desc(rank)] : []), desc(hits.at), desc(hits.id))
        .limit(byRank ? limit : RANKED_HITS + limit)
        .offset(byRank ? offset : 0)
        .as('page');
      return ctx.db
        .select({ s: submissions, unitName: units.name, body: submissionVersions.body })
        .from(page)
        .innerJoin(submissions, eq(submissions.id, page.id))
        .innerJoin(units, eq(units.id, submissions.unitId))
        .innerJoin(submissionVersions, and(eq(submissionVersions.submissionId, submissions.id), eq(submissionVersions.version, submissions.version)))
        .orderBy(desc(page.r), desc(page.at), desc(page.id));
    },
    async (cap) => {
      const capped = ctx.db.select({ one: sql`1` }).from(submissions).innerJoin(units, eq(units.id, submissions.unitId)).where(where).limit(cap + 1).as('capped');
      const [r] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(capped);
      return Number(r?.n ?? 0);
    },
    f,
  );
  const terms = q?.terms ?? [];
  return {
    items: rows.map(({ s, unitName, body }) => ({
      type: 'items' as const,
      id: s.id,
      number: s.serial,
      kind: s.kind,
      status: s.status,
      title: s.title,
      titleParts: snippet(s.title, terms, 200),
      snippet: snippet(body, terms),
      unitId: s.unitId,
      unitName,
      date: s.submittedAt,
      tags: s.tags,
    })),
    ...counted,
  };
}
