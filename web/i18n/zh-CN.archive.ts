/** 简体中文: the archive search page (spread into zh-CN.ts). */
export const zhCNArchive = {
  'menu.archive': '档案检索',
  'archive.sub': '按关键词、年度、类型、单位检索已录用的稿件；只显示您有权查看的内容',
  'archive.type.items': '稿件',
  'archive.type.briefings': '简报',
  'archive.restricted': '限定发放',
  'archive.search': '检索',
  'archive.placeholder': '输入关键词，如：电信诈骗 宣传',
  'archive.year': '年度',
  'archive.yearN': '{n}年',
  'archive.status': '状态',
  'archive.byRelevance': '按相关度',
  'archive.byDate': '按时间',
  'archive.none': '没有找到包含“{q}”的稿件',
  'archive.empty': '暂无稿件',
};
