/**
 * Demo notices for tests and screenshots, in the style of seed 003 (a district campaign office's
 * monthly adoption notice and quarterly ranking, template B: +10 standalone, +3 comprehensive) and of
 * seed 001 (a county police bureau's year-end 优秀宣传员, template A). Every name and number is fictitious.
 */
import {
  monthlyAdoptionNotice,
  quarterlyRankingNotice,
  topCorrespondentsNotice,
  type MonthlyAdoptionData,
  type NoticeHead,
  type QuarterlyRankingData,
  type TopCorrespondentsData,
} from './notice-document';
import type { NoticeDocument } from './notice-document';

export const DEMO_HEAD_003: NoticeHead = {
  mastheadName: '二道江区扫黑办文件',
  documentNumber: '二扫黑办通〔2024〕4号',
  addressee: '各乡（镇、街道）党（工）委、政府（办事处），区扫黑除恶专项斗争领导小组各成员单位：',
  signature: '二道江区扫黑除恶专项斗争领导小组办公室',
  date: '2024-04-03',
  copyTo: ['市扫黑办', '区委政法委'],
  printer: '二道江区扫黑办',
};

export function demoMonthlyAdoptionData(): MonthlyAdoptionData {
  return {
    head: DEMO_HEAD_003,
    rubricName: '扫黑除恶专项斗争信息采用积分',
    periodKey: '2024-03',
    decimals: 0,
    units: [
      { name: '区公安分局', standalone: 1, comprehensive: 2, points: '16' },
      { name: '桃源街道', standalone: 1, comprehensive: 0, points: '10' },
      { name: '区人民法院', standalone: 0, comprehensive: 2, points: '6' },
      { name: '鸭园镇', standalone: 0, comprehensive: 1, points: '3' },
      { name: '区人民检察院', standalone: 0, comprehensive: 0, points: '0' },
      { name: '五道江镇', standalone: 0, comprehensive: 0, points: '0' },
    ],
    adoptions: [
      { unitName: '区公安分局', title: '区公安分局打掉一个盘踞城乡接合部的恶势力犯罪团伙', mode: 'standalone', issue: '2024年第9期', date: '2024-03-06', points: '10' },
      { unitName: '区人民法院', title: '区法院审结一起涉恶寻衅滋事案', mode: 'comprehensive', issue: '2024年第10期', date: '2024-03-12', points: '3' },
      { unitName: '区公安分局', title: '区公安分局开展线索“大起底”', mode: 'comprehensive', issue: '2024年第10期', date: '2024-03-12', points: '3' },
      { unitName: '桃源街道', title: '桃源街道织密网格排查涉黑涉恶线索', mode: 'standalone', issue: '2024年第11期', date: '2024-03-19', points: '10' },
      { unitName: '鸭园镇', title: '鸭园镇开展扫黑除恶宣传进村入户活动', mode: 'comprehensive', issue: '2024年第12期', date: '2024-03-27', points: '3' },
      { unitName: '区人民法院', title: '区法院发出司法建议助推行业治理', mode: 'comprehensive', issue: '2024年第12期', date: '2024-03-27', points: '3' },
      { unitName: '区公安分局', title: '区公安分局召开涉黑涉恶线索核查推进会', mode: 'comprehensive', issue: '2024年第12期', date: '2024-03-27', points: '3' },
    ],
  };
}

export function demoQuarterlyRankingData(): QuarterlyRankingData {
  return {
    head: { ...DEMO_HEAD_003, documentNumber: '二扫黑办通〔2024〕5号', date: '2024-04-08' },
    rubricName: '扫黑除恶专项斗争信息采用积分',
    periodKey: '2024-Q1',
    decimals: 0,
    items: [{ key: 'adoption', name: '信息采用' }],
    groups: [
      {
        name: '成员单位',
        rows: [
          { rank: 1, name: '区公安分局', total: '42', items: { adoption: '42' } },
          { rank: 2, name: '区人民法院', total: '19', items: { adoption: '19' } },
          { rank: 2, name: '区人民检察院', total: '19', items: { adoption: '19' } },
          { rank: 4, name: '区司法局', total: '6', items: { adoption: '6' } },
          { rank: 5, name: '区民政局', total: '0', items: { adoption: '0' } },
        ],
      },
      {
        name: '乡镇（街道）',
        rows: [
          { rank: 1, name: '桃源街道', total: '23', items: { adoption: '23' } },
          { rank: 2, name: '鸭园镇', total: '13', items: { adoption: '13' } },
          { rank: 3, name: '二道江乡', total: '3', items: { adoption: '3' } },
          { rank: 3, name: '五道江镇', total: '3', items: { adoption: '3' } },
          { rank: 5, name: '东通化街道', total: '0', items: { adoption: '0' } },
        ],
      },
    ],
  };
}

