/**
 * Scoring demo data, through the use cases people call: 乌审旗公安局 (seed 001) adopts template A and
 * 区扫黑办 (seed 003) template B; the police bureau's editors record more uses of accepted items (an
 * adoption by the city bureau and the provincial department of a campaign piece, a broadcast of an
 * original work, a city award) and a few ledger entries (a repost task missed, a nomination missed in
 * August, a violation with negative coverage, an emergency task, an honour to a correspondent), so the
 * rankings show differing, non-zero totals and every kind of explanation line.
 */
import { eq } from 'drizzle-orm';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { people, units } from '../org/tables';
import { addRecord } from '../records/records';
import { adoptRubricDraft, createRubric } from '../scoring/rubrics';
import { createLedgerEntry, type LedgerInput } from '../scoring/ledger';
import type { SubmissionKind } from '../submissions/kinds';
import { decideOnSubmission } from '../submissions/review';
import { createSubmission, submitSubmission } from '../submissions/submissions';
import { ctxFor } from './demo-submissions';

type Piece = { by: string; unit: string; kind: SubmissionKind; title: string; body: string; tags: string[]; uses: { daysAgo: number; use: Parameters<typeof addRecord>[2] }[] };

const REVIEW = ['wsq.editor1', 'wsq.editor2', 'wsq.editor3'];
const EVIDENCE = 'https://gaj.ordos.gov.cn/jwzx/gadt/';

const PIECES: Piece[] = [
  {
    by: 'jg.tongxun',
    unit: '交通管理大队',
    kind: 'article',
    title: '交管大队“一盔一带”安全守护行动成效明显',
    body: '按照市局统一策划，交管大队在城区主要路口开展“一盔一带”安全守护行动，累计劝导未佩戴头盔群众1200余人次，发放宣传资料3000余份，辖区电动自行车驾乘人员头盔佩戴率明显提升。',
    tags: ['市局策划', '交通安全'],
    uses: [
      { daysAgo: 3, use: { kind: 'upper_adoption', level: 'city', usedOn: '', evidenceUrl: EVIDENCE, evidenceIds: [], note: '市局政务网采用' } },
      { daysAgo: 1, use: { kind: 'upper_adoption', level: 'province', usedOn: '', evidenceUrl: 'https://gat.nmg.gov.cn/', evidenceIds: [], note: '公安厅门户网站转载' } },
    ],
  },
  {
    by: 'xz.tongxun',
    unit: '刑事侦查大队',
    kind: 'original_work',
    title: '微电影《守护》',
    body: '刑侦大队民警自编自导自演的微电影，讲述基层刑警侦破电信诈骗案件、为群众挽回损失的故事，展现新时代公安民警的担当与情怀。',
    tags: ['公安文化'],
    uses: [{ daysAgo: 2, use: { kind: 'broadcast', platform: '内蒙古公安微信公众号', scope: 'regional', usedOn: '', evidenceUrl: 'https://gat.nmg.gov.cn/', evidenceIds: [], note: null } }],
  },
  {
    by: 'wsz.tongxun',
    unit: '乌审召派出所',
    kind: 'article',
    title: '乌审召派出所“马背警队”守护牧区平安',
    body: '乌审召派出所组建“马背警队”，常态化开展牧区巡逻、走访和矛盾纠纷化解工作，被牧民亲切地称为“草原上的守护者”。',
    tags: ['平安建设'],
    uses: [{ daysAgo: 2, use: { kind: 'award_work', level: 'city', awardName: '全市公安新闻宣传优秀作品', usedOn: '', evidenceUrl: EVIDENCE, evidenceIds: [], note: null } }],
  },
];

const dateOf = (now: Date, daysAgo: number, tz: string) => new Date(now.getTime() - daysAgo * 86_400_000).toLocaleDateString('en-CA', { timeZone: tz });

