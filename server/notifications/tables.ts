import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '../db/columns';
import { people } from '../org/tables';

/**
 * In-app notifications for any domain: one row per recipient. `subjectType`/`subjectId` name what it
 * is about (e.g. a submission) so the web app can link to it; no foreign key ties this table to a domain.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    subjectType: text('subject_type'),
    subjectId: uuid('subject_id'),
    type: text('type').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_person_idx').on(t.personId, t.createdAt)],
);
