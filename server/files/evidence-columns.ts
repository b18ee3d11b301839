import { integer, text, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, ts } from '../db/columns';

/**
 * The columns every evidence table has (files/evidence.ts), after its id, scope and owner: the file in
 * the store by content hash, as the upload check accepted it, who uploaded it and when, and when a
 * correction removed it. `uploader` is the people table's id (org/tables.ts), passed in by the owning
 * domain: the file store sits below org.
 */
export const evidenceFileColumns = (uploader: () => AnyPgColumn) => ({
  sha256: text('sha256').notNull(),
  filename: text('filename').notNull(),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  fileKind: text('file_kind').notNull(),
  thumbSha256: text('thumb_sha256'),
  createdBy: uuid('created_by').notNull().references(uploader),
  createdAt: createdAt(),
  removedAt: ts('removed_at'),
});
