/**
 * The kinds of submission and their rules (DOMAIN.md "Submissions"; seeds 001, 003, 004).
 * Pure data and functions: the web form and the server validate with the same rules.
 */
export const SUBMISSION_KINDS = ['briefing_item', 'lead', 'material', 'article', 'original_work'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

/** Why an item is sensitive (DOMAIN.md, seed 000): staff misconduct, or an ongoing case. */
export const SENSITIVITIES = ['misconduct', 'ongoing_case'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const KIND_LABELS: Record<SubmissionKind, { zh: string; en: string }> = {
  briefing_item: { zh: '信息简报', en: 'Briefing item' },
  lead: { zh: '宣传报道线索', en: 'News lead' },
  material: { zh: '图片、视频素材', en: 'Photo / video material' },
  article: { zh: '外宣稿件', en: 'Article' },
  original_work: { zh: '原创作品', en: 'Original work' },
};

/** The ten content categories of seed 001 for photo/video material. */
export const MATERIAL_CATEGORIES: { n: number; zh: string; en: string }[] = [
  { n: 1, zh: '党建工作', en: 'Party building' },
  { n: 2, zh: '队伍管理、教育训练', en: 'Team management & training' },
  { n: 3, zh: '重大活动、会议、节假日安保', en: 'Major events, meetings, holiday security' },
  { n: 4, zh: '从优待警、表彰奖励、英模典型、警营文化', en: 'Caring for staff, commendations, role models, police culture' },
  { n: 5, zh: '专项行动（电诈、盗抢骗、黄赌毒、食药环等）', en: 'Special campaigns (telecom fraud, theft, drugs, food & environment…)' },
  { n: 6, zh: '治安防控、巡逻、演练、“七进”宣传', en: 'Public safety, patrols, drills, “seven into” outreach' },
  { n: 7, zh: '现代警务、智慧警务', en: 'Modern / smart policing' },
  { n: 8, zh: '改革与便民服务', en: 'Reform and convenience services' },
  { n: 9, zh: '突发事件及其他亮点工作', en: 'Emergencies and other highlights' },
  { n: 10, zh: '民警日常工作生活', en: 'Everyday life of officers' },
];

export type KindRules = {
  /** Body limit in characters, white space not counted (003: 3,000 for briefing items). */
  maxBodyChars: number;
  bodyRequired: boolean;
  situationNoteRequired: boolean;
  categoryRequired: boolean;
  filesRequired: boolean;
  /** Upload limits per file, in bytes, by file kind. */
  maxFileBytes: { image: number; video: number; document: number };
  maxFiles: number;
};

const MB = 1024 * 1024;
const base = { image: 20 * MB, video: 500 * MB, document: 20 * MB };

export const KIND_RULES: Record<SubmissionKind, KindRules> = {
  briefing_item: { maxBodyChars: 3000, bodyRequired: true, situationNoteRequired: false, categoryRequired: false, filesRequired: false, maxFileBytes: base, maxFiles: 10 },
  lead: { maxBodyChars: 1000, bodyRequired: true, situationNoteRequired: true, categoryRequired: false, filesRequired: false, maxFileBytes: base, maxFiles: 10 },
  material: { maxBodyChars: 1000, bodyRequired: false, situationNoteRequired: false, categoryRequired: true, filesRequired: true, maxFileBytes: base, maxFiles: 50 },
  article: { maxBodyChars: 20000, bodyRequired: true, situationNoteRequired: false, categoryRequired: false, filesRequired: false, maxFileBytes: base, maxFiles: 20 },
  original_work: { maxBodyChars: 20000, bodyRequired: false, situationNoteRequired: false, categoryRequired: false, filesRequired: false, maxFileBytes: base, maxFiles: 20 },
};

/** Counts characters the way 003's "3000字以内" is read: every character except white space. */
/**
 * True when the author has typed or chosen anything: a draft is made only then (choosing a kind is
 * not a draft). The authors alone, which default to the caller, do not count. Shared with the form.
 */
export function hasContent(input: { title?: string | undefined; body?: string | undefined; situationNote?: string | undefined; tags?: readonly string[] | undefined; category?: number | null | undefined; caseId?: string | null | undefined; sensitive?: boolean | undefined }): boolean {
  const text = [input.title, input.body, input.situationNote].some((v) => (v ?? '').trim() !== '');
  return text || (input.tags?.length ?? 0) > 0 || (input.category ?? null) !== null || !!input.caseId || input.sensitive === true;
}

export function countChars(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

/** Markings of classified material (等级保护管理办法): such text never enters the system. */
const STATE_SECRET = /(秘密|机密|绝密)\s*★/u;
export function containsStateSecretMarking(text: string): boolean {
  return STATE_SECRET.test(text.normalize('NFKC').replace(/☆/g, '★'));
}

export type SubmissionContent = {
  title: string;
  body: string;
  situationNote: string;
  category: number | null;
  attachmentCount: number;
};

export type ContentIssue = { field: 'title' | 'body' | 'situationNote' | 'category' | 'attachments'; code: string; zh: string; en: string };

/** What stops a submission from being submitted (drafts may be incomplete). */
export function contentIssues(kind: SubmissionKind, c: SubmissionContent): ContentIssue[] {
  const r = KIND_RULES[kind];
  const issues: ContentIssue[] = [];
  if (!c.title.trim()) issues.push({ field: 'title', code: 'required', zh: '请填写标题', en: 'A title is required' });
  if (c.title.length > 200) issues.push({ field: 'title', code: 'too_long', zh: '标题不超过 200 字', en: 'At most 200 characters' });
  const n = countChars(c.body);
  if (r.bodyRequired && n === 0) issues.push({ field: 'body', code: 'required', zh: '请填写正文', en: 'The text is required' });
  if (n > r.maxBodyChars) {
    issues.push({ field: 'body', code: 'too_long', zh: `正文不超过 ${r.maxBodyChars} 字（不含空白），当前 ${n} 字`, en: `At most ${r.maxBodyChars} characters (white space not counted); now ${n}` });
  }
  if (r.situationNoteRequired && !c.situationNote.trim()) {
    issues.push({ field: 'situationNote', code: 'required', zh: '线索须附简要情况说明', en: 'A lead needs a brief situation note' });
  }
  if (r.categoryRequired && !(c.category && c.category >= 1 && c.category <= 10)) {
    issues.push({ field: 'category', code: 'required', zh: '请选择素材类别（①–⑩）', en: 'Choose a content category (1–10)' });
  }
  if (r.filesRequired && c.attachmentCount === 0) issues.push({ field: 'attachments', code: 'required', zh: '请上传图片或视频', en: 'Upload at least one photo or video' });
  if (c.attachmentCount > r.maxFiles) issues.push({ field: 'attachments', code: 'too_many', zh: `最多 ${r.maxFiles} 个附件`, en: `At most ${r.maxFiles} files` });
  for (const [field, text] of [['title', c.title], ['body', c.body], ['situationNote', c.situationNote]] as const) {
    if (containsStateSecretMarking(text)) {
      issues.push({ field, code: 'state_secret', zh: '本系统不得处理涉密信息（秘密★/机密★/绝密★）', en: 'Classified markings (秘密★/机密★/绝密★) are not allowed in this system' });
    }
  }
  return issues;
}
