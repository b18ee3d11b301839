/**
 * One error type for the whole server: `AppError(code)`. Codes are stable ids (`area/what`) that the
 * web app and API clients may rely on; messages are looked up here, in the caller's language.
 * The HTTP layer (server/http/errors.ts) maps an AppError to `{ success: false, errorCode, errorMessage }`.
 */

export type Locale = 'zh-CN' | 'en';

type Msg = { status: number; zh: string; en: string };

export const ERRORS = {
  'common/validation': { status: 400, zh: '输入有误，请检查标出的字段', en: 'Some fields are invalid' },
  'common/not_found': { status: 404, zh: '未找到该记录或无权查看', en: 'Not found or not visible to you' },
  'common/conflict': { status: 409, zh: '记录已被他人修改，请刷新后重试', en: 'The record changed meanwhile; reload and try again' },
  'common/rate_limited': { status: 429, zh: '请求过于频繁，请 {seconds} 秒后再试', en: 'Too many requests; try again in {seconds} seconds' },
  'common/bad_path': { status: 400, zh: '请求地址无效', en: 'Invalid request path' },
  'common/internal': { status: 500, zh: '服务器内部错误，请稍后重试', en: 'Internal error, please try again later' },
  'common/state_secret': {
    status: 422,
    zh: '本系统不得处理涉密信息（秘密★/机密★/绝密★），请勿上传或填写',
    en: 'Classified material (秘密★/机密★/绝密★) must not be entered in this system',
  },
  'auth/unauthenticated': { status: 401, zh: '请先登录', en: 'Please sign in' },
  'auth/session_expired': { status: 401, zh: '会话已过期，请重新登录', en: 'Your session expired; please sign in again' },
  // {need}: the role(s) and the unit the action needs, filled in by the HTTP layer (server/http/errors.ts).
  'auth/forbidden': { status: 403, zh: '无权执行此操作{need}', en: 'You are not allowed to do this{need}' },
  // One answer for a wrong password, an unknown, inactive or locked login (nobody learns which logins exist).
  'auth/invalid_credentials': {
    status: 401,
    zh: '账号或密码错误。连续失败 {threshold} 次的账号将锁定 {minutes} 分钟，期间无法登录；如需提前解锁请联系管理员',
    en: 'Wrong login or password. After {threshold} failed attempts an account is locked for {minutes} minutes; ask an administrator to unlock it sooner',
  },
  'auth/totp_required': { status: 401, zh: '请输入动态验证码', en: 'Enter the code from your authenticator app' },
  'auth/totp_invalid': { status: 401, zh: '动态验证码错误或已使用', en: 'The code is wrong or was already used' },
  'auth/totp_setup_required': { status: 403, zh: '管理员账号须先启用双因素认证', en: 'Administrators must set up two-factor authentication first' },
  'auth/totp_already_enabled': { status: 409, zh: '双因素认证已启用；如需更换，请先用动态验证码关闭', en: 'Two-factor authentication is on; turn it off with a code first' },
  'auth/password_change_required': { status: 403, zh: '请先修改初始密码', en: 'Change your password first' },
  'auth/wrong_password': { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  'auth/password_too_short': { status: 400, zh: '密码至少 {min} 位', en: 'The password needs at least {min} characters' },
  'auth/password_too_weak': { status: 400, zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类', en: 'Use at least three of: upper-case, lower-case, digits, symbols' },
  'auth/password_contains_login': { status: 400, zh: '密码不得包含账号名', en: 'The password must not contain the login name' },
  'auth/password_reused': { status: 400, zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  'unit/not_found': { status: 404, zh: '单位不存在', en: 'Unit not found' },
  'unit/name_taken': { status: 409, zh: '同级单位中已有同名单位', en: 'A sibling unit already has this name' },
  'unit/cycle': { status: 400, zh: '不能将单位移动到其自身或下级单位之下', en: 'A unit cannot move under itself or its descendants' },
  'unit/has_history': { status: 409, zh: '该单位已有人员、下级单位或业务记录，不能删除，请停用', en: 'This unit has people, sub-units or records; deactivate it instead' },
  'unit/inactive_parent': { status: 400, zh: '上级单位已停用', en: 'The parent unit is inactive' },
  'unit/unknown_type': { status: 400, zh: '未知的单位类型', en: 'Unknown unit type' },
  'org/not_organisation': { status: 400, zh: '“{name}”不是顶级单位（组织）', en: '"{name}" is not a top-level unit (an organisation)' },
  'org/link_self': { status: 400, zh: '组织不能以自身为上级机关', en: 'An organisation cannot be its own upper office' },
  'org/link_inactive': { status: 400, zh: '已停用的组织不能设置上下级关系', en: 'An inactive organisation cannot be linked' },
  'org/link_cycle': { status: 400, zh: '“{upper}”已是本组织的下级（直接或间接），不能再设为上级机关', en: '"{upper}" is already below this organisation (directly or through others); it cannot be its upper office' },
  'org/not_linked': { status: 404, zh: '“{name}”未设置上级机关', en: '"{name}" has no upper office' },
  'person/not_found': { status: 404, zh: '人员不存在', en: 'Person not found' },
  'person/login_taken': { status: 409, zh: '账号名已被使用', en: 'This login is taken' },
  'person/self_change': { status: 400, zh: '不能停用或降低自己的权限', en: 'You cannot deactivate yourself or remove your own roles' },
  'person/own_roles': { status: 403, zh: '不能修改自己的角色，请由其他管理员办理', en: 'You cannot change your own roles; another administrator must do it' },
  'person/separation_of_duties': {
    status: 400,
    zh: '三权分立：管理员与审计员角色不能由同一人担任',
    en: 'Separation of duties: one person cannot be both administrator and auditor',
  },
  'person/admin_reviewer': {
    status: 400,
    zh: '三权分立：管理员不能同时担任编辑/审核员、单位主管领导或领导（仅小型单位经运维人员开启 XUANBAO_SMALL_OFFICE 后允许）',
    en: 'Separation of duties: an administrator cannot also be editor, unit approver or leader (only small offices whose operator sets XUANBAO_SMALL_OFFICE may allow it)',
  },
  'person/auditor_by_operator': {
    status: 403,
    zh: '审计员账号只能由运维人员在服务器上用命令行创建、授权或重置密码，网页中不能办理',
    en: 'Auditor accounts are created, granted and reset only by the operator with the command line on the server, not in the web app',
  },
  'audit/locked': { status: 403, zh: '审计日志不可修改', en: 'The audit log cannot be changed' },
  'submission/not_editable': { status: 409, zh: '稿件已报送，当前不能修改', en: 'This item is not editable now' },
  'submission/invalid': { status: 400, zh: '稿件内容不完整或不符合要求', en: 'The item is incomplete or invalid' },
  'submission/unknown_author': { status: 400, zh: '作者须为本单位人员', en: 'Authors must be people of the unit' },
  'submission/sensitive_locked': { status: 409, zh: '稿件已报送且被标记为敏感，只能由审核人员或领导说明理由后取消', en: 'This submitted item is marked sensitive; only a reviewer or leader can clear the mark, with a reason' },
  'review/sensitivity_reason_required': { status: 400, zh: '取消敏感标记时必须填写理由', en: 'A reason is required to clear the sensitive mark' },
  'submission/export_too_large': { status: 400, zh: '符合筛选条件的稿件超过 {max} 条，请缩小单位或日期范围后再导出', en: 'More than {max} items match; narrow the unit or the dates before exporting' },
  'submission/empty_draft': { status: 400, zh: '请先填写内容（标题、正文等）再保存草稿', en: 'Type something (a title, the text…) before a draft is saved' },
  'submission/stale': { status: 409, zh: '稿件已被他人处理，请刷新后重试', en: 'Someone else acted on this item; reload and try again' },
  'forward/not_adopted': { status: 409, zh: '只有已录用的稿件才能转报上级', en: 'Only an accepted item can be forwarded to the upper office' },
  'forward/no_upper_office': { status: 409, zh: '本单位未设置上级机关，不能转报；如上级机关不在本系统，请手工登记采用情况', en: 'Your office has no upper office in this deployment; record an adoption outside it by hand' },
  'forward/no_return': { status: 409, zh: '下级转报的稿件不能退回修改：请审核通过或不予采用', en: 'An item forwarded by a lower office cannot be returned for changes: pass or reject it' },
  'forward/already': {
    status: 409,
    zh: '该稿件已于 {date} 转报{office}，不能重复转报；转报情况见 {link}',
    en: 'This item was already forwarded to {office} on {date}; it cannot be forwarded twice. See {link}',
  },
  'upload/type_not_allowed': { status: 415, zh: '不支持的文件类型（仅限图片、视频、PDF、Word/Excel/WPS 文档）', en: 'File type not allowed (images, videos, PDF, Word/Excel/WPS documents only)' },
  'upload/type_mismatch': { status: 415, zh: '文件内容与扩展名不符：{name}', en: 'The file content does not match its extension: {name}' },
  'upload/too_large': { status: 413, zh: '文件过大：{name}（上限 {limit}）', en: 'File too large: {name} (limit {limit})' },
  'upload/bad_name': { status: 400, zh: '文件名无效', en: 'Invalid file name' },
  'upload/bad_image': { status: 415, zh: '图片无法解析或已损坏：{name}', en: 'The image cannot be read: {name}' },
  'upload/pdf_active_content': {
    status: 415,
    zh: 'PDF 文件含有脚本、自动执行动作或嵌入文件（{what}），不能上传：{name}。请用“打印为 PDF”另存后再上传',
    en: 'The PDF contains scripts, automatic actions or embedded files ({what}) and cannot be uploaded: {name}. Print it to a new PDF and upload that',
  },
  'upload/pdf_unchecked': { status: 415, zh: '无法检查该 PDF 的内容（已加密或压缩方式不支持）：{name}。请另存为未加密的 PDF 后再上传', en: 'The content of this PDF cannot be checked (encrypted or an unsupported compression): {name}. Save it as an unencrypted PDF and upload that' },
  'upload/bad_video': { status: 415, zh: '视频文件无法解析或已损坏：{name}', en: 'The video cannot be read as a video file: {name}' },
  'upload/too_many': { status: 400, zh: '附件数量超过上限（{max} 个）', en: 'Too many files (at most {max})' },
  'finding/not_found': { status: 404, zh: '该提示不存在或已处理', en: 'Finding not found or already resolved' },
  'review/invalid_chain': { status: 400, zh: '审核流程配置无效', en: 'The review chain is not valid' },
  'review/already_final': { status: 409, zh: '该稿件已办结（已采用、已退稿或已撤回），不能再操作', en: 'This item is final (adopted, rejected or withdrawn)' },
  'review/invalid_transition': { status: 409, zh: '稿件当前状态不允许此操作', en: 'This action is not possible in the item’s current state' },
  'review/not_submitter': { status: 403, zh: '只有报送人（通讯员）可以执行此操作', en: 'Only the submitting correspondent may do this' },
  'review/not_your_stage': { status: 403, zh: '当前审核环节不由您负责', en: 'You do not hold the current review step' },
  'review/own_item': { status: 403, zh: '不能审核本人报送的稿件', en: 'You cannot decide on an item you submitted' },
  'review/four_eyes': { status: 403, zh: '您已通过本稿件本版本的上一环节，须由他人审核', en: 'You passed an earlier step of this version; another person must pass this one' },
  'review/comment_required': { status: 400, zh: '退回时必须填写修改意见', en: 'A comment is required to return an item' },
  'review/reason_required': { status: 400, zh: '退稿时必须填写理由', en: 'A reason is required to reject an item' },
  'review/response_plan_required': { status: 409, zh: '敏感稿件须附“三同步”应对方案后方可发布', en: 'A sensitive item needs a response plan (三同步) before release' },
  'review/duplicate_unconfirmed': {
    status: 409,
    zh: '该稿件被标记为疑似重复，批量通过前须明确确认',
    en: 'This item is flagged as a suspected duplicate; confirm it explicitly before passing it in bulk',
  },
  'review/open_personal_data': { status: 409, zh: '存在未处理的个人信息提示，处理后方可发布', en: 'Unresolved personal-data findings block release' },
  'chain/invalid': { status: 400, zh: '审核流程配置无效：{problems}', en: 'Invalid review chain: {problems}' },
  'records/duplicate': { status: 409, zh: '该作品的这次采用/刊发已有记录，不能重复登记（见已有记录）', en: 'This use of the work is already recorded (see the existing record)' },
  'records/not_accepted': { status: 409, zh: '只有已录用的稿件才能登记采用/刊发记录', en: 'Only an accepted item can get records of use' },
  'records/withdrawn': { status: 409, zh: '该记录已撤销，不能再更正或撤销', en: 'This record was withdrawn; it cannot be corrected or withdrawn again' },
  'records/evidence_required': { status: 400, zh: '请提供证明材料：链接或文件至少一项', en: 'Give evidence: a link or at least one file' },
  'records/unknown_outlet': { status: 400, zh: '媒体不存在或已停用', en: 'Unknown or inactive outlet' },
  'records/unknown_channel': { status: 400, zh: '栏目不属于所选媒体', en: 'The channel does not belong to the chosen outlet' },
  'records/unknown_level': { status: 400, zh: '上级层级不存在或已停用', en: 'Unknown or inactive upper level' },
  'records/unknown_person': { status: 400, zh: '获奖人须为本单位体系内人员', en: 'The awarded person must belong to the organisation' },
  'records/bad_evidence': { status: 400, zh: '证明文件无效（已被使用、不属于本稿件，或上传后超过一天未保存已被清理，请重新上传）', en: 'Invalid evidence file (already used, of another item, or removed because it was not saved within a day of upload: upload it again)' },
  'records/future_date': { status: 400, zh: '采用/刊发日期不能晚于今天', en: 'The date of the use cannot be in the future' },
  'records/outlet_in_use': { status: 409, zh: '该媒体已有记录引用，不能删除，请停用', en: 'Records cite this outlet; deactivate it instead' },
  'records/builtin_outlet': { status: 403, zh: '内置的中央主要媒体不能修改或删除', en: 'The built-in central main media cannot be changed or deleted' },
  'records/outlet_name_taken': { status: 409, zh: '已有同名媒体', en: 'An outlet with this name exists' },
  'ledger/bad_file': { status: 400, zh: '无法读取台账文件（仅支持 .xlsx 和 .csv，首行为列名）', en: 'Cannot read the ledger (only .xlsx and .csv, with column names in the first row)' },
  'ledger/invalid': { status: 400, zh: '台账有 {count} 处错误，未导入任何记录；请改正后重新导入', en: 'The ledger has {count} errors; nothing was imported. Correct them and import again' },
  'interchange/invalid': { status: 400, zh: '导入文件有 {count} 处错误，未导入任何内容；请改正后重新导入', en: 'The file has {count} problems; nothing was imported. Correct them and import again' },
  'interchange/bad_file': { status: 400, zh: '无法读取导入文件（须为 UTF-8 编码的 JSON）：{reason}', en: 'Cannot read the file (UTF-8 JSON expected): {reason}' },
  'interchange/conflict': { status: 409, zh: '导入期间有人登记了相同的内容，未导入任何内容；请重新导入', en: 'Someone recorded the same thing meanwhile; nothing was imported. Import again' },
  'interchange/no_org': { status: 404, zh: '找不到组织“{org}”（顶级单位的 id、名称或编码）', en: 'No organisation “{org}” (a top-level unit’s id, name or code)' },
  'interchange/org_ambiguous': { status: 409, zh: '有多个组织与“{org}”相符，请用 id', en: 'Several organisations match “{org}”; use the id' },
  'ledger/too_many_rows': { status: 400, zh: '台账行数过多（上限 {max} 行），请分批导入', en: 'Too many rows (at most {max}); import in parts' },
  'briefing/not_draft': { status: 409, zh: '该期已印发，内容已冻结，不能再修改', en: 'This issue is published; its content is frozen' },
  'briefing/empty': { status: 409, zh: '该期还没有稿件，不能印发', en: 'This issue has no items yet and cannot be published' },
  'briefing/standalone_one_item': { status: 409, zh: '单独刊发的一期只能有一篇稿件（现有 {count} 篇），请改为综合性简报或删减稿件', en: 'A standalone issue holds exactly one item (it has {count}); make it comprehensive or remove items' },
  'briefing/item_not_accepted': { status: 400, zh: '只能编入已采用且您可查看的稿件', en: 'Only accepted items you can see can go into an issue' },
  'briefing/item_not_in_issue': { status: 404, zh: '该稿件不在本期中', en: 'This item is not in the issue' },
  'briefing/unknown_recipient': { status: 400, zh: '分发对象须为本单位体系内的单位或人员', en: 'Recipients must be units or people of the organisation' },
  'briefing/no_recipients': { status: 409, zh: '限定发放范围的一期须至少指定一个分发单位或人员', en: 'A restricted issue needs at least one recipient unit or person' },
  'briefing/series_inactive': { status: 409, zh: '该刊物已停用，不能新编一期', en: 'This series is inactive; no new issue can be started' },
  'briefing/not_exportable': { status: 409, zh: '该期暂不能导出为 Word：{reason}', en: 'This issue cannot be exported to Word yet: {reason}' },
  'briefing/ambiguous': { status: 409, zh: '该单位有多种同类刊物（{mastheads}），请用 --masthead 指明', en: 'The organisation has several series of this type ({mastheads}); name one with --masthead' },
  'briefing/prefix_required': { status: 400, zh: '通报须设置发文字号前缀（如“乌公政”）', en: 'A 通报 series needs a document-number prefix (e.g. 乌公政)' },
  'scoring/rubric_invalid': { status: 409, zh: '草稿有 {count} 处问题，不能采用：{problems}', en: 'The draft has {count} problems and cannot be adopted: {problems}' },
  'scoring/no_draft': { status: 409, zh: '没有待采用的草稿', en: 'There is no draft to adopt' },
  'scoring/no_version': { status: 409, zh: '考核细则“{name}”尚未采用任何版本，不能计分', en: 'The rubric "{name}" has no adopted version yet; nothing can be scored' },
  'scoring/bad_period': { status: 400, zh: '考核期间无效：{key}（例如 2024-03、2024-Q1、2024-03-H1、2024-W05、2024、2024-03-01..2024-03-20）', en: 'Not a period: {key} (e.g. 2024-03, 2024-Q1, 2024-03-H1, 2024-W05, 2024, 2024-03-01..2024-03-20)' },
  'scoring/outside_rubric': { status: 400, zh: '该单位或人员不在本考核细则的考核范围内', en: 'This unit or person is not scored by this rubric' },
  'scoring/ledger_withdrawn': { status: 409, zh: '该台账记录已撤销，不能再更正或撤销', en: 'This ledger entry was withdrawn; it cannot be corrected or withdrawn again' },
  'scoring/external_code_taken': { status: 409, zh: '外部编号“{code}”已被本单位的另一条台账记录使用', en: 'The external code "{code}" is used by another ledger entry of the organisation' },
  'scoring/evidence_required': { status: 400, zh: '请提供证明材料：链接或文件至少一项', en: 'Give evidence: a link or at least one file' },
  'scoring/bad_evidence': { status: 400, zh: '证明文件无效（已被使用或不是您上传的）', en: 'Invalid evidence file (already used, or not uploaded by you)' },
  'scoring/future_date': { status: 400, zh: '日期不能晚于今天', en: 'The date cannot be in the future' },
  'scoring/unknown_person': { status: 400, zh: '获奖人须为该单位的人员', en: 'The person must belong to the unit' },
  'scoring/notice_refused': { status: 409, zh: '通报无法导出：{reason}', en: 'The notice cannot be exported: {reason}' },
  'scoring/appeal_entry': { status: 400, zh: '申诉的条目已撤销，或其日期不在所选考核期间内', en: 'The contested entry was withdrawn, or its date is outside the chosen period' },
  'scoring/appeal_open': { status: 409, zh: '该条目已有一项待处理的申诉', en: 'This entry already has an appeal waiting for a decision' },
  'scoring/appeal_decided': { status: 409, zh: '该申诉已处理，不能再次处理', en: 'This appeal was already decided' },
  'backup/bad_file': { status: 400, zh: '备份文件无效或已损坏', en: 'The backup file is invalid or damaged' },
  'backup/blob_mismatch': { status: 400, zh: '备份文件已损坏：其中的文件 {sha256} 与其 SHA-256 不符；未恢复任何数据', en: 'The backup file is damaged: the file {sha256} in it does not match its SHA-256; nothing was restored' },
  'backup/not_empty': { status: 409, zh: '目标数据库不为空，请使用 --force 覆盖', en: 'The target database is not empty; use --force to overwrite' },
} as const satisfies Record<string, Msg>;

const ALL: Record<string, Msg> = ERRORS;

export type ErrorCode = keyof typeof ERRORS;

export type FieldIssue = { path: string; message: string };

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly params: Record<string, string | number> = {},
    public readonly fields: FieldIssue[] = [],
    /** Machine-readable facts for the client (e.g. the existing record's id), sent as `details`. */
    public readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
  get status(): number {
    return ALL[this.code]!.status;
  }
  /** A 404 that hides a refusal (a record outside the caller's scope): audited like a 403. */
  hiddenRefusal = false;
}

/** 404 common/not_found for a record the caller may not see: the answer of a missing record, audited as refused. */
export function hiddenRefusal(params: Record<string, string | number> = {}): AppError {
  const e = new AppError('common/not_found', params);
  e.hiddenRefusal = true;
  return e;
}

export const appError = (code: ErrorCode, params?: Record<string, string | number>, fields?: FieldIssue[], details?: Record<string, unknown>) =>
  new AppError(code, params, fields, details);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function errorMessage(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const m = ALL[code]!;
  const text = locale === 'en' ? m.en : m.zh;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}
