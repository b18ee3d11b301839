import { and, eq, isNull } from 'drizzle-orm';
import { systemCtx } from '../http/context';
import { linkOrganisations } from '../org/links';
import { setChain } from '../submissions/chains';
import { SUBMISSION_KINDS } from '../submissions/kinds';
import { defaultChain } from '../submissions/stages';
import { loadGrants } from '../org/auth/sessions';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { AuthedCtx } from '../http/context';
import { people, units } from '../org/tables';
import { decideOnSubmission } from '../submissions/review';
import type { Sensitivity, SubmissionKind } from '../submissions/kinds';
import { createSubmission, submitSubmission } from '../submissions/submissions';
import { addRecord } from '../records/records';
import { outletChannels, outlets } from '../records/tables';
import type { RecordInput } from '../records/schema';
import { loadDemoBriefings } from './demo-briefings';
import { loadDemoScoring } from './demo-scoring';

/**
 * Demo submissions in every state, made through the same use cases people call, so a first start
 * shows a living office: adopted items, items at each step, a returned lead, a sensitive item
 * waiting for the leader, personal data to resolve and a near-duplicate from another unit.
 */
type Step = [login: string, decision: 'pass' | 'return' | 'reject', text?: string];
type DemoItem = {
  by: string;
  kind: SubmissionKind;
  title: string;
  body: string;
  situationNote?: string;
  category?: number;
  tags?: string[];
  sensitive?: Sensitivity;
  draftOnly?: boolean;
  steps?: Step[];
  hoursAgo: number;
  /** Records of use an editor keeps on the accepted item (media: `outletKey` names a built-in outlet, `channel` its channel). */
  records?: DemoRecord[];
};
type DemoRecord = { by: string; daysAgo: number; use: DemoUse };
type DemoUse =
  | { kind: 'media'; outletKey: string; channel: string; url: string }
  | { kind: 'upper_adoption' | 'recommendation'; level: string; evidenceUrl: string; note?: string }
  | { kind: 'award_work'; level: 'national' | 'regional' | 'city'; awardName: string; evidenceUrl: string };

const WSQ_REVIEW: Step[] = [
  ['wsq.editor1', 'pass'],
  ['wsq.editor2', 'pass'],
  ['wsq.editor3', 'pass'],
];

const FRAUD_CASE =
  '近日，嘎鲁图派出所在“云剑”专项行动中成功破获一起电信网络诈骗案件，抓获犯罪嫌疑人3名，为群众挽回经济损失12万余元。' +
  '该案线索来源于群众报警，民警接警后迅速开展研判，连续奋战72小时锁定犯罪嫌疑人落脚点，在兄弟单位配合下一举将其抓获。' +
  '下一步，派出所将持续深化反诈宣传，推动全民反诈。';

const PATROL =
  '为切实做好春季牧区治安防控工作，乌审召派出所结合辖区实际，组织民警、辅警和护牧队员开展“平安牧区”巡逻防控，' +
  '累计出动警力86人次，走访牧户140余户，排查化解矛盾纠纷5起，发放防范宣传资料600余份，进一步提升了牧区群众的安全感和满意度。';

