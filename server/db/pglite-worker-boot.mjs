// Entry of the embedded database's worker thread (server/db/pglite-client.ts starts it). Loader
// hooks registered in the parent thread do not reach a worker, so tsx is registered here before
// the TypeScript worker is imported.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
