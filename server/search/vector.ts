/**
 * Full-text search for any domain, the SQL part: a `tsvector` column type, the expression that
 * computes a column's value from texts (segmented here by jieba, see text.ts), and the match and
 * rank conditions of a user's query. Same SQL on PGlite and PostgreSQL: only `to_tsvector`,
 * `to_tsquery`, `setweight`, `ts_rank` and `@@` with the built-in `simple` configuration.
 *
 * To make a table searchable (e.g. briefing issues):
 *   1. a column `searchVector: tsvector('search_vector')` and a GIN index on it (tables.ts);
 *   2. in the statement that writes the text, `.set({ searchVector: searchVectorSql([[title, 'A'], [body, 'C']]) })`;
 *   3. when searching, `const q = searchQuery(userText)`; if `q`, add `q.matches(table.searchVector)`
 *      to the conditions and order by `q.rank(table.searchVector)`; `snippet(text, q.terms)` for the hit passage.
 */
import { customType } from 'drizzle-orm/pg-core';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { indexText, queryTerms, tsqueryText, type QueryTerm } from './text';

/** A `tsvector` column. Written only through searchVectorSql; read only by the database (never selected). */
export const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => 'tsvector',
});

/** Weight of a text in the ranking: A (title) > B (tags) > C (body) > D. */
export type SearchWeight = 'A' | 'B' | 'C' | 'D';

/**
 * The value of a search-vector column for these texts: each segmented, weighted, concatenated.
 * The words are bound as parameters (never spliced into the SQL).
 */
export function searchVectorSql(texts: readonly (readonly [text: string | null | undefined, weight: SearchWeight])[]): SQL {
  const parts = texts.map(([text, weight]) => sql`setweight(to_tsvector('simple', ${indexText(text ?? '')}), ${weight})`);
  if (!parts.length) return sql`''::tsvector`;
  return sql.join(parts, sql` || `);
}

/** A user's query, ready for SQL: its terms (for snippets), the match condition and the rank. */
export type SearchQuery = {
  terms: QueryTerm[];
  /** The tsquery text (each word quoted by us; bound as a parameter). */
  text: string;
  matches: (column: SQLWrapper) => SQL;
  rank: (column: SQLWrapper) => SQL<number>;
};

/** Null when the text has nothing searchable (only punctuation, stop words, spaces): no condition. */
export function searchQuery(userText: string | null | undefined): SearchQuery | null {
  const text = tsqueryText(userText ?? '');
  if (!text) return null;
  const q = sql`to_tsquery('simple', ${text})`;
  return {
    terms: queryTerms(userText ?? ''),
    text,
    matches: (column) => sql`(${column} @@ ${q})`,
    rank: (column) => sql<number>`ts_rank(${column}, ${q})`,
  };
}
