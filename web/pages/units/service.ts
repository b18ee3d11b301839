import { call, type BodyOf } from '../../app/api';

export type UnitInput = BodyOf<'POST /api/units'>;
export type UnitChanges = BodyOf<'PATCH /api/units/:id'>;

export const fetchUnits = (includeInactive: boolean) => call('GET /api/units', { query: { includeInactive: includeInactive ? '1' : undefined } });
export const fetchUnitTypes = () => call('GET /api/unit-types');
export const createUnit = (input: UnitInput) => call('POST /api/units', { body: input });
export const updateUnit = (id: string, changes: UnitChanges) => call('PATCH /api/units/:id', { params: { id }, body: changes });
export const moveUnit = (id: string, parentId: string) => call('POST /api/units/:id/move', { params: { id }, body: { parentId } });
export const deactivateUnit = (id: string) => call('POST /api/units/:id/deactivate', { params: { id } });
export const activateUnit = (id: string) => call('POST /api/units/:id/activate', { params: { id } });
export const deleteUnit = (id: string) => call('DELETE /api/units/:id', { params: { id } });
