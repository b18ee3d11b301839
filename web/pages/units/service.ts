import { api } from '../../app/request';
import type { Unit, UnitType } from '../../app/types';

export type UnitInput = { name: string; shortName?: string | null; type: string; parentId: string };
export type UnitChanges = { name?: string; shortName?: string | null; type?: string };

export const fetchUnits = (includeInactive: boolean) => api.get<Unit[]>('/api/units', { includeInactive: includeInactive ? 1 : undefined });
export const fetchUnitTypes = () => api.get<UnitType[]>('/api/unit-types');
export const createUnit = (input: UnitInput) => api.post<Unit>('/api/units', input);
export const updateUnit = (id: string, changes: UnitChanges) => api.patch<Unit>(`/api/units/${id}`, changes);
export const moveUnit = (id: string, parentId: string) => api.post<Unit>(`/api/units/${id}/move`, { parentId });
export const deactivateUnit = (id: string) => api.post<{ deactivated: number }>(`/api/units/${id}/deactivate`);
export const activateUnit = (id: string) => api.post<Unit>(`/api/units/${id}/activate`);
export const deleteUnit = (id: string) => api.del<null>(`/api/units/${id}`);
