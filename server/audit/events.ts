/**
 * The audit event catalogue: every event code the server (and the CLI) writes, with its name in
 * zh-CN and English, grouped by area (the part before the dot). The auditor's filter and table read
 * it from GET /api/audit/events, so a new event is readable and can be picked as soon as it is
 * listed here. `events.test.ts` scans the source for every event passed to writeAudit/auditAction
 * (and their wrappers) and fails when one is missing.
 */

type Label = { zh: string; en: string };

export const AUDIT_AREAS = {
  auth: { zh: '登录与账号', en: 'sign-in & account' },
  access: { zh: '访问控制', en: 'access control' },
  person: { zh: '人员', en: 'people' },
  unit: { zh: '单位', en: 'unit' },
  org: { zh: '上下级机关', en: 'office links' },
  audit: { zh: '审计', en: 'audit' },
  submission: { zh: '报送', en: 'submissions' },
  review: { zh: '审核', en: 'review' },
  finding: { zh: '个人信息检查', en: 'personal-data checks' },
  attachment: { zh: '附件', en: 'attachments' },
  case: { zh: '案件', en: 'cases' },
  record: { zh: '采用与刊发记录', en: 'records of use' },
  record_level: { zh: '上级层级', en: 'upper levels' },
  outlet: { zh: '媒体库', en: 'outlet registry' },
  ledger: { zh: '台账', en: 'ledgers' },
  interchange: { zh: '数据导入导出', en: 'data interchange' },
  briefing: { zh: '简报编发', en: 'briefings' },
  scoring: { zh: '积分考核', en: 'scoring' },
  system: { zh: '系统', en: 'system' },
} as const satisfies Record<string, Label>;

export type AuditArea = keyof typeof AUDIT_AREAS;

