import { api } from '../../app/request';
import type { Page, Unit } from '../../app/types';

export type Health = { status: string; database: string };

export const fetchHealth = () => api.get<Health>('/api/health');
export const fetchUnitCount = async () => (await api.get<Unit[]>('/api/units')).length;
export const fetchPeopleTotal = async () => (await api.get<Page<unknown>>('/api/people', { pageSize: 1 })).total;