export const DEMO_HEAD_001: NoticeHead = {
  mastheadName: '乌审旗公安局文件',
  documentNumber: '乌公政〔2025〕2号',
  addressee: '交管大队，各派出所，看守所、拘留所，局属各部门：',
  signature: '乌审旗公安局',
  date: '2025-01-10',
  copyTo: ['鄂尔多斯市公安局政治部'],
  printer: '乌审旗公安局政治工作办公室',
};

export function demoTopCorrespondentsData(): TopCorrespondentsData {
  return {
    head: DEMO_HEAD_001,
    rubricName: '2024年新闻宣传工作绩效考核细则',
    periodKey: '2024',
    decimals: 1,
    places: 5,
    people: [
      { rank: 1, name: '王磊', unitName: '嘎鲁图派出所', total: '2.3' },
      { rank: 2, name: '李娜', unitName: '交通管理大队', total: '1.9' },
      { rank: 3, name: '张伟', unitName: '刑事侦查大队', total: '1.5' },
      { rank: 4, name: '乌云其木格', unitName: '图克派出所', total: '1.2' },
      { rank: 5, name: '赵志刚', unitName: '政治工作办公室', total: '0.3' },
      { rank: 5, name: '巴图', unitName: '无定河派出所', total: '0.3' },
    ],
  };
}

/** Template A's ranking: nine items, the table set smaller so every number stays on one line. */
export function demoRankingTemplateAData(): QuarterlyRankingData {
  const items = [
    ['city_matrix', '市局矩阵策划'],
    ['photo_video', '图片、视频报送'],
    ['matrix_response', '矩阵响应'],
    ['achievements', '创佳绩'],
    ['new_media', '政务新媒体'],
    ['role_models', '典型选树'],
    ['broadcast', '展播'],
    ['competition', '评比'],
    ['external', '外宣刊稿'],
  ].map(([key, name]) => ({ key: key!, name: name! }));
  const row = (rank: number, name: string, total: string, v: string[]) => ({ rank, name, total, items: Object.fromEntries(items.map((it, i) => [it.key, v[i]!])) });
  return {
    head: { ...DEMO_HEAD_001, documentNumber: '乌公政〔2024〕9号', date: '2024-07-05' },
    rubricName: '2024年新闻宣传工作绩效考核细则',
    periodKey: '2024-Q2',
    decimals: 1,
    items,
    groups: [
      {
        name: null,
        rows: [
          row(1, '嘎鲁图派出所', '9.3', ['0.5', '1.2', '2', '0.3', '1', '3', '0', '0.2', '1.1']),
          row(2, '交通管理大队', '7.6', ['0.2', '0.7', '1.8', '0.2', '1', '2.5', '0', '0', '1.2']),
          row(2, '刑事侦查大队', '7.6', ['0.3', '0.6', '2', '0', '1', '3', '0.5', '0', '0.2']),
          row(4, '图克派出所', '6.3', ['0', '0.3', '1.6', '0', '0.6', '3', '0', '0', '0.8']),
        ],
      },
    ],
  };
}

export const DEMO_NOTICES: Record<string, () => NoticeDocument> = {
  monthly: () => monthlyAdoptionNotice(demoMonthlyAdoptionData()),
  quarterly: () => quarterlyRankingNotice(demoQuarterlyRankingData()),
  correspondents: () => topCorrespondentsNotice(demoTopCorrespondentsData()),
  'ranking-a': () => quarterlyRankingNotice(demoRankingTemplateAData()),
};
