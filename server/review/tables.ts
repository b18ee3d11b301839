import { index, integer, jsonb, pgTable, text, uuid, primaryKey } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from '../db/columns';
import { people, units } from '../org/tables';
import { submissions } from '../submissions/tables';

/** The review chain per organisation (root unit) and kind; absent ⇒ the default 三审 chain. */
export const reviewChains = pgTable(
  'review_chains',
  {
    rootUnitId: uuid('root_unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind').notNull(),
    chain: jsonb('chain').$type<Record<string, unknown>>().notNull(),
    updatedBy: uuid('updated_by').references(() => people.id),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.rootUnitId, t.kind] })],
);

/** Every action on a submission: submit, pass, return, reject, resubmit, withdraw, with who and why. */
export const reviewEvents = pgTable(
  'review_events',
  {
    id: id(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    version: integer('version').notNull(),
    type: text('type').notNull(),
    step: text('step'),
    stepName: text('step_name'),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    byId: uuid('by_id')
      .notNull()
      .references(() => people.id),
    comment: text('comment'),
    at: ts('at').notNull(),
  },
  (t) => [index('review_events_submission_idx').on(t.submissionId, t.at)],
);

/** In-app notifications (decisions on one's items, items waiting for one's decision). */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    submissionId: uuid('submission_id').references(() => submissions.id),
    type: text('type').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_person_idx').on(t.personId, t.createdAt)],
);