const DEMO_ITEMS: DemoItem[] = [
  { by: 'glt.tongxun', kind: 'lead', title: '嘎鲁图派出所破获一起电信网络诈骗案', body: FRAUD_CASE, situationNote: '案件已移送起诉，可公开报道；当事人信息已隐去。', tags: ['云剑行动', '反诈'], steps: [['glt.suozhang', 'pass'], ...WSQ_REVIEW], hoursAgo: 70,
    records: [
      { by: 'wsq.editor1', daysAgo: 1, use: { kind: 'upper_adoption', level: 'city', evidenceUrl: 'https://gaj.ordos.gov.cn/jwzx/gadt/', note: '市局政务网“公安动态”栏目采用' } },
      { by: 'wsq.editor2', daysAgo: 0, use: { kind: 'media', outletKey: 'xuexi', channel: '客户端推荐', url: 'https://www.xuexi.cn/lgpage/detail/index.html?id=1234567890123456789' } },
    ] },
  { by: 'wsz.tongxun', kind: 'briefing_item', title: '乌审召派出所开展“平安牧区”巡逻防控', body: PATROL, tags: ['平安建设'], steps: [['wsq.editor1', 'pass']], hoursAgo: 30 },
  {
    by: 'jg.tongxun',
    kind: 'article',
    title: '交管大队全力护航春运平安',
    body: '春运期间，交管大队坚持“最先一公里”和“最后一公里”同步发力，在主要路段设置执勤点6处，查处酒驾醉驾等严重交通违法行为47起，辖区道路交通安全形势持续平稳。全体民警放弃休息，坚守岗位，以实际行动守护群众平安回家路。',
    tags: ['春运'],
    steps: [],
    hoursAgo: 5,
  },
  {
    by: 'xz.tongxun',
    kind: 'briefing_item',
    title: '刑侦大队侦办一起涉黑涉恶案件进展情况',
    body: '刑侦大队近期侦办的一起涉恶犯罪团伙案件取得阶段性进展，已依法刑事拘留犯罪嫌疑人5名，案件正在进一步侦办中。相关情况将按程序报批后择机发布。',
    sensitive: 'ongoing_case',
    steps: WSQ_REVIEW,
    hoursAgo: 20,
  },
  {
    by: 'glt.tongxun',
    kind: 'lead',
    title: '嘎鲁图派出所民警雪夜救助被困群众',
    body: '1月12日夜，嘎鲁图派出所接到群众求助，一辆轿车因大雪被困于乡道。民警迅速赶到现场，冒着严寒将车辆推出雪堆，并护送被困群众安全返回。',
    situationNote: '当事人同意报道。',
    steps: [['glt.suozhang', 'pass'], ['wsq.editor2', 'return', '请补充救助时间、地点和被困人数，并附现场照片。']],
    hoursAgo: 48,
  },
  { by: 'glt.tongxun', kind: 'briefing_item', title: '嘎鲁图派出所“枫桥式”调解工作（草稿）', body: '近期，派出所依托警务室开展矛盾纠纷排查化解工作……', draftOnly: true, hoursAgo: 2 },
  {
    by: 'wsz.tongxun',
    kind: 'lead',
    title: '乌审召派出所帮助牧民追回被骗款项',
    body: '乌审召派出所民警成功帮助牧民追回被骗款项3.2万元。举报人联系电话13904778866，已同意民警回访。民警提醒广大群众，凡是要求转账到“安全账户”的都是诈骗。',
    situationNote: '可联系举报人采访。',
    steps: [['wsz.suozhang', 'pass']],
    hoursAgo: 12,
  },
  { by: 'fy.lianluo', kind: 'briefing_item', title: '区法院依法公开审理一起恶势力犯罪集团案件', body: '区人民法院依法公开开庭审理一起恶势力犯罪集团案件，被告人7名。庭审中，公诉机关出示了相关证据，被告人及其辩护人进行了质证和辩论。该案的审理彰显了司法机关依法严惩黑恶势力犯罪的坚定决心。', steps: [['edj.editor1', 'pass'], ['edj.editor2', 'pass'], ['edj.editor3', 'pass']], hoursAgo: 100,
    records: [{ by: 'edj.editor1', daysAgo: 2, use: { kind: 'recommendation', level: 'city', evidenceUrl: 'https://www.thsfj.gov.cn/', note: '市扫黑办在工作群推介为可借鉴样本' } }] },
  { by: 'gafj.lianluo', kind: 'lead', title: '公安分局打掉一个盗窃团伙', body: '二道江公安分局经过缜密侦查，成功打掉一个流窜作案的盗窃团伙，抓获犯罪嫌疑人4名，破获盗窃案件20余起。', situationNote: '案件已侦查终结。', steps: [], hoursAgo: 3 },
  {
    by: 'wdj.lianluo',
    kind: 'briefing_item',
    title: '五道江镇扎实开展扫黑除恶宣传进村入户',
    body: '五道江镇组织镇村干部深入各村屯，通过张贴标语、发放明白纸、召开村民大会等形式，广泛宣传扫黑除恶专项斗争的重大意义和举报方式，累计发放宣传资料2000余份，营造了全民参与的浓厚氛围。',
    steps: [],
    hoursAgo: 26,
  },
  {
    by: 'dth.lianluo',
    kind: 'briefing_item',
    title: '东通化街道扎实开展扫黑除恶宣传进村入户',
    body: '东通化街道组织街道社区干部深入各村屯，通过张贴标语、发放明白纸、召开村民大会等形式，广泛宣传扫黑除恶专项斗争的重大意义和举报方式，累计发放宣传资料2000余份，营造了全民参与的浓厚氛围。',
    steps: [],
    hoursAgo: 8,
  },
];

