import { integer, pgTable, text } from 'drizzle-orm/pg-core';

/** Named counters for human-facing numbers (submission serials, briefing issue numbers per year). */
export const counters = pgTable('counters', {
  key: text('key').primaryKey(),
  value: integer('value').notNull(),
});
