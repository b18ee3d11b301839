/** Rubrics API (server/scoring/routes.ts): list, create from a template, draft, what-if, adopt. */
import { call, type BodyOf, type ResponseOf } from '../../app/api';
import type { RubricRow } from '../rankings/service';

export type { RubricRow };
export type RubricFrom = BodyOf<'POST /api/scoring/rubrics'>['from'];
export type RubricDetail = ResponseOf<'GET /api/scoring/rubrics/:id'>;
export type WhatIf = ResponseOf<'POST /api/scoring/what-if'>;
export type WhatIfChange = WhatIf['changes'][number];

export const fetchRubrics = () => call('GET /api/scoring/rubrics');
export const createRubric = (body: BodyOf<'POST /api/scoring/rubrics'>) => call('POST /api/scoring/rubrics', { body });
export const fetchRubric = (id: string) => call('GET /api/scoring/rubrics/:id', { params: { id } });
export const saveDraft = (id: string, yaml: string) => call('PUT /api/scoring/rubrics/:id/draft', { params: { id }, body: { yaml } });
export const adoptDraft = (id: string) => call('POST /api/scoring/rubrics/:id/adopt', { params: { id } });
export const whatIf = (body: BodyOf<'POST /api/scoring/what-if'>) => call('POST /api/scoring/what-if', { body });
