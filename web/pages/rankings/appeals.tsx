/**
 * Appeals (申诉) and notices (通报) on the rankings page, plugged in through slots.ts, on the typed
 * routes (server/scoring/appeals-routes.ts, notices-routes.ts; docs/notices.md):
 * - NoticeExport: the office (scoring.edit) downloads a notice (.docx/.xlsx) of the page's rubric and period.
 * - AppealEntryAction: in the explanation, an entry's appeals (status, reasons) and a "申诉" form (reason +
 *   evidence) for the unit's approvers, editors and leaders (the server decides exactly who).
 * - AppealsOffice: the office's pending appeals, each accepted (the entry withdrawn, or a ledger entry
 *   corrected) or rejected, with a reason; the ranking reloads after a decision.
 * - AppealList: a unit's appeals under the rubric, in the explanation (an accepted withdrawal's entry is
 *   gone from the entries, its appeal stays here).
 */
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import dayjs from 'dayjs';
import { Alert, Badge, Button, DatePicker, Drawer, Dropdown, Form, Input, Modal, Radio, Space, Table, Tag, Tooltip, Typography, type ButtonProps } from 'antd';
import { useT } from '../../app/locale';
import { getFeedback } from '../../app/feedback';
import { fieldNamePath, isApiError, showError } from '../../app/request';
import { useSession } from '../../app/session';
import { KIND_FIELDS, toFields, valuesOf, type Values } from '../ledger-entries/ledger-fields';
import type { LedgerEntry } from '../ledger-entries/service';
import { LedgerFactFields } from '../ledger-entries/LedgerFactFields';
import {
  acceptAppeal,
  downloadNotice,
  fetchAppeals,
  fetchLedgerEntry,
  fileAppeal,
  rejectAppeal,
  type Appeal,
  type AppealStatus,
  type ExplainEntry,
  type NoticeFormat,
  type NoticeKind,
} from './service';
import type { Scope } from './slots';

const NOTICE_KINDS: readonly NoticeKind[] = ['monthly_adoption', 'quarterly_ranking', 'top_correspondents'];
const FORMATS: readonly NoticeFormat[] = ['docx', 'xlsx'];
const STATUS_COLOR: Record<AppealStatus, string> = { pending: 'blue', accepted: 'green', rejected: 'red' };

/** 导出通报: the three notices as .docx and .xlsx, for the office keeping the rubric. */
export function NoticeExport({ scope }: { scope: Scope }) {
  const t = useT();
  const { access } = useSession();
  const [busy, setBusy] = useState(false);
  if (!access.canEditRubrics) return null;
  const items = NOTICE_KINDS.flatMap((kind) => FORMATS.map((format) => ({ key: `${kind}:${format}`, label: <span data-testid={`notice-${kind}-${format}`}>{`${t(`notice.kind.${kind}`)} (.${format})`}</span> })));
  const onClick = ({ key }: { key: string }) => {
    const [kind, format] = key.split(':') as [NoticeKind, NoticeFormat];
    setBusy(true);
    downloadNotice(kind, { rubricId: scope.rubricId, period: scope.period, format })
      .catch(showError)
      .finally(() => setBusy(false));
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <Button loading={busy} data-testid="notice-export">
        {t('notice.export')}
      </Button>
    </Dropdown>
  );
}

