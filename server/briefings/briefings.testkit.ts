/**
 * Test support for the briefings tests: an organisation with a review chain's three editors, a
 * correspondent, and items accepted through the real review flow.
 */
import { eq } from 'drizzle-orm';
import type { TestApp } from '../test/app';
import { pdfUpload } from '../test/matrix/submissions';
import type { Role } from '../access/roles';
import type { AuthedCtx } from '../http/context';
import { people, roleAssignments, units } from '../org/tables';

export type Client = Awaited<ReturnType<TestApp['as']>>;

/** Writes, submits and passes an item through the three default review steps: it ends accepted (已采用). */
export async function acceptedItem(t: TestApp, author: Client, editors: Client[], o: { title: string; body: string; file?: boolean }): Promise<{ id: string; attachmentId: string | null }> {
  const created = await author.post('/api/submissions', { kind: 'briefing_item', title: o.title, body: o.body });
  if (created.status !== 200) throw new Error(JSON.stringify(created.json));
  const id = (created.data as { id: string }).id;
  let attachmentId: string | null = null;
  if (o.file) {
    const up = pdfUpload();
    const res = await t.request('POST', `/api/submissions/${id}/attachments?purpose=material`, { cookie: author.cookie, body: up.body, headers: up.headers });
    if (res.status !== 200) throw new Error(JSON.stringify(res.json));
    attachmentId = (res.data as { id: string }).id;
  }
  const sub = await author.post(`/api/submissions/${id}/submit`);
  if (sub.status !== 200) throw new Error(JSON.stringify(sub.json));
  for (const e of editors) {
    const d = await e.post(`/api/submissions/${id}/decision`, { type: 'pass' });
    if (d.status !== 200) throw new Error(JSON.stringify(d.json));
  }
  return { id, attachmentId };
}

/** A request context for a person, as the session would resolve it (for calling use cases directly). */
export async function ctxOf(t: TestApp, personId: string): Promise<AuthedCtx> {
  const [p] = await t.db.select({ p: people, path: units.path }).from(people).innerJoin(units, eq(units.id, people.unitId)).where(eq(people.id, personId));
  const grants = await t.db
    .select({ role: roleAssignments.role, unitId: roleAssignments.unitId, unitPath: units.path })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(eq(roleAssignments.personId, personId));
  return {
    db: t.db,
    database: t.database,
    config: t.config,
    now: t.clock(),
    clock: t.clock,
    auth: {
      personId,
      login: p!.p.login,
      name: p!.p.name,
      unitId: p!.p.unitId,
      unitPath: p!.path,
      grants: grants.map((g) => ({ ...g, role: g.role as Role })),
      sessionHash: '',
      secondFactor: true,
      restricted: null,
    },
    ip: null,
    userAgent: null,
    locale: 'zh-CN',
  };
}
