import type { Config } from '../config';
import type { Database } from '../db/client';
import { createSeries } from '../briefings/series';
import { createIssue, publishBriefing, setDistribution, setIssueItems, updateIssue } from '../briefings/issues';
import { decideOnSubmission } from '../submissions/review';
import { createSubmission, submitSubmission } from '../submissions/submissions';
import { eq } from 'drizzle-orm';
import { units } from '../org/tables';
import { ctxFor } from './demo-submissions';

/**
 * Demo briefings: per demo organisation its series, and two published issues made from demo items
 * accepted through the review flow — a comprehensive issue of two items, and a standalone issue
 * about a specific case with a restricted distribution (seed 003: 严格限定发放范围).
 */
type Org = {
  admin: string;
  editors: [string, string, string];
  series: { type: 'zhuanbao' | 'jianbao' | 'tongbao'; mastheadName: string; issuerName: string; documentPrefix?: string }[];
  comprehensive: { by: string; title: string; body: string }[];
  restricted: { by: string; title: string; body: string };
  note: string;
  report: string[];
  send: string[];
  issueUnits: string[];
  restrictedTo: { units: string[] };
};

const ORGS: Org[] = [
  {
    admin: 'wsq.admin',
    editors: ['wsq.editor1', 'wsq.editor2', 'wsq.editor3'],
    series: [
      { type: 'jianbao', mastheadName: '公安宣传简报', issuerName: '乌审旗公安局政治工作办公室' },
      { type: 'zhuanbao', mastheadName: '公安工作专报', issuerName: '乌审旗公安局政治工作办公室' },
      { type: 'tongbao', mastheadName: '公安宣传工作通报', issuerName: '乌审旗公安局政治工作办公室', documentPrefix: '乌公政' },
    ],
    comprehensive: [
      {
        by: 'glt.tongxun',
        title: '嘎鲁图派出所开展反诈宣传进社区活动',
        body: '一、基本情况\n为进一步提升群众识骗防骗能力，嘎鲁图派出所组织民警深入辖区社区、商户开展反诈宣传，累计发放宣传资料1200余份，现场指导群众下载国家反诈中心APP300余人次。\n二、主要做法\n（一）精准宣传。针对老年人、学生等易受骗群体开展专场讲座。\n（二）以案说法。结合辖区近期案例讲解常见诈骗手法。',
      },
      {
        by: 'jg.tongxun',
        title: '交管大队开展冬季道路交通安全集中整治',
        body: '入冬以来，交管大队针对雨雪冰冻天气特点，在辖区重点路段设置执勤点，加强对客货运车辆的检查，累计查处各类交通违法行为230余起，消除安全隐患15处，辖区道路交通安全形势平稳。',
      },
    ],
    restricted: {
      by: 'xz.tongxun',
      title: '刑侦大队侦破一起系列盗窃牲畜案件',
      body: '近日，刑侦大队经连续研判，侦破一起系列盗窃牲畜案件，抓获犯罪嫌疑人2名，追回被盗牲畜37只。案件正在进一步侦办中，相关情况请严格控制知悉范围。',
    },
    note: '现将近期基层单位宣传工作的好做法印发，请各单位结合实际学习借鉴。',
    report: ['旗委、旗政府分管领导同志', '市公安局政治部'],
    send: ['局领导班子成员'],
    issueUnits: ['嘎鲁图派出所', '乌审召派出所', '交通管理大队', '刑事侦查大队'],
    restrictedTo: { units: ['刑事侦查大队', '政治工作办公室'] },
  },
  {
    admin: 'edj.admin',
    editors: ['edj.editor1', 'edj.editor2', 'edj.editor3'],
    series: [
      { type: 'jianbao', mastheadName: '扫黑除恶专项斗争简报', issuerName: '二道江区扫黑除恶专项斗争领导小组办公室' },
      { type: 'zhuanbao', mastheadName: '扫黑除恶专项斗争专报', issuerName: '二道江区扫黑除恶专项斗争领导小组办公室' },
      { type: 'tongbao', mastheadName: '扫黑除恶专项斗争通报', issuerName: '二道江区扫黑除恶专项斗争领导小组办公室', documentPrefix: '通二区扫黑办发' },
    ],
    comprehensive: [
      {
        by: 'wdj.lianluo',
        title: '五道江镇多措并举营造扫黑除恶浓厚氛围',
        body: '五道江镇组织镇村干部深入各村屯，通过张贴标语、发放明白纸、召开村民大会等形式，广泛宣传扫黑除恶专项斗争的重大意义和举报方式，累计发放宣传资料3000余份，悬挂横幅40余条。',
      },
      {
        by: 'fy.lianluo',
        title: '区法院公开宣判一起涉恶案件',
        body: '区人民法院依法公开宣判一起寻衅滋事涉恶案件，组织群众代表和人大代表旁听庭审，以案释法，进一步增强了群众参与专项斗争的信心。',
      },
    ],
    restricted: {
      by: 'gafj.lianluo',
      title: '公安分局打掉一个恶势力犯罪集团',
      body: '公安分局经缜密侦查，成功打掉一个以敲诈勒索、强迫交易为主要手段的恶势力犯罪集团，抓获犯罪嫌疑人6名。案件正在侦办中，涉及具体案情，严格限定发放范围。',
    },
    note: '各乡镇（街）、各成员单位要认真学习借鉴，进一步做好信息简报报送工作。',
    report: ['区委、区政府分管领导同志', '市扫黑办'],
    send: ['区扫黑除恶专项斗争领导小组成员'],
    issueUnits: ['区人民法院', '区人民检察院', '通化市公安局二道江分局', '五道江镇', '东通化街道'],
    restrictedTo: { units: ['通化市公安局二道江分局', '区人民检察院'] },
  },
];

