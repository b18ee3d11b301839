/**
 * Demo briefings for tests, the benchmark and screenshots: a comprehensive 简报 of three items, a
 * standalone 专报, a 通报 with its 发文字号, and `briefingWithItems(n)` for volume. The wording is
 * invented in the style of a county public-security bureau's publicity office (seeds 000–003);
 * every name and number is fictitious.
 */
import type { BriefingDocument, BriefingDocumentItem } from './briefing-document';

export const DEMO_ITEMS: readonly BriefingDocumentItem[] = [
  {
    title: '嘎鲁图派出所“三进”宣传织密反诈防护网',
    source: '（嘎鲁图派出所 王磊）',
    body: [
      '今年以来，嘎鲁图派出所坚持把防范电信网络诈骗作为服务群众的重要抓手，深入开展反诈宣传进社区、进企业、进校园“三进”活动，推动反诈知识家喻户晓、人人皆知，辖区电信网络诈骗发案数同比下降百分之三十七，群众安全感和满意度持续提升。',
      '一、聚焦重点人群，精准开展宣传',
      '派出所结合辖区发案特点，梳理出老年人、在校学生、企业财务人员等易受骗群体，分类制定宣传方案。针对老年人，民警走进社区老年活动中心，用方言讲解冒充公检法、养老投资等常见骗局；针对学生，联合学校开设“反诈第一课”，围绕刷单返利、游戏装备交易等案例进行剖析；针对企业财务人员，上门讲解冒充领导、虚假对账等新型手法，帮助企业完善转账审批制度。',
      '（一）以案说法讲透骗局套路。民警选取本地近期发生的典型案例，将作案手法、资金流向、识别要点编成通俗易懂的顺口溜，群众听得懂、记得住、用得上。',
      '（二）入户走访筑牢最后防线。社区民警逐户走访辖区居民，指导群众下载安装国家反诈中心应用程序，开启来电预警功能，累计入户宣传两千三百余户，发放宣传资料五千余份。',
      '二、创新宣传载体，扩大覆盖范围',
      '派出所依托社区微信群、村级广播、电子显示屏等载体，每日推送预警提示，做到宣传“不断线”。同时组建由网格员、志愿者、退休教师组成的反诈宣传队，利用集市、庙会等人员聚集时机开展现场宣传，让反诈知识走进千家万户。',
      '三、强化预警劝阻，及时止损挽损',
      '派出所建立预警信息快速响应机制，接到预警指令后第一时间电话劝阻、上门见面劝阻，今年以来成功劝阻潜在受害群众八十六人次，避免群众经济损失三百余万元。下一步，嘎鲁图派出所将持续深化全民反诈宣传，不断提升群众识骗防骗能力，坚决守护好群众的“钱袋子”。',
    ].join('\n'),
  },
  {
    title: '交警大队多措并举保障夏季道路交通安全',
    source: '（交通管理大队 李娜）',
    body: [
      '进入夏季以来，旗公安局交通管理大队针对旅游出行、农忙运输车辆增多的特点，紧盯重点路段、重点时段、重点车辆，多措并举预防和减少道路交通事故，全旗道路交通安全形势保持平稳，未发生较大以上道路交通事故。',
      '一、加强路面管控',
      '大队科学调整勤务模式，在国道、省道重点路段设置临时执勤点，实行“白天+夜间”全时段巡逻管控，严查酒驾醉驾、超员超载、疲劳驾驶等严重交通违法行为。六月份以来共查处各类交通违法行为一千二百余起，其中酒驾醉驾二十三起，有力震慑了交通违法行为。',
      '二、排查整治隐患',
      '大队会同交通运输、应急管理等部门，对辖区急弯陡坡、临水临崖、平交路口等事故易发路段开展拉网式排查，发现并督促整改安全隐患十七处，增设警示标志标牌四十余块，从源头上消除事故隐患。',
      '三、深化宣传教育',
      '大队组织民警深入运输企业、驾校、农村集市，开展“美丽乡村行”交通安全宣传活动，以真实事故案例警示群众自觉遵守交通法规。通过短视频平台发布交通安全提示五十余条，累计播放量超过四十万次，营造了全社会共同关注交通安全的良好氛围。',
      '下一步，交警大队将继续保持严管高压态势，紧盯暑期旅游高峰，全力以赴确保辖区道路交通安全畅通，为群众出行创造安全有序的交通环境。',
    ].join('\n'),
  },
  {
    title: '刑侦大队快侦快破一起入室盗窃案件',
    source: '（刑事侦查大队 张伟）',
    body: [
      '近日，旗公安局刑事侦查大队成功侦破一起入室盗窃案件，抓获犯罪嫌疑人一名，追回被盗现金及金银首饰价值四万余元，受到群众好评。',
      '七月二日上午，辖区居民王某报警称，其家中被盗，丢失现金和金银首饰若干。接警后，刑侦大队立即组织精干力量赶赴现场，开展现场勘查和走访调查工作。',
      '（一）科技赋能锁定嫌疑人。办案民警通过调取案发小区及周边视频监控，对案发前后进出人员进行逐一比对，结合现场提取的痕迹物证，迅速锁定一名形迹可疑的男子，并查明其落脚地点。',
      '（二）周密部署实施抓捕。在掌握嫌疑人活动规律后，大队会同属地派出所制定抓捕方案，于七月四日凌晨在其租住处将犯罪嫌疑人刘某抓获，现场起获部分被盗物品。经审讯，刘某对其入室盗窃的犯罪事实供认不讳。',
      '目前，犯罪嫌疑人刘某已被依法刑事拘留，案件正在进一步侦办中。警方提醒广大群众，外出时要关好门窗，贵重物品妥善保管，发现可疑人员及时报警。刑侦大队将始终保持对盗窃等多发性侵财犯罪的严打高压态势，全力维护辖区社会治安稳定。',
    ].join('\n'),
  },
];

