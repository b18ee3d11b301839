import type { MessageKey } from '../../i18n';
import type { BriefingType, IssueStatus, Part } from './service';

export const TYPE_LABEL: Record<BriefingType, MessageKey> = { zhuanbao: 'brf.type.zhuanbao', jianbao: 'brf.type.jianbao', tongbao: 'brf.type.tongbao' };
export const TYPE_COLOR: Record<BriefingType, string> = { zhuanbao: 'volcano', jianbao: 'red', tongbao: 'geekblue' };
export const STATUS_LABEL: Record<IssueStatus, MessageKey> = { draft: 'brf.status.draft', published: 'brf.status.published' };
export const PART_LABEL: Record<Part, MessageKey> = { report: 'brf.part.report', send: 'brf.part.send', issue: 'brf.part.issue' };
export const KIND_LABEL: Record<'standalone' | 'comprehensive', MessageKey> = { standalone: 'brf.kind.standalone', comprehensive: 'brf.kind.comprehensive' };