export const AUDIT_EVENTS = {
  'auth.sign_in': { zh: '登录', en: 'Sign in' },
  'auth.sign_out': { zh: '退出登录', en: 'Sign out' },
  'auth.locked': { zh: '账号锁定', en: 'Account locked' },
  'auth.password_change': { zh: '修改密码', en: 'Password changed' },
  'auth.totp_setup': { zh: '生成双因素密钥', en: '2FA secret generated' },
  'auth.totp_enable': { zh: '启用双因素认证', en: '2FA turned on' },
  'auth.totp_disable': { zh: '停用双因素认证', en: '2FA turned off' },
  'access.denied': { zh: '拒绝访问', en: 'Access denied' },
  'access.denied_repeated': { zh: '重复拒绝访问（同一来源每分钟汇总）', en: 'Access denied again (per source and minute)' },
  'person.create': { zh: '新建人员', en: 'Person created' },
  'person.update': { zh: '修改人员', en: 'Person changed' },
  'person.activate': { zh: '启用人员', en: 'Person activated' },
  'person.deactivate': { zh: '停用人员', en: 'Person deactivated' },
  'person.reset_password': { zh: '重置密码', en: 'Password reset' },
  'person.unlock': { zh: '解除登录锁定', en: 'Sign-in lock lifted' },
  'person.unmask': { zh: '查看完整个人信息', en: 'Personal data shown in full' },
  'unit.create': { zh: '新建单位', en: 'Unit created' },
  'unit.update': { zh: '修改单位', en: 'Unit changed' },
  'unit.move': { zh: '调整单位隶属', en: 'Unit moved' },
  'unit.activate': { zh: '启用单位', en: 'Unit activated' },
  'unit.deactivate': { zh: '停用单位', en: 'Unit deactivated' },
  'unit.delete': { zh: '删除单位', en: 'Unit deleted' },
  'org.link': { zh: '设置上级机关', en: 'Upper office set' },
  'org.unlink': { zh: '取消上级机关', en: 'Upper office removed' },
  'audit.verify': { zh: '校验审计日志', en: 'Audit log verified' },
  'audit.export': { zh: '导出审计日志', en: 'Audit log exported' },
  'audit.purge': { zh: '清理过期审计日志', en: 'Expired audit rows purged' },
  'audit.chain_keyed': { zh: '审计链改用密钥', en: 'Audit chain keyed' },
  'submission.create': { zh: '新建报送稿件', en: 'Submission created' },
  'submission.discard': { zh: '删除草稿', en: 'Draft discarded' },
  'submission.export': { zh: '导出报送总览', en: 'Submissions exported' },
  'submission.sensitivity': { zh: '标记敏感信息', en: 'Sensitivity set' },
  'submission.forward': { zh: '转报上级机关', en: 'Forwarded to the upper office' },
  'submission.forward_in': { zh: '收到下级转报', en: 'Received from a lower office' },
  'submission.reveal_version': { zh: '查看历史版本原文（含个人信息）', en: 'Raw text of an earlier version shown' },
  'review.submitted': { zh: '提交报送', en: 'Submitted' },
  'review.resubmitted': { zh: '修改后重新提交', en: 'Resubmitted' },
  'review.withdrawn': { zh: '撤回报送', en: 'Withdrawn' },
  'review.imported': { zh: '导入为已录用稿件（未经审核）', en: 'Imported as accepted (not reviewed)' },
  'review.passed': { zh: '审核通过', en: 'Review passed' },
  'review.returned': { zh: '退回修改', en: 'Returned for changes' },
  'review.rejected': { zh: '不予采用', en: 'Rejected' },
  'review.chain_set': { zh: '设置审核流程', en: 'Review chain set' },
  'finding.confirm': { zh: '确认个人信息可公开', en: 'Personal data confirmed' },
  'finding.redact': { zh: '遮盖个人信息', en: 'Personal data redacted' },
  'attachment.add': { zh: '上传附件', en: 'Attachment added' },
  'attachment.remove': { zh: '删除附件', en: 'Attachment removed' },
  'case.create': { zh: '新建案件', en: 'Case created' },
  'case.update': { zh: '修改案件', en: 'Case changed' },
  'record.add': { zh: '登记采用/刊发记录', en: 'Record of use added' },
  'record.correct': { zh: '更正采用/刊发记录', en: 'Record of use corrected' },
  'record.withdraw': { zh: '撤销采用/刊发记录', en: 'Record of use withdrawn' },
  'record.upper_publication': { zh: '上级简报刊发记入采用记录', en: 'Upper office\'s briefing noted on the adoption record' },
  'record.evidence_upload': { zh: '上传证明材料', en: 'Evidence file uploaded' },
  'record.evidence_expire': { zh: '清理未使用的证明材料', en: 'Unclaimed evidence file removed' },
  'record_level.create': { zh: '新增上级层级', en: 'Upper level added' },
  'record_level.update': { zh: '修改上级层级', en: 'Upper level changed' },
  'outlet.create': { zh: '新增媒体', en: 'Outlet added' },
  'outlet.update': { zh: '修改媒体', en: 'Outlet changed' },
  'outlet.delete': { zh: '删除媒体', en: 'Outlet deleted' },
  'ledger.import': { zh: '导入台账', en: 'Ledger imported' },
  'ledger.export': { zh: '导出台账', en: 'Ledger exported' },
  'interchange.import': { zh: '命令行导入数据（单位、人员、稿件、采用记录）', en: 'Data imported by command (units, people, works, records)' },
  'interchange.export': { zh: '命令行导出组织数据', en: "Organisation's data exported by command" },
  'briefing.series_create': { zh: '新建刊物（简报/专报/通报）', en: 'Briefing series created' },
  'briefing.series_update': { zh: '修改刊物设置', en: 'Briefing series changed' },
  'briefing.create': { zh: '新编一期', en: 'Briefing issue started' },
  'briefing.update': { zh: '修改一期（编者按、类型、发放设置）', en: 'Briefing issue changed' },
  'briefing.items': { zh: '调整本期稿件及顺序', en: 'Briefing items changed' },
  'briefing.wording': { zh: '修改稿件刊发文字', en: 'Published wording edited' },
  'briefing.distribution': { zh: '修改报送发范围', en: 'Briefing distribution changed' },
  'briefing.publish': { zh: '印发一期', en: 'Briefing issue published' },
  'briefing.discard': { zh: '删除未印发的一期', en: 'Briefing draft discarded' },
  'briefing.open': { zh: '阅读简报', en: 'Briefing issue opened' },
  'briefing.export': { zh: '命令行导出简报（.docx）', en: 'Briefing issue exported by command' },
  'scoring.rubric_create': { zh: '新建考核细则', en: 'Rubric created' },
  'scoring.rubric_draft': { zh: '保存考核细则草稿', en: 'Rubric draft saved' },
  'scoring.rubric_adopt': { zh: '采用考核细则新版本', en: 'Rubric version adopted' },
  'scoring.ledger_create': { zh: '登记考核台账事项', en: 'Scoring ledger entry added' },
  'scoring.ledger_correct': { zh: '更正考核台账事项', en: 'Scoring ledger entry corrected' },
  'scoring.ledger_withdraw': { zh: '撤销考核台账事项', en: 'Scoring ledger entry withdrawn' },
  'scoring.ledger_evidence_upload': { zh: '上传考核台账证明材料', en: 'Scoring ledger evidence uploaded' },
  'scoring.export': { zh: '命令行导出积分', en: 'Scores exported by command' },
  'scoring.appeal_file': { zh: '提出积分申诉', en: 'Scoring appeal filed' },
  'scoring.appeal_decide': { zh: '处理积分申诉', en: 'Scoring appeal decided' },
  'system.demo_loaded': { zh: '载入演示数据', en: 'Demo data loaded' },
  'system.backup': { zh: '备份数据', en: 'Backup made' },
  'system.restore': { zh: '恢复数据', en: 'Backup restored' },
} as const satisfies Record<`${AuditArea}.${string}`, Label>;

