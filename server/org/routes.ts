import type { FastifyInstance } from 'fastify';
import { route, ZIdParam } from '../http/route';
import { createPerson, findPeople, getPerson, resetPassword, setPersonActive, updatePerson } from './people';
import { ROLE_LABELS, ROLES } from '../access/roles';
import { ZCreatePerson, ZCreateUnit, ZMoveUnit, ZPeopleQuery, ZPersonQuery, ZUnitsQuery, ZUpdatePerson, ZUpdateUnit } from './schema';
import { activateUnit, createUnit, deactivateUnit, deleteUnit, findUnits, findUnitTypes, moveUnit, updateUnit } from './units';

export function orgRoutes(app: FastifyInstance) {
  route(app, { method: 'GET', url: '/api/unit-types', access: { permission: 'unit.read' }, handler: ({ ctx }) => findUnitTypes(ctx) });
  route(app, {
    method: 'GET',
    url: '/api/roles',
    access: { signedIn: true },
    handler: async () => ROLES.map((r) => ({ key: r, ...ROLE_LABELS[r] })),
  });
  route(app, {
    method: 'GET',
    url: '/api/units',
    access: { permission: 'unit.read' },
    query: ZUnitsQuery,
    handler: ({ ctx, query }) => findUnits(ctx, { includeInactive: query.includeInactive === '1' }),
  });
  route(app, { method: 'POST', url: '/api/units', access: { permission: 'unit.manage' }, body: ZCreateUnit, handler: ({ ctx, body }) => createUnit(ctx, body) });
  route(app, {
    method: 'PATCH',
    url: '/api/units/:id',
    access: { permission: 'unit.manage' },
    params: ZIdParam,
    body: ZUpdateUnit,
    handler: ({ ctx, params, body }) => updateUnit(ctx, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/units/:id/move',
    access: { permission: 'unit.manage' },
    params: ZIdParam,
    body: ZMoveUnit,
    handler: ({ ctx, params, body }) => moveUnit(ctx, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/units/:id/deactivate',
    access: { permission: 'unit.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => deactivateUnit(ctx, params.id),
  });
  route(app, {
    method: 'POST',
    url: '/api/units/:id/activate',
    access: { permission: 'unit.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => activateUnit(ctx, params.id),
  });
  route(app, {
    method: 'DELETE',
    url: '/api/units/:id',
    access: { permission: 'unit.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => deleteUnit(ctx, params.id),
  });

  route(app, {
    method: 'GET',
    url: '/api/people',
    access: { permission: 'person.read' },
    query: ZPeopleQuery,
    handler: ({ ctx, query }) => findPeople(ctx, { ...query, includeInactive: query.includeInactive === '1' }),
  });
  route(app, {
    method: 'GET',
    url: '/api/people/:id',
    access: { permission: 'person.read' },
    params: ZIdParam,
    query: ZPersonQuery,
    handler: ({ ctx, params, query }) => getPerson(ctx, params.id, { unmask: query.unmask === '1' }),
  });
  route(app, { method: 'POST', url: '/api/people', access: { permission: 'person.manage' }, body: ZCreatePerson, handler: ({ ctx, body }) => createPerson(ctx, body) });
  route(app, {
    method: 'PATCH',
    url: '/api/people/:id',
    access: { permission: 'person.manage' },
    params: ZIdParam,
    body: ZUpdatePerson,
    handler: ({ ctx, params, body }) => updatePerson(ctx, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/people/:id/deactivate',
    access: { permission: 'person.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => setPersonActive(ctx, params.id, false),
  });
  route(app, {
    method: 'POST',
    url: '/api/people/:id/activate',
    access: { permission: 'person.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => setPersonActive(ctx, params.id, true),
  });
  route(app, {
    method: 'POST',
    url: '/api/people/:id/reset-password',
    access: { permission: 'person.manage' },
    params: ZIdParam,
    handler: ({ ctx, params }) => resetPassword(ctx, params.id),
  });
}
