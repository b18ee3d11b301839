import { api } from '../../app/request';
import type { Page, Role, RoleGrant, Unit } from '../../app/types';

export type Person = {
  id: string;
  login: string;
  name: string;
  unitId: string;
  unitName: string;
  /** Masked (138****1234) unless fetched with unmask. */
  phone: string | null;
  email: string | null;
  active: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  lastLoginAt: string | null;
  roles: RoleGrant[];
};

export type PeopleQuery = { unitId?: string | undefined; q?: string | undefined; includeInactive?: boolean; page: number; pageSize: number };
export type RoleInput = { role: Role; unitId: string };
export type PersonInput = { login: string; name: string; unitId: string; phone?: string | null; email?: string | null; roles: RoleInput[] };
export type PersonChanges = { name?: string; unitId?: string; phone?: string | null; email?: string | null; roles?: RoleInput[] };

export const fetchPeople = (q: PeopleQuery) =>
  api.get<Page<Person>>('/api/people', { unitId: q.unitId, q: q.q, includeInactive: q.includeInactive ? 1 : undefined, page: q.page, pageSize: q.pageSize });
export const fetchPerson = (id: string, unmask = false) => api.get<Person>(`/api/people/${id}`, { unmask: unmask ? 1 : undefined });
export const fetchUnits = () => api.get<Unit[]>('/api/units');
export const createPerson = (input: PersonInput) => api.post<{ person: Person; initialPassword: string }>('/api/people', input);
export const updatePerson = (id: string, changes: PersonChanges) => api.patch<Person>(`/api/people/${id}`, changes);
export const deactivatePerson = (id: string) => api.post<Person>(`/api/people/${id}/deactivate`);
export const activatePerson = (id: string) => api.post<Person>(`/api/people/${id}/activate`);
export const resetPassword = (id: string) => api.post<{ initialPassword: string }>(`/api/people/${id}/reset-password`);
