import { call, type BodyOf, type QueryOf, type ResponseOf } from '../../app/api';
import { AUDITOR_ROLES } from '../../app/labels';

export type Person = ResponseOf<'GET /api/people/:id'>;
type SortField = NonNullable<QueryOf<'GET /api/people'>['sort']>;
export type PeopleQuery = { unitId?: string | undefined; q?: string | undefined; includeInactive?: boolean; sort?: SortField | undefined; order?: 'asc' | 'desc' | undefined; page: number; pageSize: number };
/** The columns the people list sorts by on the server (server/org/schema.ts PEOPLE_SORT_FIELDS). */
export const PEOPLE_SORT_FIELDS = ['name', 'login', 'unit', 'lastLoginAt', 'createdAt'] as const satisfies readonly SortField[];
export type PersonInput = BodyOf<'POST /api/people'>;
export type PersonChanges = BodyOf<'PATCH /api/people/:id'>;
export type RoleInput = NonNullable<PersonInput['roles']>[number];

export const fetchPeople = (q: PeopleQuery) =>
  call('GET /api/people', { query: { unitId: q.unitId, q: q.q, includeInactive: q.includeInactive ? '1' : undefined, sort: q.sort, order: q.order, page: q.page, pageSize: q.pageSize } });
export const fetchPerson = (id: string, unmask = false) => call('GET /api/people/:id', { params: { id }, query: { unmask: unmask ? '1' : undefined } });
export const fetchUnits = () => call('GET /api/units');
export const createPerson = (input: PersonInput) => call('POST /api/people', { body: input });
export const updatePerson = (id: string, changes: PersonChanges) => call('PATCH /api/people/:id', { params: { id }, body: changes });
export const deactivatePerson = (id: string) => call('POST /api/people/:id/deactivate', { params: { id } });
export const activatePerson = (id: string) => call('POST /api/people/:id/activate', { params: { id } });
export const resetPassword = (id: string) => call('POST /api/people/:id/reset-password', { params: { id } });
export const unlockPerson = (id: string) => call('POST /api/people/:id/unlock', { params: { id } });

/** An auditor's account: managed only by the operator's command on the server, never on this page. */
export const isAuditorAccount = (p: { roles: { role: string }[] }) => p.roles.some((r) => (AUDITOR_ROLES as readonly string[]).includes(r.role));
