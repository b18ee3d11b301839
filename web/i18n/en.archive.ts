import type { zhCNArchive } from './zh-CN.archive';

/** English: the archive search page (spread into en.ts). */
export const enArchive: { readonly [K in keyof typeof zhCNArchive]: string } = {
  'menu.archive': 'Archive',
  'archive.sub': 'Search accepted items by words, year, kind and unit; only what you may open is shown',
  'archive.type.items': 'Items',
  'archive.type.briefings': 'Briefings',
  'archive.restricted': 'Restricted',
  'archive.search': 'Search',
  'archive.placeholder': 'Words, e.g. 电信诈骗 宣传',
  'archive.year': 'Year',
  'archive.yearN': '{n}',
  'archive.status': 'Status',
  'archive.byRelevance': 'Relevance',
  'archive.byDate': 'Newest',
  'archive.none': 'No item contains “{q}”',
  'archive.empty': 'No items',
};
