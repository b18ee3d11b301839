import type { AuthedCtx } from '../http/context';
import { cleanAndReport } from './clean';
import type { BlobOwner } from './owners';
import type { FileStore } from './store';

type Log = { info(o: object, msg: string): void; error(o: object, msg: string): void };

/**
 * The file store's upkeep, registered by server/main.ts (which knows the store and every domain's
 * blob owners): `files.clean` removes temporary uploads and blobs no row refers to that a crash left
 * behind, and uploads no form claimed (evidence for a record never saved), every day at 04:00 in the
 * deployment's time zone and once after each start. As a job it runs after the server is ready, in one
 * process at a time, and is retried when the store fails.
 */
export function fileStoreJobs(o: { store: () => FileStore; owners: readonly BlobOwner[]; log: Log }) {
  return [
    {
      name: 'files.clean',
      schedule: { daily: '04:00' },
      maxAttempts: 5,
      run: (ctx: AuthedCtx) => cleanAndReport(o.store(), { db: ctx.db, owners: o.owners, now: ctx.now, actor: ctx, log: o.log }),
    },
  ];
}
