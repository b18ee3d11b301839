/**
 * An audit row's details as a sentence in the reader's language (zh-CN or English): one formatter per
 * event type, for the auditor's table (web/pages/audit) and the export (export.ts). Pure, no
 * database: the web imports it too. A value the formatter does not know is shown as it is, so a new
 * detail is never hidden; a key no formatter names falls back to "label: value" with a named label.
 * `details.test.ts` writes every event of the catalogue through it.
 *
 * Statuses and kinds of items are named here (audit sits below submissions and cannot import them);
 * details.test.ts fails when submissions/stages.ts or kinds.ts gain one this file does not name.
 */
import { errorMessage, type ErrorCode, type Locale } from '../errors';
import { ROLE_LABELS, type Role } from '../access/roles';

type Label = { zh: string; en: string };
type Details = Record<string, unknown>;

export const STATUS_LABELS: Record<string, Label> = {
  draft: { zh: '草稿', en: 'draft' },
  unit_approval: { zh: '待单位审批', en: 'awaiting unit approval' },
  in_review: { zh: '审核中', en: 'in review' },
  sensitive_approval: { zh: '待领导审批', en: 'awaiting leader approval' },
  returned: { zh: '已退回', en: 'returned' },
  rejected: { zh: '不予采用', en: 'rejected' },
  adopted: { zh: '已录用', en: 'accepted' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
};

export const KIND_NAMES: Record<string, Label> = {
  briefing_item: { zh: '信息简报', en: 'Briefing item' },
  lead: { zh: '宣传报道线索', en: 'News lead' },
  material: { zh: '图片、视频素材', en: 'Photo / video material' },
  article: { zh: '外宣稿件', en: 'Article' },
  original_work: { zh: '原创作品', en: 'Original work' },
};

const SIGN_IN_REASONS: Record<string, Label> = {
  unknown_login: { zh: '账号不存在', en: 'no such account' },
  inactive: { zh: '账号已停用', en: 'account deactivated' },
  locked: { zh: '账号已锁定', en: 'account locked' },
  bad_password: { zh: '密码错误', en: 'wrong password' },
  wrong_password: { zh: '原密码错误', en: 'wrong current password' },
  totp_required: { zh: '需要双因素验证码', en: 'second factor required' },
  totp_invalid: { zh: '双因素验证码错误', en: 'wrong second-factor code' },
};

const FIELD_LABELS: Record<string, Label> = {
  name: { zh: '姓名/名称', en: 'name' },
  unitId: { zh: '所属单位', en: 'unit' },
  phone: { zh: '手机号', en: 'phone' },
  email: { zh: '邮箱', en: 'e-mail' },
  roles: { zh: '角色', en: 'roles' },
  type: { zh: '类型', en: 'type' },
  shortName: { zh: '简称', en: 'short name' },
  title: { zh: '标题', en: 'title' },
  body: { zh: '正文', en: 'text' },
  situationNote: { zh: '情况说明', en: 'situation note' },
  login: { zh: '账号', en: 'login' },
  kind: { zh: '类型', en: 'kind' },
  reason: { zh: '原因', en: 'reason' },
  rows: { zh: '行数', en: 'rows' },
  files: { zh: '文件数', en: 'files' },
  count: { zh: '次数', en: 'count' },
  version: { zh: '版本', en: 'version' },
  format: { zh: '格式', en: 'format' },
  comment: { zh: '意见', en: 'comment' },
  field: { zh: '字段', en: 'field' },
  size: { zh: '大小', en: 'size' },
  mime: { zh: '文件类型', en: 'file type' },
};

/** Details that say how the action came about, not what it did (added to many rows). */
const CONTEXT_KEYS = new Set(['via', 'task', 'adminReviewer', 'cli', 'user']);

const pick = (l: Label, locale: Locale) => (locale === 'en' ? l.en : l.zh);
/** A value as text: lists and records spelled out (never JSON). */
const str = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(str).join(', ');
  if (typeof v === 'object') return Object.entries(v as Details).filter(([, x]) => x !== undefined && x !== null).map(([k, x]) => `${k} ${str(x)}`).join(', ');
  return String(v);
};
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The words a formatter uses, in one language. */
function words(locale: Locale) {
  const zh = locale !== 'en';
  const L = (l: Label | undefined, raw: unknown) => (l ? pick(l, locale) : str(raw));
  const status = (s: unknown) => L(STATUS_LABELS[str(s)], s);
  const kind = (k: unknown) => L(KIND_NAMES[str(k)], k);
  const role = (r: unknown) => L(ROLE_LABELS[str(r) as Role], r);
  const field = (f: string) => L(FIELD_LABELS[f], f);
  const reason = (r: unknown) => {
    const s = str(r);
    if (SIGN_IN_REASONS[s]) return pick(SIGN_IN_REASONS[s], locale);
    if (s.includes('/')) {
      try {
        return errorMessage(s as ErrorCode, locale);
      } catch {
        return s; // a code this build does not know: shown as written
      }
    }
    return s;
  };
  const list = (xs: string[]) => xs.join(zh ? '、' : ', ');
  const sentence = (parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join(zh ? '；' : '; ');
  const quote = (s: unknown) => (zh ? `「${str(s)}」` : `“${str(s)}”`);
  const roles = (rs: unknown) =>
    Array.isArray(rs) ? list(rs.map((r: unknown) => (r && typeof r === 'object' && 'role' in r ? role((r as { role: unknown }).role) : role(r)))) : str(rs);
  return { zh, status, kind, role, field, reason, list, sentence, quote, roles };
}

type W = ReturnType<typeof words>;
type Formatter = (d: Details, w: W, outcome: string | undefined) => string | null;

const FORMATTERS: Record<string, Formatter> = {
  'auth.sign_in': (d, w, outcome) => {
    if (outcome === 'success' || (!d.reason && outcome !== 'failure')) return d.secondFactor ? (w.zh ? '使用双因素认证登录' : 'signed in with a second factor') : w.zh ? '使用密码登录' : 'signed in with a password';
    const attempts = num(d.attempts);
    return w.sentence([
      `${w.zh ? '登录失败' : 'sign-in failed'}${d.reason ? `${w.zh ? '：' : ': '}${w.reason(d.reason)}` : ''}`,
      attempts ? (w.zh ? `连续第 ${attempts} 次失败` : `failure ${attempts} in a row`) : null,
    ]);
  },
  'auth.locked': (d, w) => (w.zh ? `连续登录失败，账号锁定 ${str(d.minutes)} 分钟` : `too many failed sign-ins: locked for ${str(d.minutes)} minutes`),
  'auth.password_change': (d, w, outcome) => (outcome === 'failure' ? (w.zh ? `修改失败：${w.reason(d.reason ?? 'wrong_password')}` : `not changed: ${w.reason(d.reason ?? 'wrong_password')}`) : w.zh ? '密码已修改' : 'password changed'),
  'access.denied': (d, w) => {
    const what = `${str(d.method)} ${str(d.route)}`.trim();
    return w.zh ? `请求 ${what} 被拒绝${d.reason ? `：${w.reason(d.reason)}` : ''}` : `request ${what} refused${d.reason ? `: ${w.reason(d.reason)}` : ''}`;
  },
  'access.denied_repeated': (d, w) => {
    const what = `${str(d.method)} ${str(d.route)}`.trim();
    const n = num(d.count) ?? 0;
    return w.zh ? `同一来源在同一分钟内共被拒绝 ${n} 次（首次：${what}${d.reason ? `，${w.reason(d.reason)}` : ''}）` : `the same source was refused ${n} times in one minute (first: ${what}${d.reason ? `, ${w.reason(d.reason)}` : ''})`;
  },
  'person.create': (d, w) => w.sentence([`${w.zh ? '账号' : 'login'} ${str(d.login)}`, Array.isArray(d.roles) && d.roles.length ? `${w.zh ? '角色：' : 'roles: '}${w.roles(d.roles)}` : null]),
  'person.update': (d, w) => {
    const c = (d.changes && typeof d.changes === 'object' ? d.changes : {}) as Details;
    const parts: string[] = [];
    const plain = Object.keys(c).filter((k) => k !== 'roles');
    if (plain.length) parts.push(`${w.zh ? '修改了' : 'changed '}${w.list(plain.map(w.field))}`);
    const roles = c.roles as { added?: unknown[]; removed?: unknown[] } | undefined;
    if (roles?.added?.length) parts.push(`${w.zh ? '增加角色：' : 'roles added: '}${w.roles(roles.added)}`);
    if (roles?.removed?.length) parts.push(`${w.zh ? '取消角色：' : 'roles removed: '}${w.roles(roles.removed)}`);
    return parts.length ? w.sentence(parts) : w.zh ? '未修改内容' : 'nothing changed';
  },
  'person.unmask': (d, w) => `${w.zh ? '查看了完整的' : 'saw in full: '}${w.list((Array.isArray(d.fields) ? d.fields : []).map((f) => w.field(str(f))))}`,
  'unit.create': (d, w) => (w.zh ? `新建单位${w.quote(d.name)}` : `unit ${w.quote(d.name)} created`),
  'unit.update': (d, w) => {
    const c = (d.changes && typeof d.changes === 'object' ? d.changes : {}) as Details;
    const before = (d.before && typeof d.before === 'object' ? d.before : {}) as Details;
    const parts = Object.keys(c).map((k) => `${w.field(k)}${w.zh ? '：' : ': '}${before[k] !== undefined && before[k] !== null ? `${w.quote(before[k])} → ` : ''}${w.quote(c[k])}`);
    return parts.length ? w.sentence(parts) : w.zh ? '未修改内容' : 'nothing changed';
  },
  'unit.move': (_d, w) => (w.zh ? '调整到新的上级单位' : 'moved under another parent unit'),
  'unit.deactivate': (d, w) => (w.zh ? `连同下级共停用 ${str(d.units)} 个单位` : `${str(d.units)} units deactivated (with the subtree)`),
  'unit.activate': (_d, w) => (w.zh ? '单位已启用' : 'unit activated'),
  'unit.delete': (d, w) => (w.zh ? `删除单位${w.quote(d.name)}` : `unit ${w.quote(d.name)} deleted`),
  'audit.verify': (d, w) => (d.ok === false ? (w.zh ? '校验发现断点' : 'the check found a break') : w.zh ? '校验通过，日志完整' : 'the log is intact'),
  'audit.export': (d, w) => {
    const f = (d.filter && typeof d.filter === 'object' ? d.filter : {}) as Details;
    const conds = Object.entries(f)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => `${k}=${str(v)}`);
    return w.sentence([`${w.zh ? '导出为 ' : 'exported as '}${str(d.format).toUpperCase()}`, conds.length ? `${w.zh ? '筛选：' : 'filter: '}${conds.join(', ')}` : w.zh ? '无筛选' : 'no filter']);
  },
  'audit.purge': (d, w) => (w.zh ? `清理保存期（${str(d.retentionDays)} 天）以前的 ${str(d.rows)} 行` : `${str(d.rows)} rows older than the retention period (${str(d.retentionDays)} days) purged`),
  'audit.chain_keyed': (d, w) => (w.zh ? `第 ${str(d.unkeyedThroughSeq)} 行以后的日志改用密钥签名` : `rows after ${str(d.unkeyedThroughSeq)} are chained with the key`),
  'submission.create': (d, w) => (w.zh ? `新建${w.kind(d.kind)}` : `${w.kind(d.kind)} created`),
  'submission.discard': (_d, w) => (w.zh ? '草稿已删除' : 'draft discarded'),
  'submission.sensitivity': (d, w) =>
    w.sentence([
      d.sensitive ? `${w.zh ? '标记为敏感' : 'marked sensitive'}${d.sensitivity ? `（${str(d.sensitivity)}）` : ''}` : w.zh ? '取消敏感标记' : 'sensitive mark cleared',
      d.reason ? `${w.zh ? '理由：' : 'reason: '}${str(d.reason)}` : null,
    ]),
  'review.chain_set': (d, w) => (w.zh ? `${w.kind(d.kind)}的审核流程设为 ${str(d.stages)} 个环节` : `review chain of ${w.kind(d.kind)} set to ${str(d.stages)} steps`),
  'finding.confirm': (d, w) => (w.zh ? `${w.field(str(d.field))}中的个人信息 ${str(d.masked)} 确认可公开` : `personal data ${str(d.masked)} in ${w.field(str(d.field))} confirmed as publishable`),
  'finding.redact': (d, w) => (w.zh ? `${w.field(str(d.field))}中的个人信息 ${str(d.masked)} 已遮盖` : `personal data ${str(d.masked)} in ${w.field(str(d.field))} redacted`),
  'attachment.add': (d, w) => `${w.zh ? '上传' : 'uploaded'} ${str(d.mime)}${num(d.size) !== null ? `${w.zh ? '，' : ', '}${bytes(num(d.size)!)}` : ''}`,
  'attachment.remove': (_d, w) => (w.zh ? '删除了一个附件' : 'an attachment removed'),
  'case.create': (d, w) => (w.zh ? `受保护姓名 ${str(d.names)} 个` : `${str(d.names)} protected names`),
  'case.update': (d, w) => (w.zh ? `受保护姓名 ${str(d.namesBefore)} → ${str(d.namesAfter)} 个` : `protected names ${str(d.namesBefore)} → ${str(d.namesAfter)}`),
  'system.demo_loaded': (d, w) => (w.zh ? `载入 ${str(d.accounts)} 个演示账号` : `${str(d.accounts)} demo accounts loaded`),
  'system.backup': (d, w) => (w.zh ? `备份 ${str(d.rows)} 行、${str(d.files)} 个文件${num(d.missingFiles) ? `，缺失 ${str(d.missingFiles)} 个文件` : ''}` : `${str(d.rows)} rows and ${str(d.files)} files backed up${num(d.missingFiles) ? `, ${str(d.missingFiles)} files missing` : ''}`),
  'system.restore': (d, w) => (w.zh ? `恢复 ${str(d.rows)} 行、${str(d.files)} 个文件${num(d.missingFiles) ? `，缺失 ${str(d.missingFiles)} 个文件` : ''}` : `${str(d.rows)} rows and ${str(d.files)} files restored${num(d.missingFiles) ? `, ${str(d.missingFiles)} files missing` : ''}`),
};

