/** Authorization matrix entries for the scoring notices (see server/test/matrix/matrix.ts). */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { validateRubric } from '../../scoring/engine/rubric';
import { TEMPLATE_B } from '../../scoring/engine/templates';
import { scoringRubrics, scoringRubricVersions } from '../../scoring/tables';
import type { MatrixCtx, MatrixEntries, Target } from './matrix';

const rubrics = new Map<Target, string>();

/** An adopted template-B rubric kept on A ('own') or B ('other'), made once per target. */
async function rubricOn(m: MatrixCtx, target: Target): Promise<string> {
  const have = rubrics.get(target);
  if (have) return have;
  const unit = m.unit(target);
  const v = validateRubric(TEMPLATE_B);
  if (!v.ok) throw new Error('template B is invalid');
  const now = m.t.clock();
  const id = randomUUID();
  const versionId = randomUUID();
  await m.t.db.insert(scoringRubrics).values({ id, orgId: m.units.root.id, unitId: unit.id, name: m.name('积分'), template: 'B', createdAt: now, updatedAt: now });
  await m.t.db.insert(scoringRubricVersions).values({ id: versionId, rubricId: id, number: 1, yaml: 'adopted in the matrix fixture', body: v.rubric, createdAt: now, updatedAt: now, adoptedAt: now });
  await m.t.db.update(scoringRubrics).set({ currentVersionId: versionId }).where(eq(scoringRubrics.id, id));
  rubrics.set(target, id);
  return id;
}

export const noticesMatrix: MatrixEntries = {
  'GET /api/scoring/notices/:kind': {
    allow: ['editor', 'leader', 'admin'],
    scoped: true,
    request: async (m, target) => ({ url: `/api/scoring/notices/quarterly_ranking?rubricId=${await rubricOn(m, target)}&period=2024-Q1&format=xlsx` }),
  },
};
