/**
 * Authorization matrix entries for units and people (see server/test/matrix/matrix.ts). A person or
 * unit outside the caller's scope answers 404 common/not_found, as if it did not exist (like items).
 */
import type { MatrixEntries, MatrixCtx } from './matrix';

const READERS = ['correspondent', 'unit_approver', 'editor', 'leader', 'admin'] as const;

/** Units of a GET /api/units answer outside A's subtree. */
async function unitLeaks(m: MatrixCtx, data: unknown) {
  const list = data as { id: string; name: string; path: string }[];
  return list.filter((u) => !u.path.startsWith(m.units.a.path)).map((u) => u.name);
}

/** People of a GET /api/people answer living outside A's subtree. */
async function personLeaks(m: MatrixCtx, data: unknown) {
  const { items } = data as { items: { login: string; unitId: string }[] };
  const out: string[] = [];
  for (const p of items) if (!(await m.inOwn(p.unitId))) out.push(p.login);
  return out;
}

export const orgMatrix: MatrixEntries = {
  'GET /api/unit-types': { allow: READERS, scoped: false, unscopedReason: 'reference data, the same for every unit', request: async () => ({ url: '/api/unit-types' }) },
  'GET /api/roles': { allow: 'signedIn', scoped: false, request: async () => ({ url: '/api/roles' }) },
  // The caller's own organisation's upper and lower offices: names only, whoever asks (server/org/links.ts).
  'GET /api/org/office-links': { allow: 'signedIn', scoped: false, request: async () => ({ url: '/api/org/office-links' }) },
  'GET /api/units': { allow: READERS, scoped: false, leaks: unitLeaks, request: async () => ({ url: '/api/units?includeInactive=1' }) },
  'POST /api/units': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: '/api/units', body: { name: m.name('新建'), type: 'police_station', parentId: m.unit(target).id } }),
  },
  'PATCH /api/units/:id': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/units/${(await m.freshUnit(target)).id}`, body: { name: m.name('改名') } }),
  },
  'POST /api/units/:id/move': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => {
      const [unit, parent] = [await m.freshUnit(target), await m.freshUnit(target)];
      return { url: `/api/units/${unit.id}/move`, body: { parentId: parent.id } };
    },
  },
  'POST /api/units/:id/deactivate': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/units/${(await m.freshUnit(target)).id}/deactivate` }),
  },
  'POST /api/units/:id/activate': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/units/${(await m.freshUnit(target, { active: false })).id}/activate` }),
  },
  'DELETE /api/units/:id': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/units/${(await m.freshUnit(target)).id}` }),
  },

  'GET /api/people': { allow: READERS, scoped: false, leaks: personLeaks, request: async () => ({ url: '/api/people?includeInactive=1&pageSize=200' }) },
  'GET /api/people/:id': {
    allow: READERS,
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/people/${m.member(target).id}` }),
  },
  'POST /api/people': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => {
      const unitId = m.unit(target).id;
      return { url: '/api/people', body: { login: m.name('new').toLowerCase(), name: '新人员', unitId, roles: [{ role: 'correspondent', unitId }] } };
    },
  },
  'PATCH /api/people/:id': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/people/${m.member(target).id}`, body: { name: m.name('改名').slice(0, 20) } }),
  },
  'POST /api/people/:id/deactivate': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/people/${(await m.freshPerson(target)).id}/deactivate` }),
  },
  'POST /api/people/:id/activate': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/people/${(await m.freshPerson(target, { active: false })).id}/activate` }),
  },
  'POST /api/people/:id/reset-password': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/people/${(await m.freshPerson(target)).id}/reset-password` }),
  },
  'POST /api/people/:id/unlock': {
    allow: ['admin'],
    scoped: true,
    otherRefusal: 'not_found',
    request: async (m, target) => ({ url: `/api/people/${(await m.freshPerson(target)).id}/unlock` }),
  },
};
