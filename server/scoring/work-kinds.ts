/**
 * How records of use become the engine's events, pure: the work kind a submission counts as, the tags
 * a rubric can test, and each record kind's attributes (docs/rubric-schema.md "Event kinds").
 * Tested table-driven in work-kinds.test.ts.
 */
import type { AttrValue } from './engine/engine';

/** Submission kind → work kind (material: photo or video, by its files, else by its media tag). */
export const WORK_KINDS: Record<string, string> = {
  briefing_item: 'briefing',
  lead: 'lead',
  article: 'article',
  original_work: 'original',
  material: 'photo',
};

/**
 * The tag saying what a material without files is: an item brought in by the interchange import
 * (`media: photo | video` in the file) has no files to tell a photo from a video.
 */
export const MEDIA_TAGS = { photo: 'media:photo', video: 'media:video' } as const;
export type Media = keyof typeof MEDIA_TAGS;
/** The media a material's tags name (the last such tag), or null. */
export function mediaOfTags(tags: readonly string[]): Media | null {
  let out: Media | null = null;
  for (const t of tags) if (t === MEDIA_TAGS.photo) out = 'photo';
  else if (t === MEDIA_TAGS.video) out = 'video';
  return out;
}

/**
 * The work kind of a submission. A material is a video when it carries a video file, a photo when it
 * carries an image and no video; a material with neither is what its media tag says (a photo without one).
 */
export function workKindOf(submissionKind: string, fileKinds: readonly string[] = [], tags: readonly string[] = []): string {
  if (submissionKind === 'material') {
    if (fileKinds.includes('video')) return 'video';
    if (fileKinds.includes('image')) return 'photo';
    return mediaOfTags(tags) ?? 'photo';
  }
  return WORK_KINDS[submissionKind] ?? submissionKind;
}

/**
 * Tags as typed on a submission, plus the rubric's key words for the ones templates test: a piece made
 * for the city bureau's planned campaign or commission (市局策划 / 市局约稿 / 市局征集) is `city_campaign`.
 */
const TAG_KEYS: [RegExp, string][] = [[/^(city_campaign|市局(宣传)?策划|市局约稿|市局征集|市局作品征集)$/i, 'city_campaign']];
export function tagsOf(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of tags) {
    const t = raw.normalize('NFKC').trim();
    if (!t) continue;
    out.add(t);
    for (const [re, key] of TAG_KEYS) if (re.test(t)) out.add(key);
  }
  return [...out];
}

/** The field of an award to a work: 公安文化 for original works, news (新闻宣传) for everything else. */
export const awardFieldOf = (workKind: string): 'culture' | 'news' => (workKind === 'original' ? 'culture' : 'news');

/** What a record of use says, as read for scoring. */
export type UseFacts = {
  kind: string;
  mode: string | null;
  level: string | null;
  scope: string | null;
  outletTier: string | null;
  centralMain: boolean;
  channelQualifies: boolean;
  awardName: string | null;
};

/** A record of use's attributes for rules (docs/rubric-schema.md). */
export function useAttrs(r: UseFacts, workKind: string | null): Record<string, AttrValue> {
  const a: Record<string, AttrValue> = {};
  switch (r.kind) {
    case 'briefing_use':
      if (r.mode) a.mode = r.mode;
      break;
    case 'upper_adoption':
    case 'recommendation':
      if (r.level) a.level = r.level;
      break;
    case 'media':
      if (r.outletTier) a.tier = r.outletTier;
      a.central_main = r.centralMain;
      a.channel_qualifies = r.centralMain && r.channelQualifies;
      break;
    case 'broadcast':
      if (r.scope) a.level = r.scope;
      break;
    case 'award_work':
      if (r.level) a.level = r.level;
      a.field = awardFieldOf(workKind ?? '');
      if (r.awardName) a.title = r.awardName;
      break;
    case 'award_person':
      if (r.level) a.level = r.level;
      if (r.awardName) a.title = honourTitleOf(r.awardName);
      break;
  }
  return a;
}

/** An honour's title as rubrics name it: any "…优秀通讯员…" (e.g. 2024年度全市优秀通讯员) is 年度优秀通讯员. */
export function honourTitleOf(name: string): string {
  const t = name.normalize('NFKC').trim();
  return /优秀通讯员/.test(t) ? '年度优秀通讯员' : t;
}
