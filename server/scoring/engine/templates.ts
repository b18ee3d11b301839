/**
 * The two rubrics of the seeds, shipped as ready templates (DOMAIN.md "Scoring").
 *
 * Event attributes the templates read (the records of use and ledger entries supply them):
 * - upper_adoption.level: county | city | province | ministry (a ministry adoption counts as provincial);
 * - media.central_main: true for the seven central main media; media.channel_qualifies: true on their
 *   main site's home page or the app's 推荐 / 热点 / 要文;
 * - broadcast.level, award_work.level: national | regional | city; award_work.field: news | culture;
 * - award_person.title (年度优秀通讯员), award_person.level: regional | city;
 * - task_missed.task: repost_vote; violation.negative_coverage: true when it caused negative coverage;
 * - briefing_use.mode: standalone | comprehensive.
 * Work tags: `city_campaign` marks a piece made for the city bureau's planned campaign or commission.
 */
import type { RubricInput } from './rubric';

/** Template A: seed 001, the county police bureau's 2024 news publicity rubric (28 points). */
export const TEMPLATE_A: RubricInput = {
  name: '2024年新闻宣传工作绩效考核细则',
  description: '乌审旗公安局 2024 年新闻宣传工作绩效考核细则（28 分）。同一作品、稿件、荣誉只计分1次，取最高分。',
  dedupe: 'rubric',
  sections: [
    {
      key: 'basic',
      name: '基础业务',
      items: [
        {
          key: 'city_matrix',
          name: '市局矩阵策划',
          group: '宣传策划',
          mode: 'additive',
          max: '2',
          rules: [
            { key: 'city', clause: '积极配合完成市局宣传策划、约稿报送、作品征集等工作，每有一次被市局采纳加0.2分', when: { kind: 'upper_adoption', attrs: { level: 'city' }, tags: ['city_campaign'] }, points: '0.2' },
            { key: 'province', clause: '被公安厅采纳加0.3分（部级采纳按厅计）', when: { kind: 'upper_adoption', attrs: { level: ['province', 'ministry'] }, tags: ['city_campaign'] }, points: '0.3' },
          ],
        },
        {
          key: 'photo_video',
          name: '图片、视频报送',
          group: '宣传策划',
          mode: 'additive',
          max: '7',
          rules: [
            { key: 'county', clause: '每有一次照片或视频被旗局采纳加0.1分', when: { kind: 'upper_adoption', attrs: { level: 'county' }, workKinds: ['photo', 'video'] }, points: '0.1' },
            { key: 'city', clause: '每有一次照片或视频被市局采纳加0.2分', when: { kind: 'upper_adoption', attrs: { level: 'city' }, workKinds: ['photo', 'video'] }, points: '0.2' },
            { key: 'province', clause: '被公安厅采纳加0.3分（部级采纳按厅计）', when: { kind: 'upper_adoption', attrs: { level: ['province', 'ministry'] }, workKinds: ['photo', 'video'] }, points: '0.3' },
          ],
        },
        {
          key: 'matrix_response',
          name: '矩阵响应',
          mode: 'deductive',
          max: '2',
          rules: [{ key: 'task_missed', clause: '及时响应旗局布置的转发、投票工作任务，每有一次未完成减0.2分', when: { kind: 'task_missed', attrs: { task: 'repost_vote' } }, points: '0.2' }],
        },
        {
          key: 'achievements',
          name: '创佳绩',
          mode: 'additive',
          max: '1',
          rules: [
            { key: 'work_national', clause: '新闻宣传作品征集评选活动中获得国家级奖项得0.3分', when: { kind: 'award_work', attrs: { field: 'news', level: 'national' } }, points: '0.3' },
            { key: 'work_regional', clause: '获得自治区级奖项得0.2分', when: { kind: 'award_work', attrs: { field: 'news', level: 'regional' } }, points: '0.2' },
            { key: 'work_city', clause: '获得市级奖项得0.1分', when: { kind: 'award_work', attrs: { field: 'news', level: 'city' } }, points: '0.1' },
            { key: 'person_regional', clause: '年度优秀通讯员评比中获得自治区级奖项每获奖一人次加0.3分', when: { kind: 'award_person', attrs: { title: '年度优秀通讯员', level: 'regional' } }, points: '0.3' },
            { key: 'person_city', clause: '获得市级奖项每获奖一人次加0.2分', when: { kind: 'award_person', attrs: { title: '年度优秀通讯员', level: 'city' } }, points: '0.2' },
            { key: 'emergency', clause: '配合旗局完成临时性应急任务，每高质量完成一次加0.2分', when: { kind: 'emergency_task' }, points: '0.2', dedupe: false },
          ],
        },
      ],
    },
    {
      key: 'new_media',
      name: '政务新媒体',
      items: [
        {
          key: 'new_media',
          name: '政务新媒体',
          mode: 'deductive',
          max: '1',
          floor: '0',
          rules: [
            {
              key: 'violation',
              clause: '未按规定审批擅自开设新媒体账号，或被国家、自治区、市有关部门通报、批评、在相关考核中被扣分，每出现一项减0.2分；扣满1分止',
              when: { kind: 'violation' },
              points: '0.2',
              multipliers: [{ when: { negative_coverage: true }, factor: '2', reason: '引发负面舆情的翻倍扣分' }],
            },
          ],
        },
      ],
    },
    {
      key: 'typical',
      name: '典型选树',
      items: [
        {
          key: 'nominations',
          name: '“最美之星”评选推荐',
          mode: 'deductive',
          max: '3',
          rules: [
            { key: 'missed', clause: '3月至8月按月组织开展“最美之星”评选推荐活动，每有一项次未按要求落实减0.5分', when: { kind: 'nomination_missed' }, points: '0.5', months: [3, 4, 5, 6, 7, 8], oncePer: 'month' },
          ],
        },
      ],
    },
    {
      key: 'culture',
      name: '公安文化',
      items: [
        {
          key: 'broadcast',
          name: '作品展播',
          mode: 'additive',
          max: '1',
          rules: [
            { key: 'national', clause: '原创作品被国家级媒体平台展播的，每次得0.5分', when: { kind: 'broadcast', attrs: { level: 'national' } }, points: '0.5' },
            { key: 'regional', clause: '被自治区级媒体展播的，每次得0.2分', when: { kind: 'broadcast', attrs: { level: 'regional' } }, points: '0.2' },
          ],
        },
        {
          key: 'competition',
          name: '作品评比',
          mode: 'additive',
          max: '1',
          rules: [
            { key: 'national', clause: '原创作品在全国评比中获奖的，每次得0.5分', when: { kind: 'award_work', attrs: { field: 'culture', level: 'national' } }, points: '0.5' },
            { key: 'regional', clause: '在自治区评比中获奖的，每次得0.2分', when: { kind: 'award_work', attrs: { field: 'culture', level: 'regional' } }, points: '0.2' },
          ],
        },
      ],
    },
    {
      key: 'external',
      name: '外宣刊稿',
      items: [
        {
          key: 'central_media',
          name: '中央主要媒体刊稿',
          mode: 'additive',
          max: '10',
          note: '占位值：附件2（国家级媒体刊稿明细及赋分标准）未随细则下发，以下分值为可编辑的占位值，请按市局细则修改。',
          rules: [
            {
              key: 'text',
              clause: '在中央主要媒体主网首页或客户端“推荐”“热点”“要文”专栏刊发稿件（占位值，见附件2）',
              when: { kind: 'media', attrs: { central_main: true, channel_qualifies: true }, workKinds: ['article', 'briefing', 'lead'] },
              points: '1',
            },
            {
              key: 'photo_video',
              clause: '在中央主要媒体主网首页或客户端“推荐”“热点”“要文”专栏刊发图片、视频（占位值，见附件2）',
              when: { kind: 'media', attrs: { central_main: true, channel_qualifies: true }, workKinds: ['photo', 'video'] },
              points: '0.5',
            },
          ],
        },
      ],
    },
  ],
};

/** Template B: seed 003, the district campaign office's briefing rubric; reported monthly, ranked quarterly. */
export const TEMPLATE_B: RubricInput = {
  name: '扫黑除恶专项斗争信息采用积分',
  description: '单独刊发一期加10分，综合性信息中采用加3分；每月通报采用情况，每季度排名。种子文件未规定同一作品只计一次，每次采用均计分。',
  dedupe: 'none',
  sections: [
    {
      key: 'briefings',
      name: '简报采用',
      items: [
        {
          key: 'adoption',
          name: '信息采用',
          mode: 'additive',
          rules: [
            { key: 'standalone', clause: '被单独刊发一期的加10分', when: { kind: 'briefing_use', attrs: { mode: 'standalone' } }, points: '10' },
            { key: 'comprehensive', clause: '在综合性信息中采用的加3分', when: { kind: 'briefing_use', attrs: { mode: 'comprehensive' } }, points: '3' },
          ],
        },
      ],
    },
  ],
};
