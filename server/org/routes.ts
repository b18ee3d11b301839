import { defineRoute, ZIdParam, type RouteTable } from '../http/route';
import { createPerson, findPeople, getPerson, resetPassword, setPersonActive, unlockPerson, updatePerson } from './people';
import { AUDITOR_ROLES, ROLE_LABELS, ROLES } from '../access/roles';
import { ZCreatePerson, ZCreateUnit, ZMoveUnit, ZPeopleQuery, ZPersonQuery, ZUnitsQuery, ZUpdatePerson, ZUpdateUnit } from './schema';
import { findMyOfficeLinks } from './links';
import { activateUnit, createUnit, deactivateUnit, deleteUnit, findUnits, findUnitTypes, moveUnit, updateUnit } from './units';

export const orgRoutes = {
  unitTypes: defineRoute({ method: 'GET', url: '/api/unit-types', access: { permission: 'unit.read' }, handler: ({ ctx }) => findUnitTypes(ctx) }),
  roles: defineRoute({
    method: 'GET',
    url: '/api/roles',
    access: { signedIn: true },
    // operatorOnly: granted only by the operator's command on the server; the web app never offers it.
    handler: async () => ROLES.map((r) => ({ key: r, ...ROLE_LABELS[r], operatorOnly: AUDITOR_ROLES.includes(r) })),
  }),
  // The caller's organisation's upper office and lower offices (names only): who items are forwarded to.
  officeLinks: defineRoute({ method: 'GET', url: '/api/org/office-links', access: { signedIn: true }, handler: ({ ctx }) => findMyOfficeLinks(ctx) }),
  listUnits: defineRoute({
    method: 'GET',
    url: '/api/units',
    access: { permission: 'unit.read' },
    query: ZUnitsQuery,
    handler: ({ ctx, query }) => findUnits(ctx, { includeInactive: query.includeInactive === '1', type: query.type, q: query.q, sort: query.sort, order: query.order }),
  }),
  createUnit: defineRoute({ method: 'POST', url: '/api/units', access: { permission: 'unit.manage' }, body: ZCreateUnit, handler: ({ ctx, body }) => createUnit(ctx, body) }),
  updateUnit: defineRoute({
    method: 'PATCH',
    url: '/api/units/:id',
    access: { permission: 'unit.manage' },
    params: ZIdParam,
    body: ZUpdateUnit,
    handler: ({ ctx, params, body }) => updateUnit(ctx, params.id, body),
  }),
  moveUnit: defineRoute({
    method: 'POST',
    url: '/api/units/:id/move',
    access: { permission: 'unit.manage' },
    params: ZIdParam,
    body: ZMoveUnit,
    handler: ({ ctx, params, body }) => moveUnit(ctx, params.id, body),
  }),
  deactivateUnit: defineRoute({
    method: 'POST',
    url: '/api/units/:id/deactivate',
    access: { permission: 'unit.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => deactivateUnit(ctx, params.id),
  }),
  activateUnit: defineRoute({
    method: 'POST',
    url: '/api/units/:id/activate',
    access: { permission: 'unit.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => activateUnit(ctx, params.id),
  }),
  deleteUnit: defineRoute({
    method: 'DELETE',
    url: '/api/units/:id',
    access: { permission: 'unit.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => deleteUnit(ctx, params.id),
  }),

  listPeople: defineRoute({
    method: 'GET',
    url: '/api/people',
    access: { permission: 'person.read' },
    query: ZPeopleQuery,
    handler: ({ ctx, query }) => findPeople(ctx, { ...query, includeInactive: query.includeInactive === '1' }),
  }),
  getPerson: defineRoute({
    method: 'GET',
    url: '/api/people/:id',
    access: { permission: 'person.read' },
    params: ZIdParam,
    query: ZPersonQuery,
    handler: ({ ctx, params, query }) => getPerson(ctx, params.id, { unmask: query.unmask === '1' }),
  }),
  createPerson: defineRoute({ method: 'POST', url: '/api/people', access: { permission: 'person.manage' }, body: ZCreatePerson, handler: ({ ctx, body }) => createPerson(ctx, body) }),
  updatePerson: defineRoute({
    method: 'PATCH',
    url: '/api/people/:id',
    access: { permission: 'person.manage' },
    params: ZIdParam,
    body: ZUpdatePerson,
    handler: ({ ctx, params, body }) => updatePerson(ctx, params.id, body),
  }),
  deactivatePerson: defineRoute({
    method: 'POST',
    url: '/api/people/:id/deactivate',
    access: { permission: 'person.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => setPersonActive(ctx, params.id, false),
  }),
  activatePerson: defineRoute({
    method: 'POST',
    url: '/api/people/:id/activate',
    access: { permission: 'person.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => setPersonActive(ctx, params.id, true),
  }),
  resetPassword: defineRoute({
    method: 'POST',
    url: '/api/people/:id/reset-password',
    access: { permission: 'person.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => resetPassword(ctx, params.id),
  }),
  unlockPerson: defineRoute({
    method: 'POST',
    url: '/api/people/:id/unlock',
    access: { permission: 'person.manage' },
    params: ZIdParam,
    summary: 'Lift a sign-in lockout before it expires',
    handler: ({ ctx, params }) => unlockPerson(ctx, params.id),
  }),
} satisfies RouteTable;
