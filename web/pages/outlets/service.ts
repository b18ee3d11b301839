/** The outlet registry and upper levels (server/records/registry.ts), for administrators. */
import { call, type BodyOf, type ResponseOf } from '../../app/api';

export type OutletsAnswer = ResponseOf<'GET /api/outlets'>;
export type OutletRow = OutletsAnswer['outlets'][number];
export type LevelsAnswer = ResponseOf<'GET /api/record-levels'>;
export type LevelRow = LevelsAnswer['levels'][number];

export const fetchOutlets = (unitId?: string) => call('GET /api/outlets', { query: { unitId, includeInactive: '1' } });
export const createOutlet = (body: BodyOf<'POST /api/outlets'>) => call('POST /api/outlets', { body });
export const updateOutlet = (id: string, body: BodyOf<'PATCH /api/outlets/:id'>) => call('PATCH /api/outlets/:id', { params: { id }, body });
export const deleteOutlet = (id: string) => call('DELETE /api/outlets/:id', { params: { id } });
export const fetchLevels = (unitId?: string) => call('GET /api/record-levels', { query: { unitId } });
export const createLevel = (body: BodyOf<'POST /api/record-levels'>) => call('POST /api/record-levels', { body });
export const updateLevel = (unitId: string, code: string, body: BodyOf<'PATCH /api/record-levels/:unitId/:code'>) =>
  call('PATCH /api/record-levels/:unitId/:code', { params: { unitId, code }, body });
