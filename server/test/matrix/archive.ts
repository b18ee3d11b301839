/**
 * Authorization matrix entries for the archive (server/archive/). Anyone signed in may search; what
 * they find is what they may open: the leaks check lists any hit outside the caller's subtree or a
 * draft, and requires the item of A that a reader does see (so "nothing leaked" proves something).
 */
import type { Caller, MatrixCtx, MatrixEntries } from './matrix';
import { READERS, unseen, worldOf } from './submissions';

async function archiveLeaks(m: MatrixCtx, data: unknown, caller: Caller) {
  const { items } = data as { items: { id: string; title: string }[] };
  const bad = await unseen(m, caller, items.map((i) => i.id));
  const out: string[] = items.filter((i) => bad.has(i.id)).map((i) => i.title);
  const w = await worldOf(m);
  const reader = (READERS as readonly string[]).includes(caller.role);
  if (reader && !items.some((i) => i.id === w.a.submitted.id)) out.push(`(not found, though visible: ${w.a.submitted.id})`);
  if (!reader && items.length) out.push(`(a caller without submission.read found ${items.length})`);
  return out;
}

export const archiveMatrix: MatrixEntries = {
  'GET /api/archive': {
    allow: 'signedIn',
    scoped: false,
    leaks: archiveLeaks,
    // The world's items are in review (not yet accepted): ask for that status, by the words of their titles.
    request: async (m) => ({ url: `/api/archive?q=${encodeURIComponent((await worldOf(m)).token)}&status=in_review&pageSize=200` }),
  },
};