const STANDALONE_ITEM: BriefingDocumentItem = {
  title: '乌审旗公安局扎实推进扫黑除恶常态化工作',
  source: '（政治工作办公室 供稿）',
  body: [
    '今年以来，乌审旗公安局坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级关于常态化开展扫黑除恶斗争的部署要求，坚持依法严惩、打早打小、标本兼治，推动扫黑除恶常态化工作取得新成效。',
    '一、坚持高位推动，压实工作责任',
    '局党委把常态化扫黑除恶作为一项重要政治任务，定期召开专题会议研究部署，成立由主要负责同志任组长的工作专班，制定年度工作要点和任务清单，层层压实工作责任，形成了主要领导亲自抓、分管领导具体抓、各部门协同抓的工作格局。',
    '二、坚持依法严打，保持高压态势',
    '（一）深挖线索。畅通群众举报渠道，对群众举报的线索逐条登记、逐条核查，做到件件有着落、事事有回音。今年以来共受理涉黑涉恶线索十九条，已全部核查办结。',
    '（二）精准打击。聚焦群众反映强烈的欺行霸市、非法放贷、寻衅滋事等突出问题，依法打掉恶势力犯罪集团一个，抓获犯罪嫌疑人十一名，查扣涉案资产一百二十余万元。',
    '（三）打财断血。坚持把打财断血作为重要环节，对涉案财产依法查封、扣押、冻结，彻底铲除黑恶势力滋生的经济基础。',
    '三、坚持源头治理，巩固斗争成果',
    '结合办理的案件，深入分析行业领域存在的监管漏洞，向相关部门发出公安提示函三份，推动完善行业管理制度。同时，广泛开展扫黑除恶宣传，营造全民参与的浓厚氛围。下一步，乌审旗公安局将持续保持严打高压态势，推动扫黑除恶常态化工作走深走实，不断提升人民群众的获得感、幸福感、安全感。',
  ].join('\n'),
};

const DISTRIBUTION: BriefingDocument['distribution'] = {
  report: ['鄂尔多斯市公安局政治部宣传处', '旗委办公室', '旗政府办公室'],
  send: ['旗委宣传部', '旗委政法委'],
  issue: ['各派出所', '局机关各部门', '各直属单位'],
};

