import { describe, expect, it } from 'vitest';
import { auditDetailsText, KIND_NAMES, STATUS_LABELS } from './details';
import { AUDIT_EVENTS } from './events';
import { ROLE_LABELS } from '../access/roles';
import { REVIEW_STATUSES } from '../submissions/stages';
import { KIND_LABELS, SUBMISSION_KINDS } from '../submissions/kinds';

const zh = (e: string, d: Record<string, unknown>, o?: string) => auditDetailsText(e, d, 'zh-CN', o);
const en = (e: string, d: Record<string, unknown>, o?: string) => auditDetailsText(e, d, 'en', o);

describe('audit details as sentences', () => {
  it('sign-in: success, failure with its reason and count, lockout', () => {
    expect(zh('auth.sign_in', { secondFactor: true }, 'success')).toBe('使用双因素认证登录');
    expect(en('auth.sign_in', { secondFactor: false }, 'success')).toBe('signed in with a password');
    expect(zh('auth.sign_in', { reason: 'bad_password', attempts: 3 }, 'failure')).toBe('登录失败：密码错误；连续第 3 次失败');
    expect(en('auth.sign_in', { reason: 'unknown_login' }, 'failure')).toBe('sign-in failed: no such account');
    expect(zh('auth.locked', { minutes: 15 })).toBe('连续登录失败，账号锁定 15 分钟');
  });

  it('refusals name the request and the reason in words, not the error code', () => {
    expect(zh('access.denied', { method: 'POST', route: '/api/units', reason: 'auth/forbidden' }, 'denied')).toBe('请求 POST /api/units 被拒绝：无权执行此操作');
    expect(en('access.denied', { method: 'GET', route: '/api/audit', reason: 'auth/forbidden' }, 'denied')).toBe('request GET /api/audit refused: You are not allowed to do this');
    expect(zh('access.denied_repeated', { method: 'GET', route: '/api/x', reason: 'auth/forbidden', count: 7, minute: '2026-01-01T00:00:00Z' })).toBe('同一来源在同一分钟内共被拒绝 7 次（首次：GET /api/x，无权执行此操作）');
    // An unknown code is shown as it is, not dropped and not a crash.
    expect(en('access.denied', { method: 'GET', route: '/x', reason: 'zz/unknown' })).toBe('request GET /x refused: zz/unknown');
  });

  it('review transitions read as status → status with the version', () => {
    expect(zh('review.passed', { step: 'unit', from: 'unit_approval', to: 'in_review', version: 2 })).toBe('待单位审批 → 审核中；第 2 版');
    expect(en('review.returned', { from: 'in_review', to: 'returned', version: 1, adminReviewer: true })).toBe('in review → returned; version 1; an administrator acting as reviewer');
    expect(zh('review.submitted', { from: 'draft', to: 'unit_approval', version: 1 })).toBe('草稿 → 待单位审批；第 1 版');
  });

  it('people and units: roles, changed fields, names', () => {
    expect(zh('person.create', { login: 'wang', unitId: 'u1', roles: [{ role: 'correspondent', unitId: 'u1' }, { role: 'editor', unitId: 'u2' }] })).toBe('账号 wang；角色：通讯员、编辑/审核员');
    expect(en('person.update', { changes: { name: '王五', phone: '(changed)', roles: { added: [{ role: 'leader', unitId: 'x' }], removed: [] } } })).toBe(`changed name, phone; roles added: ${ROLE_LABELS.leader.en}`);
    expect(zh('person.unmask', { fields: ['phone', 'email'] })).toBe('查看了完整的手机号、邮箱');
    expect(zh('unit.update', { before: { name: '城关所', type: 'police_station', shortName: null }, changes: { name: '城关派出所' } })).toBe('姓名/名称：「城关所」 → 「城关派出所」');
    expect(en('unit.delete', { name: 'Old office' })).toBe('unit “Old office” deleted');
  });

  it('items, attachments, findings, the system', () => {
    expect(zh('submission.create', { kind: 'lead', unitId: 'u' })).toBe('新建宣传报道线索');
    expect(en('attachment.add', { attachmentId: 'a', purpose: 'photo', mime: 'image/jpeg', size: 2048 })).toBe('uploaded image/jpeg, 2.0 KB');
    expect(zh('finding.redact', { kind: 'id_number', masked: '1101********1234', field: 'body' })).toBe('正文中的个人信息 1101********1234 已遮盖');
    expect(zh('system.backup', { rows: 10, files: 2, fileBytes: 9, missingFiles: 0, via: 'cli' })).toBe('备份 10 行、2 个文件；通过命令行执行');
    expect(en('audit.export', { format: 'xlsx', filter: { event: 'review', actor: undefined } })).toBe('exported as XLSX; filter: event=review');
  });

  it('an event without a formatter still reads as labelled values, never as JSON', () => {
    expect(zh('some.new_event', { reason: 'x', rows: 3 })).toBe('原因：x；行数：3');
    expect(en('auth.sign_out', {})).toBe('');
  });

  it('every catalogued event gives text without braces in both languages, whatever the details', () => {
    const samples = [{}, { reason: 'auth/forbidden', count: 2, kind: 'lead', from: 'draft', to: 'adopted', changes: { name: 'x' }, roles: [{ role: 'editor' }], via: 'job', task: 'audit.purge' }];
    for (const code of Object.keys(AUDIT_EVENTS))
      for (const d of samples)
        for (const text of [zh(code, d), en(code, d)]) {
          expect(text, code).not.toMatch(/[{}[\]]|undefined|\[object/);
        }
  });

  it('names every status and kind of the submissions domain, as it does', () => {
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...REVIEW_STATUSES].sort());
    expect(Object.keys(KIND_NAMES).sort()).toEqual([...SUBMISSION_KINDS].sort());
    for (const k of SUBMISSION_KINDS) expect(KIND_NAMES[k]).toEqual(KIND_LABELS[k]);
  });
});
