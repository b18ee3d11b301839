/**
 * Scoring API (server/scoring/routes.ts): rubrics, rankings, explanations, series. Every point value
 * is the server's exact decimal string; the pages show it as it comes, never through Number.
 */
import { call, fillPath, type BodyOf, type ParamsOf, type QueryOf, type ResponseOf } from '../../app/api';
import { download } from '../../app/request';

export type Subject = 'units' | 'people';
export type RubricRow = ResponseOf<'GET /api/scoring/rubrics'>['rubrics'][number];
export type Ranking = ResponseOf<'GET /api/scoring/rankings'>;
export type RankingItem = Ranking['items'][number];
export type RankingRow = Ranking['rows'][number];
export type Explanation = ResponseOf<'GET /api/scoring/explain'>;
export type ExplainEntry = Explanation['entries'][number];
export type EntryStatus = ExplainEntry['status'];
export type Series = ResponseOf<'GET /api/scoring/series'>;

export const fetchRubrics = () => call('GET /api/scoring/rubrics');
export const fetchRanking = (query: QueryOf<'GET /api/scoring/rankings'>) => call('GET /api/scoring/rankings', { query });
export const fetchExplanation = (query: QueryOf<'GET /api/scoring/explain'>) => call('GET /api/scoring/explain', { query });
export const fetchSeries = (query: QueryOf<'GET /api/scoring/series'>) => call('GET /api/scoring/series', { query });

/** An appeal (申诉) against an entry, as the explanation and the appeals list give it (server/scoring/appeals.ts). */
export type Appeal = ResponseOf<'GET /api/scoring/appeals'>['appeals'][number];
export type AppealStatus = Appeal['status'];
export type NoticeKind = ParamsOf<'GET /api/scoring/notices/:kind'>['kind'];
export type NoticeFormat = NonNullable<QueryOf<'GET /api/scoring/notices/:kind'>['format']>;
export type AcceptAppeal = BodyOf<'POST /api/scoring/appeals/:id/accept'>;

export const fetchAppeals = (query: QueryOf<'GET /api/scoring/appeals'>) => call('GET /api/scoring/appeals', { query });
export const fileAppeal = (body: BodyOf<'POST /api/scoring/appeals'>) => call('POST /api/scoring/appeals', { body });
export const acceptAppeal = (id: string, body: AcceptAppeal) => call('POST /api/scoring/appeals/:id/accept', { params: { id }, body });
export const rejectAppeal = (id: string, reason: string) => call('POST /api/scoring/appeals/:id/reject', { params: { id }, body: { reason } });
/** A notice (通报) as a file, downloaded by the browser (the route answers a file, not JSON). */
export const downloadNotice = (kind: NoticeKind, query: Omit<QueryOf<'GET /api/scoring/notices/:kind'>, 'format'> & { format: NoticeFormat }) =>
  download(fillPath('/api/scoring/notices/:kind', { kind }), query, `${kind}.${query.format}`);
/** The ledger entry an appeal contests, to correct it (the ledger list of its unit, found by id). */
export const fetchLedgerEntry = async (unitId: string, id: string) => {
  // The list is paged on the server (at most 200 a page): walk the unit's active entries until the one appealed.
  for (let page = 1; ; page += 1) {
    const { items, total } = await call('GET /api/scoring/ledger', { query: { unitId, status: 'active', page, pageSize: 200 } });
    const found = items.find((e) => e.id === id);
    if (found) return found;
    if (items.length === 0 || page * 200 >= total) return null;
  }
};
export type LedgerCorrectionEntry = BodyOf<'POST /api/scoring/ledger/:id/correct'>['entry'];