/** A comprehensive 简报 of three items with an editor's note. */
export function demoComprehensiveBriefing(): BriefingDocument {
  return {
    type: 'jianbao',
    mastheadName: '公安宣传工作简报',
    year: 2024,
    number: 12,
    supplement: false,
    issuer: '乌审旗公安局政治工作办公室',
    date: '2024-07-08',
    editorNote: '本期刊发三个单位近期工作经验和战果，请各单位结合实际学习借鉴，进一步做好宣传工作。',
    items: DEMO_ITEMS.map((i) => ({ ...i })),
    distribution: structuredClone(DISTRIBUTION),
    copies: 40,
  };
}

/** A standalone supplement (增刊) of the 专报, restricted. */
export function demoStandaloneBriefing(): BriefingDocument {
  return {
    type: 'zhuanbao',
    mastheadName: '扫黑除恶专项斗争专报',
    year: 2024,
    number: 1,
    supplement: true,
    issuer: '乌审旗公安局扫黑除恶工作专班',
    date: '2024-03-05',
    restrictedMark: '内部资料　注意保存',
    items: [{ ...STANDALONE_ITEM }],
    distribution: { report: ['鄂尔多斯市公安局扫黑办'], send: ['旗扫黑除恶工作领导小组办公室'], issue: ['局党委委员', '各派出所'] },
    copies: 25,
  };
}

/** A 通报 in the 公文 layout, with its 发文字号 and 主送机关. */
export function demoNotice(): BriefingDocument {
  return {
    type: 'tongbao',
    mastheadName: '乌审旗公安局文件',
    year: 2024,
    number: 12,
    supplement: false,
    issuer: '乌审旗公安局政治工作办公室',
    signature: '乌审旗公安局',
    date: '2024-07-15',
    documentNumber: '乌公发〔2024〕12号',
    addressee: '各派出所、局机关各部门、各直属单位：',
    items: [
      {
        title: '关于2024年上半年宣传工作情况的通报',
        body: [
          '2024年上半年，全局各单位认真贯彻落实全市公安宣传工作会议精神，围绕中心、服务大局，宣传工作取得了新的成效。现将有关情况通报如下。',
          '一、总体情况',
          '上半年，全局共向局政治工作办公室报送稿件三百一十二篇，经审核录用一百零五篇；被市局采用二十八篇，被自治区公安厅采用六篇；在中央主要媒体刊发稿件三篇，在自治区级媒体刊发稿件十一篇。',
          '二、主要做法',
          '（一）健全工作机制。各单位明确专人负责宣传工作，建立信息报送台账，做到有事必报、报必及时。',
          '（二）突出工作重点。围绕扫黑除恶、反诈宣传、夏季治安打击整治等重点工作，推出了一批有分量、有影响的宣传稿件。',
          '三、存在的问题',
          '部分单位对宣传工作重视不够，报送稿件数量少、质量不高；个别稿件存在泄露案件细节和个人信息的风险，审核把关仍需加强。',
          '四、下一步工作要求',
          '各单位要进一步提高思想认识，加强通讯员队伍建设，严格落实稿件审核制度，推动全局宣传工作再上新台阶。',
        ].join('\n'),
      },
    ],
    distribution: { report: ['鄂尔多斯市公安局政治部'], send: ['旗委宣传部'], issue: ['各派出所', '局机关各部门'] },
    copies: 30,
  };
}

/**
 * A comprehensive 简报 of `n` items of ~800 characters each (the demo items, renumbered, with their
 * paragraphs repeated as needed): the benchmark's input.
 */
export function briefingWithItems(n: number, charsPerItem = 800): BriefingDocument {
  const pool = [...DEMO_ITEMS, STANDALONE_ITEM];
  const items: BriefingDocumentItem[] = [];
  for (let i = 0; i < n; i++) {
    const base = pool[i % pool.length]!;
    const paras = base.body.split('\n');
    const body: string[] = [];
    let len = 0;
    for (let k = 0; len < charsPerItem; k++) {
      const p = paras[k % paras.length]!;
      body.push(p);
      len += p.length;
    }
    items.push({ title: `${base.title}（之${i + 1}）`, body: body.join('\n'), source: base.source });
  }
  return { ...demoComprehensiveBriefing(), number: 20, items };
}
