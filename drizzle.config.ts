import { defineConfig } from 'drizzle-kit';

// Each domain folder owns its tables in `tables.ts` (or a `*-tables.ts` beside it); one migration history for all of them.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./server/**/tables.ts', './server/**/*-tables.ts'],
  out: './server/db/migrations',
});