export async function ctxFor(database: Database, config: Config, login: string, now: Date): Promise<AuthedCtx> {
  const [p] = await database.db
    .select({ id: people.id, login: people.login, name: people.name, unitId: people.unitId, unitPath: units.path })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(eq(people.login, login));
  if (!p) throw new Error(`demo person ${login} missing`);
  return {
    db: database.db,
    database,
    config,
    now,
    clock: () => now,
    ip: null,
    userAgent: 'demo',
    locale: 'zh-CN',
    auth: { personId: p.id, login: p.login, name: p.name, unitId: p.unitId, unitPath: p.unitPath, grants: await loadGrants(database.db, p.id), sessionHash: 'demo', secondFactor: false, restricted: null },
  };
}

/**
 * The city bureau is 乌审旗公安局's upper office (as the operator's `xuanbao org link` would set it),
 * reviewing what the county forwards by one step (终审), so the forwarding flow can be shown.
 */
async function linkCityBureau(database: Database, config: Config, now: Date) {
  const [county] = await database.db.select({ id: units.id }).from(units).where(and(eq(units.name, '乌审旗公安局'), isNull(units.parentId)));
  const [city] = await database.db.select({ id: units.id }).from(units).where(and(eq(units.name, '鄂尔多斯市公安局'), isNull(units.parentId)));
  if (!county || !city) return;
  const system = systemCtx({ database, config, clock: () => now, actor: { via: 'server', task: 'demo' } });
  await linkOrganisations(system, { orgId: county.id, upperOrgId: city.id, level: '市局' });
  const admin = await ctxFor(database, config, 'eeds.admin', now);
  for (const kind of SUBMISSION_KINDS) {
    const chain = { ...defaultChain(kind), stages: [{ key: 'final', name: '终审', holder: { roles: ['editor' as const] } }] };
    await setChain(admin, { rootUnitId: city.id, kind, chain });
  }
}

export async function loadDemoSubmissions(database: Database, config: Config, now: Date): Promise<number> {
  await linkCityBureau(database, config, now);
  let n = 0;
  for (const item of [...DEMO_ITEMS].sort((a, b) => b.hoursAgo - a.hoursAgo)) {
    let t = now.getTime() - item.hoursAgo * 3_600_000;
    const at = () => new Date((t += 7 * 60_000));
    const author = await ctxFor(database, config, item.by, at());
    const { id } = await createSubmission(author, {
      kind: item.kind,
      title: item.title,
      body: item.body,
      situationNote: item.situationNote,
      category: item.category ?? null,
      tags: item.tags ?? [],
      sensitive: !!item.sensitive,
      sensitivity: item.sensitive ?? null,
    });
    n++;
    if (item.draftOnly) continue;
    await submitSubmission(await ctxFor(database, config, item.by, at()), id);
    for (const [login, decision, text] of item.steps ?? []) {
      const ctx = await ctxFor(database, config, login, at());
      await decideOnSubmission(ctx, id, decision === 'pass' ? { type: 'pass' } : decision === 'return' ? { type: 'return', comment: text! } : { type: 'reject', reason: text! });
    }
    for (const r of item.records ?? []) {
      // Recorded on the day of the use (after the acceptance above), so the date is never in the future.
      const when = new Date(now.getTime() - r.daysAgo * 86_400_000);
      const ctx = await ctxFor(database, config, r.by, when);
      const usedOn = when.toLocaleDateString('en-CA', { timeZone: config.timeZone });
      await addRecord(ctx, id, await demoUse(database, r.use, usedOn));
    }
  }
  // Briefings are composed from accepted items: after the items, through the same use cases.
  await loadDemoBriefings(database, config, now);
  // Rubrics, more uses and ledger entries: after the briefings, whose uses they count.
  await loadDemoScoring(database, config, now);
  return n;
}

/** A demo record's input: the built-in outlet and its channel looked up by key and name. */
async function demoUse(database: Database, use: DemoUse, usedOn: string): Promise<RecordInput> {
  const common = { usedOn, evidenceIds: [], note: null };
  if (use.kind !== 'media') return { ...common, ...use };
  const [o] = await database.db.select({ id: outlets.id }).from(outlets).where(eq(outlets.builtinKey, use.outletKey));
  if (!o) throw new Error(`demo outlet ${use.outletKey} missing`);
  const chans = await database.db.select({ id: outletChannels.id, name: outletChannels.name }).from(outletChannels).where(eq(outletChannels.outletId, o.id));
  return { kind: 'media', outletId: o.id, channelId: chans.find((x) => x.name === use.channel)?.id ?? null, columnName: null, url: use.url, evidenceUrl: null, ...common };
}
