/**
 * Scoring API (server/scoring/routes.ts): rubrics, rankings, explanations, series. Every point value
 * is the server's exact decimal string; the pages show it as it comes, never through Number.
 */
import { call, type QueryOf, type ResponseOf } from '../../app/api';

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
