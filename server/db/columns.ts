import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Shared column helpers so every table stores time and ids the same way. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
export const id = () => uuid('id').primaryKey();
export const createdAt = () => ts('created_at').notNull().defaultNow();
export const updatedAt = () => ts('updated_at').notNull().defaultNow();
