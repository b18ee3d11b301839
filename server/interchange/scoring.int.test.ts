/**
 * An imported file scores as its data says: a small hand-made organisation (units, people, works,
 * records of use, task outcomes, violations, an award) is imported, and template A's totals and ranks
 * for March 2024 equal the numbers worked out by hand below, to the exact decimal.
 *
 * Template A (server/scoring/engine/templates.ts). A unit with nothing keeps its deductive items whole:
 * 矩阵响应 2 + 政务新媒体 1 + “最美之星” 3 = 6. The same work counts once, at its highest (dedupe: rubric).
 *
 *   城一所  W1 (material, media: video): county adoption 0.1 and city adoption 0.2 (图片、视频报送),
 *           人民日报 客户端要文 0.5 (外宣刊稿, photo/video rule) → W1 counts once, at 0.5;
 *           task_missed March (matrix_response) −0.2
 *           → 6 − 0.2 + 0.5 = 6.3
 *   城二所  W2 (article, city_campaign): city adoption 0.2 (市局矩阵策划); its province adoption at
 *           2024-03-31T16:00:00Z is 1 April in Shanghai: not March;
 *           violation with negative coverage −0.2 × 2 = −0.4, violation without −0.2 → 政务新媒体 1 − 0.6 = 0.4;
 *           award_work (ledger: regional, news, author 李二) +0.2 (创佳绩)
 *           → 6 + 0.2 − 0.6 + 0.2 = 5.8
 *   城三所  W3 (material, media: photo): province adoption 0.3 (图片、视频报送);
 *           award_person 年度优秀通讯员 city to 张三 +0.2 and emergency task +0.2 (创佳绩 0.4);
 *           nomination_missed March −0.5 (“最美之星” 2.5); task_missed of March entered 2 April
 *           (counts on 31 March) −0.2 (矩阵响应 1.8)
 *           → 6 + 0.3 + 0.4 − 0.5 − 0.2 = 6
 *   (the office 政工办 is not ranked)
 *   Ranks: 城一所 6.3 → 1, 城三所 6 → 2, 城二所 5.8 → 3.
 * People (kept positive entries of their works and their honours; deductions and emergency tasks are the unit's):
 *   王一 W1 0.5 → 0.5;  李二 W2 0.2 + the awarded work 0.2 → 0.4;  张三 W3 0.3 + honour 0.2 → 0.5
 *   Ranks: 王一 1, 张三 1 (tie), 李二 3.
 *
 * And the media of an imported material (it has no files): a rubric counting only videos gives 城一所
 * (W1, video: two adoptions in March) 2 and 城三所 (W3, photo) nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { systemCtx, type AuthedCtx } from '../http/context';
import { adoptRubricDraft, computeScores, createRubric, loadScoreEvents } from '../scoring';
import { formatPoints as formatted } from '../scoring/engine/points';
import { createTestApp, type TestApp } from '../test/app';
import type { InterchangeInput } from './format';
import { importInterchange } from './import';
import type { Problem } from './problems';

let t: TestApp;
let ctx: AuthedCtx;
const cli = () => ({ ...ctx, now: t.clock() });

beforeAll(async () => {
  t = await createTestApp();
  ctx = systemCtx({ database: t.database, config: t.config, actor: { via: 'cli', command: 'import', operator: 'tester' }, clock: t.clock });
}, 120_000);
afterAll(() => t?.close());

const file: InterchangeInput = {
  format: 'xuanbao-interchange',
  version: 1,
  units: [
    { code: 'ORG', name: '计分导入测试局', type: 'bureau', parent: null },
    { code: 'OFF', name: '政工办', type: 'office', parent: 'ORG' },
    { code: 'S1', name: '城一所', type: 'police_station', parent: 'ORG' },
    { code: 'S2', name: '城二所', type: 'police_station', parent: 'ORG' },
    { code: 'S3', name: '城三所', type: 'police_station', parent: 'ORG' },
  ],
  people: [
    { code: 'P1', name: '王一', unit: 'S1' },
    { code: 'P2', name: '李二', unit: 'S2' },
    { code: 'P3', name: '张三', unit: 'S3' },
  ],
  works: [
    { code: 'W1', kind: 'material', unit: 'S1', authors: ['P1'], title: '城一所夜巡视频', acceptedAt: '2024-03-01', media: 'video' },
    { code: 'W2', kind: 'article', unit: 'S2', authors: ['P2'], tags: ['city_campaign'], title: '城二所反诈宣传', acceptedAt: '2024-03-01' },
    { code: 'W3', kind: 'material', unit: 'S3', authors: ['P3'], title: '城三所执勤照片', acceptedAt: '2024-03-01', media: 'photo' },
  ],
  records: [
    { code: 'R1', kind: 'upper_adoption', work: 'W1', level: 'county', at: '2024-03-05' },
    { code: 'R2', kind: 'upper_adoption', work: 'W1', level: 'city', at: '2024-03-10' },
    { code: 'R3', kind: 'media', work: 'W1', outlet: '人民日报', channel: '客户端要文', url: 'https://www.people.com.cn/n1/2024/0312/c1.html', at: '2024-03-12' },
    { code: 'R4', kind: 'upper_adoption', work: 'W2', level: 'city', at: '2024-03-15' },
    { code: 'R5', kind: 'upper_adoption', work: 'W3', level: 'province', at: '2024-03-18' },
    { code: 'R6', kind: 'upper_adoption', work: 'W2', level: 'province', at: '2024-03-31T16:00:00Z' },
  ],
  ledger: [
    { code: 'L1', kind: 'task_missed', unit: 'S1', month: '2024-03', at: '2024-03-20' },
    { code: 'L2', kind: 'violation', unit: 'S2', violation: 'criticism', negativeCoverage: true, at: '2024-03-08', evidenceUrl: 'https://example.gov.cn/notice/3.html' },
    { code: 'L3', kind: 'violation', unit: 'S2', violation: 'unapproved_account', negativeCoverage: false, at: '2024-03-25' },
    { code: 'L4', kind: 'award_work', unit: 'S2', title: '《守护》', level: 'regional', field: 'news', authors: ['P2'], at: '2024-03-26' },
    { code: 'L5', kind: 'award_person', unit: 'S3', person: 'P3', title: '年度优秀通讯员', level: 'city', at: '2024-03-28' },
    { code: 'L6', kind: 'emergency_task', unit: 'S3', title: '防汛宣传', at: '2024-03-22' },
    { code: 'L7', kind: 'nomination_missed', unit: 'S3', month: '2024-03', at: '2024-03-31' },
    { code: 'L8', kind: 'task_missed', unit: 'S3', month: '2024-03', task: 'repost_vote', at: '2024-04-02' },
  ],
};

let rubricId = '';
let orgId = '';

it('imports the hand-made file and scores it under template A as computed by hand', async () => {
  const r = await importInterchange(cli(), { data: file, source: 'scores.json' });
  expect(r).toMatchObject({ works: { created: 3 }, records: { created: 6 }, ledger: { created: 8 } });
  orgId = r.org.id;
  rubricId = (await createRubric(cli(), { name: '模板A', from: 'template_a', unitId: orgId })).id;
  await adoptRubricDraft(cli(), rubricId);
  const s = await computeScores({ ctx: cli(), rubricId, period: '2024-03' });
  const names = new Map(s.units.map((u) => [u.id, u.name]));
  const itemKeys = s.compiled.items.map((it) => it.key);
  const units = Object.fromEntries(
    s.result.units.map((u) => [names.get(u.unitId)!, { total: formatted(u.total), rank: u.rank, items: Object.fromEntries(itemKeys.map((k, i) => [k, formatted(u.items[i]!)])) }]),
  );
  expect(Object.keys(units).sort()).toEqual(['城一所', '城三所', '城二所']);
  expect(units['城一所']).toEqual({ total: '6.3', rank: 1, items: { city_matrix: '0', photo_video: '0', matrix_response: '1.8', achievements: '0', new_media: '1', nominations: '3', broadcast: '0', competition: '0', central_media: '0.5' } });
  expect(units['城二所']).toEqual({ total: '5.8', rank: 3, items: { city_matrix: '0.2', photo_video: '0', matrix_response: '2', achievements: '0.2', new_media: '0.4', nominations: '3', broadcast: '0', competition: '0', central_media: '0' } });
  expect(units['城三所']).toEqual({ total: '6', rank: 2, items: { city_matrix: '0', photo_video: '0.3', matrix_response: '1.8', achievements: '0.4', new_media: '1', nominations: '2.5', broadcast: '0', competition: '0', central_media: '0' } });

  const personNames = new Map(s.people.map((p) => [p.id, p.name]));
  expect(Object.fromEntries(s.result.people.map((p) => [personNames.get(p.personId)!, { total: formatted(p.total), rank: p.rank }]))).toEqual({
    王一: { total: '0.5', rank: 1 },
    张三: { total: '0.5', rank: 1 },
    李二: { total: '0.4', rank: 3 },
  });
}, 120_000);

it('an imported material counts as the photo or video its `media` says (it has no files)', async () => {
  const events = await loadScoreEvents({ db: t.db, scope: { id: orgId, path: `/${orgId}/` }, from: '2024-03-01', to: '2024-03-31', timeZone: t.config.timeZone });
  const kinds = new Set(events.events.filter((e) => e.work).map((e) => `${e.unitId}:${e.work!.kind}`));
  const unitOf = new Map(events.units.map((u) => [u.name, u.id]));
  expect(kinds).toContain(`${unitOf.get('城一所')}:video`);
  expect(kinds).toContain(`${unitOf.get('城三所')}:photo`);
  const videosOnly = `name: 视频采用
dedupe: none
sections:
  - key: video
    name: 视频
    items:
      - key: video
        name: 视频被采用
        mode: additive
        rules:
          - key: adopted
            clause: 视频每被上级采用一次得1分
            when:
              kind: upper_adoption
              workKinds: [video]
            points: 1
`;
  const s = await computeScores({ ctx: cli(), rubricId, period: '2024-03', draftYaml: videosOnly });
  expect(s.problems).toEqual([]);
  const names = new Map(s.units.map((u) => [u.id, u.name]));
  expect(Object.fromEntries(s.result.units.map((u) => [names.get(u.unitId)!, formatted(u.total)]))).toEqual({ 城一所: '2', 城二所: '0', 城三所: '0' });
}, 120_000);

it('refuses `media` on a work that is not material, and a reserved media tag, by path', async () => {
  const bad: InterchangeInput = {
    ...file,
    works: [...file.works!, { code: 'W9', kind: 'article', unit: 'S1', authors: ['P1'], title: '文章', acceptedAt: '2024-03-01', media: 'video' }, { code: 'W10', kind: 'material', unit: 'S1', authors: ['P1'], tags: ['media:video'], title: '素材', acceptedAt: '2024-03-01' }],
  };
  let problems: Problem[] = [];
  try {
    await importInterchange(cli(), { data: bad, source: 'bad.json' });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'interchange/invalid') throw e;
    problems = (e.details as { problems: Problem[] }).problems;
  }
  expect(problems.map((p) => p.path)).toEqual(['$.works[3].media', '$.works[4].tags[0]']);
});
