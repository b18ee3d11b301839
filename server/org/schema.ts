import { z } from 'zod';
import { ROLES } from '../access/roles';
import { ZPage } from '../http/route';
import { ZSort } from '../http/list';

const name = z.string().trim().min(1).max(100);
export const ZCreateUnit = z.strictObject({
  name,
  shortName: z.string().trim().max(30).nullish(),
  type: z.string().min(1).max(40),
  parentId: z.uuid(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export const ZUpdateUnit = z.strictObject({
  name: name.optional(),
  shortName: z.string().trim().max(30).nullish(),
  type: z.string().min(1).max(40).optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export const ZMoveUnit = z.strictObject({ parentId: z.uuid() });
/** The columns the units list sorts by (units.ts UNIT_SORTS): each level of the tree in that order. */
export const UNIT_SORT_FIELDS = ['name', 'type', 'sortOrder', 'createdAt'] as const;
export type UnitSortField = (typeof UNIT_SORT_FIELDS)[number];
/** `type` and `q` (name or short name) keep the matching units and their ancestors, so matches stay in their tree. */
export const ZUnitsQuery = z.strictObject({
  includeInactive: z.enum(['0', '1']).optional(),
  type: z.string().trim().min(1).max(40).optional(),
  q: z.string().trim().max(100).optional(),
  ...ZSort(UNIT_SORT_FIELDS),
});

const ZRole = z.strictObject({ role: z.enum(ROLES), unitId: z.uuid() });
const phone = z
  .string()
  .trim()
  .max(30)
  .regex(/^[0-9+\-() ]*$/, 'digits, +, -, (, ) only / 只能包含数字和 + - ( )');
export const ZCreatePerson = z.strictObject({
  login: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, . _ - only / 账号只能包含字母、数字和 . _ -'),
  name: z.string().trim().min(1).max(50),
  unitId: z.uuid(),
  phone: phone.nullish(),
  email: z.email().max(120).nullish().or(z.literal('').transform(() => null)),
  roles: z.array(ZRole).max(20).default([]),
});
export const ZUpdatePerson = z.strictObject({
  name: z.string().trim().min(1).max(50).optional(),
  unitId: z.uuid().optional(),
  phone: phone.nullish(),
  email: z.email().max(120).nullish().or(z.literal('').transform(() => null)),
  roles: z.array(ZRole).max(20).optional(),
});
/** The columns the people list sorts by (people.ts PEOPLE_SORTS); by unit, then name by default. */
export const PEOPLE_SORT_FIELDS = ['name', 'login', 'unit', 'lastLoginAt', 'createdAt'] as const;
export type PeopleSortField = (typeof PEOPLE_SORT_FIELDS)[number];
export const ZPeopleQuery = z.strictObject({
  unitId: z.uuid().optional(),
  q: z.string().trim().max(50).optional(),
  includeInactive: z.enum(['0', '1']).optional(),
  ...ZSort(PEOPLE_SORT_FIELDS),
  ...ZPage,
});
export const ZPersonQuery = z.strictObject({ unmask: z.enum(['0', '1']).optional() });
