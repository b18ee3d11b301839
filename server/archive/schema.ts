import { z } from 'zod';
import { ZPage } from '../http/route';

/** What can be searched in the archive: submitted items, or briefing issues (the briefings domain registers that source). */
export const ARCHIVE_TYPES = ['items', 'briefings'] as const;
export type ArchiveType = (typeof ARCHIVE_TYPES)[number];

export const ZArchiveQuery = z.strictObject({
  type: z.enum(ARCHIVE_TYPES).default('items'),
  /** Words (Chinese or not); segmented like the stored text, never parsed as query syntax. */
  q: z.string().trim().max(100).optional(),
  /** Year (in the deployment's time zone): of first submission for items, of issue for briefings. */
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  /** Items: a submission kind; briefings: 专报 | 简报 | 通报. */
  kind: z.string().trim().min(1).max(30).optional(),
  /** Items: the serial (2026-000123); briefings: the issue number. */
  number: z.string().trim().min(1).max(30).optional(),
  /** The unit and its subtree. */
  unitId: z.uuid().optional(),
  /** Items: a review status (default: accepted, `adopted`); briefings: their own statuses. */
  status: z.string().trim().min(1).max(30).optional(),
  sort: z.enum(['relevance', 'date']).default('relevance'),
  ...ZPage,
});
export type ArchiveQuery = z.infer<typeof ZArchiveQuery>;
