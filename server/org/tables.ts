import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from '../db/columns';

/** Unit types (office, member unit, township …). Quotas and rubric rules will key on them. */
export const unitTypes = pgTable('unit_types', {
  key: text('key').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});

/**
 * Units form a tree. `path` is the materialised path of ids ("/<root>/<child>/…/<self>/"), so a
 * subtree is `path LIKE '<prefix>%'` on both PostgreSQL and PGlite without extensions.
 */
export const units = pgTable(
  'units',
  {
    id: id(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    shortName: text('short_name'),
    type: text('type')
      .notNull()
      .references(() => unitTypes.key),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /** The unit's code in another system (interchange import/export): unique within an organisation. */
    externalCode: text('external_code'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('units_path_idx').on(t.path),
    // Per organisation: the first id of the path is the organisation's.
    uniqueIndex('units_external_code_uq').on(sql`split_part(${t.path}, '/', 2)`, t.externalCode).where(sql`${t.externalCode} is not null`),
    index('units_parent_idx').on(t.parentId),
    uniqueIndex('units_sibling_name_uq').on(sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.name),
  ],
);

/** People who sign in. Login names are stored lower-case and unique. */
export const people = pgTable(
  'people',
  {
    id: id(),
    login: text('login').notNull(),
    name: text('name').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    phone: text('phone'),
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: ts('locked_until'),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    /** Last accepted TOTP time step: a code from this step or earlier is refused (no replay). */
    totpLastStep: integer('totp_last_step'),
    active: boolean('active').notNull().default(true),
    locale: text('locale').notNull().default('zh-CN'),
    lastLoginAt: ts('last_login_at'),
    /** The person's code in another system (interchange): unique within an organisation (kept by the import). */
    externalCode: text('external_code'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('people_login_uq').on(t.login), index('people_unit_idx').on(t.unitId), index('people_external_code_idx').on(t.externalCode)],
);

/** A role applies to the subtree rooted at `unitId`. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    role: text('role').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.role, t.unitId] })],
);

/**
 * An organisation's upper office in the same deployment (seed 001: 所队 → 旗局 → 市局 → 厅): the lower
 * organisation (a root unit) may forward accepted items to it. One upper office per organisation.
 * `upperLevel` names the upper office's level as the lower one sees it (旗县局 / 市局 / 厅 / 部, free
 * text: levels are configurable per deployment); records of use say which level adopted. Set only by
 * the operator (`xuanbao org link`): the link opens a channel between two organisations' data.
 */
export const orgLinks = pgTable(
  'org_links',
  {
    orgId: uuid('org_id')
      .primaryKey()
      .references(() => units.id),
    upperOrgId: uuid('upper_org_id')
      .notNull()
      .references(() => units.id),
    upperLevel: text('upper_level'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('org_links_upper_idx').on(t.upperOrgId)],
);