export type AuditEventCode = keyof typeof AUDIT_EVENTS;

/** What a target type is called (the table's "target" column). */
export const AUDIT_TARGET_TYPES = {
  person: { zh: '人员', en: 'Person' },
  unit: { zh: '单位', en: 'Unit' },
  submission: { zh: '报送稿件', en: 'Submission' },
  case: { zh: '案件', en: 'Case' },
  briefing_series: { zh: '刊物', en: 'Briefing series' },
  briefing: { zh: '简报（一期）', en: 'Briefing issue' },
  scoring_rubric: { zh: '考核细则', en: 'Rubric' },
  scoring_ledger: { zh: '考核台账事项', en: 'Scoring ledger entry' },
  scoring_appeal: { zh: '积分申诉', en: 'Scoring appeal' },
} as const satisfies Record<string, Label>;

export type AuditCatalogue = {
  areas: { key: AuditArea; zh: string; en: string }[];
  events: { code: AuditEventCode; area: AuditArea; zh: string; en: string }[];
  targetTypes: { key: string; zh: string; en: string }[];
};

export const areaOf = (code: string) => code.split('.')[0] ?? code;

/** The catalogue as the auditor's page reads it (areas and events in a fixed order). */
export function auditCatalogue(): AuditCatalogue {
  return {
    areas: (Object.keys(AUDIT_AREAS) as AuditArea[]).map((key) => ({ key, ...AUDIT_AREAS[key] })),
    events: (Object.keys(AUDIT_EVENTS) as AuditEventCode[]).map((code) => ({ code, area: areaOf(code) as AuditArea, ...AUDIT_EVENTS[code] })),
    targetTypes: Object.entries(AUDIT_TARGET_TYPES).map(([key, l]) => ({ key, ...l })),
  };
}