/** The name of the demo's template-A rubric: the year of the demo's data (today in the deployment's time zone). */
export const demoRubricName = (now: Date, timeZone: string) => `${dateOf(now, 0, timeZone).slice(0, 4)}年新闻宣传工作绩效考核细则`;

export async function loadDemoScoring(database: Database, config: Config, now: Date): Promise<void> {
  const unitId = async (name: string) => (await database.db.select({ id: units.id }).from(units).where(eq(units.name, name)))[0]!.id;
  const personId = async (login: string) => (await database.db.select({ id: people.id }).from(people).where(eq(people.login, login)))[0]!.id;
  let t = now.getTime() - 10 * 86_400_000;
  const at = () => new Date((t += 5 * 60_000));

  // The rubrics, adopted as shipped; template A's is named after the year of the demo's data.
  const wsqEditor = await ctxFor(database, config, 'wsq.editor1', at());
  const a = await createRubric(wsqEditor, { name: demoRubricName(now, config.timeZone), from: 'template_a' });
  await adoptRubricDraft(await ctxFor(database, config, 'wsq.leader', at()), a.id);
  const edjAdmin = await ctxFor(database, config, 'edj.admin', at());
  const b = await createRubric(edjAdmin, { name: '扫黑除恶专项斗争信息采用积分', from: 'template_b' });
  await adoptRubricDraft(edjAdmin, b.id);

  // More accepted pieces of the police bureau, and their uses.
  for (const p of PIECES) {
    const { id } = await createSubmission(await ctxFor(database, config, p.by, at()), { kind: p.kind, title: p.title, body: p.body, tags: p.tags, authorIds: [await personId(p.by)] });
    await submitSubmission(await ctxFor(database, config, p.by, at()), id);
    for (const e of REVIEW) await decideOnSubmission(await ctxFor(database, config, e, at()), id, { type: 'pass' });
    for (const u of p.uses) {
      const when = new Date(now.getTime() - u.daysAgo * 86_400_000);
      await addRecord(await ctxFor(database, config, 'wsq.editor1', when), id, { ...u.use, usedOn: dateOf(now, u.daysAgo, config.timeZone) });
    }
  }

  // Ledger entries: what no screen records.
  const month = dateOf(now, 0, config.timeZone).slice(0, 7);
  const year = Number(month.slice(0, 4));
  const august = Number(month.slice(5, 7)) >= 9 ? `${year}-08` : `${year - 1}-08`;
  const entries: LedgerInput[] = [
    { kind: 'task_missed', unitId: await unitId('图克派出所'), month, occurredOn: dateOf(now, 1, config.timeZone), evidenceUrl: 'https://www.wsq.gov.cn/', note: '未按时转发市局“全民反诈”推文' },
    { kind: 'nomination_missed', unitId: await unitId('无定河派出所'), month: august, occurredOn: `${august}-28`, evidenceUrl: 'https://www.wsq.gov.cn/', note: '8月“最美之星”未按要求推荐' },
    { kind: 'violation', unitId: await unitId('看守所'), violation: 'unapproved_account', negativeCoverage: true, occurredOn: dateOf(now, 2, config.timeZone), evidenceUrl: 'https://www.wsq.gov.cn/', note: '未经审批开设短视频账号，引发负面舆情' },
    { kind: 'emergency_task', unitId: await unitId('嘎鲁图派出所'), title: '暴雪天气应急宣传', occurredOn: dateOf(now, 1, config.timeZone), evidenceUrl: 'https://www.wsq.gov.cn/' },
    { kind: 'award_person', unitId: await unitId('嘎鲁图派出所'), personId: await personId('glt.tongxun'), title: '全市年度优秀通讯员', level: 'city', occurredOn: dateOf(now, 0, config.timeZone), evidenceUrl: 'https://gaj.ordos.gov.cn/' },
  ];
  for (const e of entries) await createLedgerEntry(await ctxFor(database, config, 'wsq.editor2', new Date(now.getTime())), e);
}

