import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './client';
import { openTestDatabase } from '../test/db';

/**
 * The health probe answers whether the database answers, not how long the queue for it is: on
 * PostgreSQL it has its own connection (the pool's ten may all be busy), on PGlite it goes ahead of
 * the statements waiting in the worker (it still waits for the one running).
 */
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('the health probe under load', () => {
  it('answers before the statements that were waiting when it was sent', async () => {
    // Ten slow statements of different lengths: on PostgreSQL they hold every pooled connection (a
    // probe through the pool would get the first one freed); on PGlite one runs and nine wait.
    const finished: number[] = [];
    const slow = Array.from({ length: 10 }, (_, i) =>
      database.query(sql`select pg_sleep(${0.3 + i * 0.05})`).then(() => {
        finished.push(i);
      }),
    );
    await new Promise((r) => setTimeout(r, 50)); // the statements are on their way
    await database.ping();
    const doneWhenPinged = finished.length;
    await Promise.all(slow);
    // PostgreSQL: before any of them; PGlite: right after the one that was running.
    expect(doneWhenPinged).toBe(database.kind === 'pg' ? 0 : 1);
    expect(finished).toHaveLength(10);
  });
});
