import { call, type BodyOf, type QueryOf } from '../../app/api';
import type { Unit } from '../../app/types';

export type UnitInput = BodyOf<'POST /api/units'>;
export type UnitChanges = BodyOf<'PATCH /api/units/:id'>;

export const fetchUnits = (includeInactive: boolean) => call('GET /api/units', { query: { includeInactive: includeInactive ? '1' : undefined } });
export type UnitsQuery = QueryOf<'GET /api/units'>;
/** The columns the units list sorts by on the server, level by level (server/org/schema.ts UNIT_SORT_FIELDS). */
export const UNIT_SORT_FIELDS = ['name', 'type', 'sortOrder', 'createdAt'] as const satisfies readonly NonNullable<UnitsQuery['sort']>[];
export type UnitSortField = (typeof UNIT_SORT_FIELDS)[number];
/** The units the table shows: filtered (matches with their ancestors) and sorted by the server. */
export const fetchUnitList = async (query: UnitsQuery) => {
  const items = (await call('GET /api/units', { query })) as Unit[];
  return { items, total: items.length };
};
export const fetchUnitTypes = () => call('GET /api/unit-types');
export const createUnit = (input: UnitInput) => call('POST /api/units', { body: input });
export const updateUnit = (id: string, changes: UnitChanges) => call('PATCH /api/units/:id', { params: { id }, body: changes });
export const moveUnit = (id: string, parentId: string) => call('POST /api/units/:id/move', { params: { id }, body: { parentId } });
export const deactivateUnit = (id: string) => call('POST /api/units/:id/deactivate', { params: { id } });
export const activateUnit = (id: string) => call('POST /api/units/:id/activate', { params: { id } });
export const deleteUnit = (id: string) => call('DELETE /api/units/:id', { params: { id } });