/** review.submitted, review.passed, …: every transition reads the same way. */
const transition: Formatter = (d, w) =>
  w.sentence([
    d.from !== undefined || d.to !== undefined ? `${w.status(d.from)} → ${w.status(d.to)}` : null,
    num(d.version) ? (w.zh ? `第 ${str(d.version)} 版` : `version ${str(d.version)}`) : null,
    d.comment ? `${w.zh ? '意见：' : 'comment: '}${str(d.comment)}` : null,
  ]);

/** How the action came about: by a job, the CLI, an administrator reviewing. */
function contextOf(d: Details, w: W): string | null {
  const parts: string[] = [];
  if (d.via === 'job') parts.push(w.zh ? `由后台任务${d.task ? ` ${str(d.task)}` : ''}执行` : `by the background job${d.task ? ` ${str(d.task)}` : ''}`);
  else if (d.via === 'cli') parts.push(w.zh ? '通过命令行执行' : 'from the command line');
  else if (d.via === 'server') parts.push(w.zh ? '由服务器执行' : 'by the server');
  if (d.adminReviewer) parts.push(w.zh ? '管理员兼任审核' : 'an administrator acting as reviewer');
  return parts.length ? w.sentence(parts) : null;
}

/** The row's details as one readable sentence ('' when there is nothing to say). */
export function auditDetailsText(event: string, details: Details | null | undefined, locale: Locale, outcome?: string): string {
  const d = details ?? {};
  const w = words(locale);
  const f = FORMATTERS[event] ?? (event.startsWith('review.') ? transition : null);
  let main: string | null;
  if (f) main = f(d, w, outcome);
  else {
    const rest = Object.entries(d).filter(([k]) => !CONTEXT_KEYS.has(k));
    main = rest.length ? w.sentence(rest.map(([k, v]) => `${w.field(k)}${w.zh ? '：' : ': '}${str(v)}`)) : null;
  }
  return w.sentence([main, contextOf(d, w)]);
}

/** Whether an event has a formatter of its own (the test checks every catalogued event). */
export const hasDetailsFormatter = (event: string) => event in FORMATTERS || event.startsWith('review.');
