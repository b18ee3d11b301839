/** Authorization matrix entries for the home page's summary (see server/test/matrix/matrix.ts). */
import type { MatrixCtx, MatrixEntries } from './matrix';

type Item = { id: string; title: string; unitId: string };
type Summary = { mine: { items: Record<string, Item[]> } | null; queue: { oldest: Item[] } | null; sensitive: { items: Item[] } | null };

/** Items the summary lists outside A's subtree (every role here holds its role on A only). */
async function homeLeaks(m: MatrixCtx, data: unknown) {
  const d = data as Summary;
  const items = [...Object.values(d.mine?.items ?? {}).flat(), ...(d.queue?.oldest ?? []), ...(d.sensitive?.items ?? [])];
  const out: string[] = [];
  for (const i of items) if (!(await m.inOwn(i.unitId))) out.push(i.title);
  return out;
}

export const homeMatrix: MatrixEntries = {
  'GET /api/home': { allow: 'signedIn', scoped: false, leaks: homeLeaks, request: async () => ({ url: '/api/home' }) },
};