/** Each appeal as a status tag with its reason (and the office's decision). */
export function AppealTags({ appeals }: { appeals: readonly Appeal[] }) {
  const t = useT();
  if (appeals.length === 0) return null;
  return (
    <div data-testid="entry-appeals">
      {appeals.map((a) => (
        <div key={a.id} data-testid="entry-appeal" data-status={a.status} style={{ fontSize: 12, marginBottom: 2 }}>
          <Tooltip title={`${t('appeal.reason')}：${a.reason} · ${t('appeal.evidence')}：${a.evidence}${a.decisionReason ? ` · ${t('appeal.decisionReason')}：${a.decisionReason}` : ''}`}>
            <Tag color={STATUS_COLOR[a.status]}>
              {t(`appeal.status.${a.status}`)}
              {a.action ? `（${t(`appeal.action.${a.action}`)}）` : ''}
            </Tag>
          </Tooltip>
          <Typography.Text type="secondary">{a.decisionReason ?? a.reason}</Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** The unit's appeals under the rubric, in its explanation. */
export function AppealList({ appeals }: { appeals: readonly Appeal[] }) {
  const t = useT();
  if (appeals.length === 0) return null;
  return (
    <Table<Appeal>
      rowKey="id"
      size="small"
      style={{ marginBottom: 12 }}
      pagination={false}
      dataSource={[...appeals]}
      data-testid="explain-appeals"
      title={() => <Typography.Text strong>{t('appeal.unitAppeals')}</Typography.Text>}
      onRow={(a) => ({ 'data-testid': 'entry-appeal', 'data-status': a.status }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('appeal.period'), dataIndex: 'period', width: 90 },
        { title: t('appeal.reason'), dataIndex: 'reason' },
        { title: t('appeal.evidence'), dataIndex: 'evidence', ellipsis: true },
        { title: t('appeal.by'), dataIndex: 'filedByName', width: 90 },
        {
          title: t('score.explain.status'),
          key: 'status',
          width: 260,
          render: (_, a) => (
            <div>
              <Tag color={STATUS_COLOR[a.status]}>
                {t(`appeal.status.${a.status}`)}
                {a.action ? `（${t(`appeal.action.${a.action}`)}）` : ''}
              </Tag>
              {a.decisionReason ? <div style={{ fontSize: 12, color: '#595959' }}>{`${t('appeal.decisionReason')}：${a.decisionReason}`}</div> : null}
            </div>
          ),
        },
      ]}
    />
  );
}

/** What an entry is, in a line: its work, else what the ledger entry says, else its kind. */
export const entryWhat = (e: ExplainEntry) => (e.work ? `${e.work.serial ? `${e.work.serial} ` : ''}${e.work.title}` : (e.what ?? e.kind));

export function AppealEntryAction({ scope, entry, reload }: { scope: Scope; subjectId: string; entry: ExplainEntry; reload: () => void }) {
  const t = useT();
  const { access } = useSession();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ reason: string; evidence: string }>();
  const appeals = entry.appeals;
  const pending = appeals.some((a) => a.status === 'pending');
  // A unit's entries are appealed (a person's points follow their unit's records); the server checks who.
  const canFile = access.canReview && scope.subject === 'units' && !pending;
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await fileAppeal({ rubricId: scope.rubricId, period: scope.period, source: entry.source, sourceId: entry.sourceId, reason: v.reason.trim(), evidence: v.evidence.trim() });
      getFeedback()?.message.success(t('appeal.filed'));
      setOpen(false);
      reload();
    } catch (e) {
      if (isApiError(e) && e.fields.length) form.setFields(e.fields.map((f) => ({ name: fieldNamePath(f.path) as never, errors: [f.message] })));
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Space orientation="vertical" size={2}>
      <AppealTags appeals={appeals} />
      {canFile ? (
        <Button size="small" type="link" onClick={() => setOpen(true)} data-testid="appeal-file">
          {t('appeal.file')}
        </Button>
      ) : null}
      <Modal
        open={open}
        title={t('appeal.file.title')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={saving}
        okText={t('appeal.submit')}
        okButtonProps={{ 'data-testid': 'appeal-submit' } as ButtonProps}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {t('appeal.file.entry', { what: `${entry.date} · ${entryWhat(entry)} · ${entry.itemName} ${entry.counted}` })}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" data-testid="appeal-form">
          <Form.Item name="reason" label={t('appeal.reason')} rules={[{ required: true, whitespace: true, message: t('appeal.reason.required') }]}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="appeal-reason" />
          </Form.Item>
          <Form.Item name="evidence" label={t('appeal.evidence')} extra={t('appeal.evidence.hint')} rules={[{ required: true, whitespace: true, message: t('appeal.evidence.required') }]}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="appeal-evidence" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

type Decision = { appeal: Appeal; decision: 'accept' | 'reject' };
type DecisionValues = { reason: string; action?: 'withdraw' | 'correct' } & Partial<Values>;

/** The office's pending appeals of the rubric; accept (withdraw or correct the entry) or reject, each with a reason. */
export function AppealsOffice({ scope, reload }: { scope: Scope; reload?: () => void }) {
  const t = useT();
  const { access } = useSession();
  const office = access.canEditRubrics && access.canDecide;
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<Appeal[]>([]);
  const [loading, setLoading] = useState(false);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [ledger, setLedger] = useState<LedgerEntry | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<DecisionValues>();
  const action = Form.useWatch('action', form);

  const load = useCallback(() => {
    if (!office) return;
    setLoading(true);
    fetchAppeals({ rubricId: scope.rubricId, status: 'pending' })
      .then((r) => setRows(r.appeals), showError)
      .finally(() => setLoading(false));
  }, [scope.rubricId, office]);
  useEffect(() => load(), [load]);

  // Accepting an appeal on a ledger entry may correct it: its current facts fill the form.
  useEffect(() => {
    setLedger(null);
    if (!deciding || deciding.decision !== 'accept' || deciding.appeal.source !== 'ledger') return;
    let gone = false;
    fetchLedgerEntry(deciding.appeal.unitId, deciding.appeal.sourceId).then((e) => {
      if (gone || !e) return;
      setLedger(e);
      form.setFieldsValue(valuesOf(e));
    }, showError);
    return () => {
      gone = true;
    };
  }, [deciding, form]);

  if (!office) return null;
  const decide = async () => {
    if (!deciding) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      const { appeal, decision } = deciding;
      if (decision === 'reject') await rejectAppeal(appeal.id, v.reason.trim());
      else if (v.action === 'correct' && ledger) {
        const entry = toFields({ ...valuesOf(ledger), ...v } as Values, []);
        await acceptAppeal(appeal.id, { action: 'correct', reason: v.reason.trim(), correction: { rev: ledger.rev, entry } });
      } else await acceptAppeal(appeal.id, { action: 'withdraw', reason: v.reason.trim() });
      getFeedback()?.message.success(t(decision === 'accept' ? 'appeal.accepted' : 'appeal.rejected'));
      setDeciding(null);
      load();
      reload?.();
    } catch (e) {
      if (isApiError(e) && e.fields.length) form.setFields(e.fields.map((f) => ({ name: fieldNamePath(f.path.replace(/^correction\.entry\./, '')) as never, errors: [f.message] })));
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const f = ledger ? KIND_FIELDS[ledger.kind as keyof typeof KIND_FIELDS] : null;
  return (
    <>
      <Badge count={rows.length} size="small">
        <Button onClick={() => setOpen(true)} data-testid="appeals-open">
          {t('appeal.office')}
        </Button>
      </Badge>
      <Drawer open={open} onClose={() => setOpen(false)} size={960} title={t('appeal.office')} data-testid="appeals-drawer">
        <Table<Appeal>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t('appeal.none') }}
          onRow={() => ({ 'data-testid': 'appeal-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('appeal.unit'), dataIndex: 'unitName', width: 130 },
            { title: t('appeal.period'), dataIndex: 'period', width: 80 },
            { title: t('appeal.source'), dataIndex: 'source', width: 100, render: (s: Appeal['source']) => <Tag color={s === 'record' ? 'blue' : 'purple'}>{t(s === 'record' ? 'score.explain.record' : 'score.explain.ledger')}</Tag> },
            { title: t('appeal.reason'), dataIndex: 'reason', width: 220 },
            { title: t('appeal.evidence'), dataIndex: 'evidence', width: 220 },
            { title: t('appeal.by'), dataIndex: 'filedByName', width: 90 },
            { title: t('appeal.filedAt'), dataIndex: 'filedAt', width: 110, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            {
              title: '',
              key: 'actions',
              width: 110,
              render: (_, a) => (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => {
                      form.resetFields();
                      form.setFieldsValue({ action: 'withdraw' });
                      setDeciding({ appeal: a, decision: 'accept' });
                    }}
                    data-testid="appeal-accept"
                  >
                    {t('appeal.accept')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    onClick={() => {
                      form.resetFields();
                      setDeciding({ appeal: a, decision: 'reject' });
                    }}
                    data-testid="appeal-reject"
                  >
                    {t('appeal.reject')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        <Modal
          open={!!deciding}
          title={deciding?.decision === 'accept' ? t('appeal.accept.title') : t('appeal.reject.title')}
          onCancel={() => setDeciding(null)}
          onOk={() => void decide()}
          confirmLoading={saving}
          okButtonProps={{ 'data-testid': 'appeal-decide-ok' } as ButtonProps}
          forceRender
        >
          {deciding ? (
            <Typography.Paragraph type="secondary">
              {deciding.appeal.unitName} · {t('appeal.reason')}：{deciding.appeal.reason}
            </Typography.Paragraph>
          ) : null}
          <Form form={form} layout="vertical" data-testid="appeal-decide">
            {deciding?.decision === 'accept' ? (
              <Form.Item name="action" label={t('appeal.accept.how')} extra={deciding.appeal.source === 'record' ? t('appeal.accept.correctLedgerOnly') : undefined}>
                <Radio.Group data-testid="appeal-action">
                  <Radio value="withdraw">{t('appeal.accept.withdraw')}</Radio>
                  <Radio value="correct" disabled={!ledger}>
                    <span data-testid="appeal-action-correct">{t('appeal.accept.correct')}</span>
                  </Radio>
                </Radio.Group>
              </Form.Item>
            ) : null}
            {deciding?.decision === 'accept' && action === 'correct' && ledger && f ? (
              <>
                <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(`score.kind.${ledger.kind}` as 'score.kind.task_missed')} />
                <Form.Item name="occurredOn" label={t('ledger.occurredOn')} rules={[{ required: true, message: t('ledger.dateRequired') }]}>
                  <DatePicker allowClear={false} />
                </Form.Item>
                {f.month ? (
                  <Form.Item name="month" label={t('ledger.month')} rules={[{ required: true, message: t('ledger.monthRequired') }]}>
                    <DatePicker picker="month" allowClear={false} />
                  </Form.Item>
                ) : null}
                <LedgerFactFields kind={ledger.kind} testIdPrefix="appeal-correct" />
              </>
            ) : null}
            <Form.Item name="reason" label={t('appeal.decisionReason')} rules={[{ required: true, whitespace: true, message: t('appeal.reason.required') }]}>
              <Input.TextArea rows={3} maxLength={500} data-testid="appeal-decision-reason" />
            </Form.Item>
          </Form>
        </Modal>
      </Drawer>
    </>
  );
}