async function acceptedDemoItem(database: Database, config: Config, o: Org, item: { by: string; title: string; body: string }, at: () => Date): Promise<string> {
  const { id } = await createSubmission(await ctxFor(database, config, item.by, at()), { kind: 'briefing_item', title: item.title, body: item.body });
  await submitSubmission(await ctxFor(database, config, item.by, at()), id);
  for (const e of o.editors) await decideOnSubmission(await ctxFor(database, config, e, at()), id, { type: 'pass' });
  return id;
}

export async function loadDemoBriefings(database: Database, config: Config, now: Date): Promise<number> {
  let t = now.getTime() - 20 * 3_600_000;
  const at = () => new Date((t += 5 * 60_000));
  const unitId = async (name: string) => (await database.db.select({ id: units.id }).from(units).where(eq(units.name, name)))[0]!.id;
  let n = 0;
  for (const o of ORGS) {
    const admin = await ctxFor(database, config, o.admin, at());
    const seriesIds: string[] = [];
    for (const s of o.series) seriesIds.push((await createSeries(admin, s)).id);
    const comprehensive = [];
    for (const item of o.comprehensive) comprehensive.push(await acceptedDemoItem(database, config, o, item, at));
    const restricted = await acceptedDemoItem(database, config, o, o.restricted, at);

    const ed = () => ctxFor(database, config, o.editors[0], at());
    const a = await createIssue(await ed(), { seriesId: seriesIds[0]!, kind: 'comprehensive', copies: 40, editorNote: o.note });
    await setIssueItems(await ed(), a.id, { submissionIds: comprehensive });
    await setDistribution(await ed(), a.id, {
      recipients: [
        ...o.report.map((name) => ({ part: 'report' as const, name })),
        ...o.send.map((name) => ({ part: 'send' as const, name })),
        ...(await Promise.all(o.issueUnits.map(async (u) => ({ part: 'issue' as const, unitId: await unitId(u) })))),
      ],
    });
    await publishBriefing(await ed(), a.id);

    const b = await createIssue(await ed(), { seriesId: seriesIds[0]!, kind: 'standalone', restricted: true, copies: 8 });
    await setIssueItems(await ed(), b.id, { submissionIds: [restricted] });
    await updateIssue(await ed(), b.id, { editorNote: '' });
    await setDistribution(await ed(), b.id, {
      recipients: [
        { part: 'report', name: o.report[0]! },
        ...(await Promise.all(o.restrictedTo.units.map(async (u) => ({ part: 'issue' as const, unitId: await unitId(u) })))),
      ],
    });
    await publishBriefing(await ed(), b.id);
    n += 2;
  }
  return n;
}
