/**
 * 台账登记: ledger entries by unit (with the units below it), days and kind (server paging and
 * sorting, filters in the URL and remembered per person), a new entry with its
 * evidence, and for each active entry "correct" or "withdraw", both with a reason (the entry is never
 * deleted: a withdrawn one stays listed, greyed, with its reason).
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { LinkOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { call } from '../../app/api';
import { getFeedback } from '../../app/feedback';
import { dayFilter, idFilter, oneOf } from '../../app/list-query';
import { DayRangeFilter, UnitTreeFilter } from '../../app/ListFilters';
import { ListToolbar } from '../../app/ListToolbar';
import { useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import type { Unit } from '../../app/types';
import { buildUnitTree, toTreeOptions } from '../../app/unit-tree';
import { useList } from '../../app/useList';
import type { MessageKey } from '../../i18n';
import { LedgerForm } from './LedgerForm';
import { LEDGER_KINDS, LEDGER_SORT_FIELDS, evidenceUrl, fetchLedger, withdrawLedgerEntry, type LedgerEntry, type LedgerKind, type LedgerStatus } from './service';
import '../rankings/rankings.css';

const STATUSES: readonly LedgerStatus[] = ['active', 'withdrawn'];

export default function LedgerEntriesPage() {
  const t = useT();
  const list = useList({
    filters: { unitId: idFilter, from: dayFilter, to: dayFilter, kind: oneOf<LedgerKind>(LEDGER_KINDS), status: oneOf<LedgerStatus>(STATUSES) },
    sortable: LEDGER_SORT_FIELDS,
    remember: 'ledger',
    fetch: fetchLedger,
  });
  const { unitId, from, to, kind, status } = list.filters;
  const [units, setUnits] = useState<Unit[]>([]);
  const [editing, setEditing] = useState<LedgerEntry | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [withdrawing, setWithdrawing] = useState<LedgerEntry | null>(null);
  const [reason, setReason] = useState('');

  useEffect(() => {
    call('GET /api/units').then((r) => setUnits(r as Unit[]), showError);
  }, []);
  const unitOptions = useMemo(() => toTreeOptions(buildUnitTree(units)), [units]);

  const facts = (e: LedgerEntry) => {
    const parts: string[] = [];
    const a = e.attrs as Record<string, string | number | boolean | undefined>;
    if (typeof a.title === 'string') parts.push(a.title);
    if (typeof a.violation === 'string') parts.push(t(`ledger.violation.${a.violation}` as MessageKey));
    if (typeof a.level === 'string') parts.push(t(`ledger.level.${a.level}` as MessageKey));
    if (typeof a.field === 'string') parts.push(t(`ledger.field.${a.field}` as MessageKey));
    if (a.negative_coverage === true) parts.push(t('ledger.negative'));
    if (e.month) parts.push(t('ledger.forMonth', { month: e.month }));
    if (e.personName) parts.push(e.personName);
    return parts.join(' · ');
  };

  const columns: TableColumnsType<LedgerEntry> = [
    { title: t('ledger.occurredOn'), dataIndex: 'occurredOn', ...list.sortable('occurredOn'), width: 110 },
    { title: t('ledger.unit'), dataIndex: 'unitName', ...list.sortable('unit'), width: 180 },
    { title: t('ledger.kind'), dataIndex: 'kind', ...list.sortable('kind'), width: 150, render: (k: LedgerKind) => <Tag color={k.startsWith('award') || k === 'emergency_task' ? 'green' : 'red'}>{t(`score.kind.${k}`)}</Tag> },
    {
      title: t('ledger.facts'),
      key: 'facts',
      render: (_, e) => (
        <div>
          <div>{facts(e) || '—'}</div>
          {e.note ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.note}</Typography.Text> : null}
          {e.status === 'withdrawn' && e.withdrawReason ? <div style={{ fontSize: 12, color: '#cf1322' }}>{t('ledger.withdrawnBecause', { reason: e.withdrawReason })}</div> : null}
        </div>
      ),
    },
    {
      title: t('ledger.evidence'),
      key: 'evidence',
      width: 160,
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          {e.evidenceUrl ? (
            <a href={e.evidenceUrl} target="_blank" rel="noreferrer noopener" data-testid="ledger-evidence-url">
              <LinkOutlined /> {t('ledger.link')}
            </a>
          ) : null}
          {e.evidence.map((f) => (
            <a key={f.id} href={evidenceUrl(f.id)} target="_blank" rel="noreferrer" data-testid="ledger-evidence-file">
              <PaperClipOutlined /> {f.filename}
            </a>
          ))}
          {!e.evidenceUrl && !e.evidence.length ? '—' : null}
        </Space>
      ),
    },
    { title: t('ledger.status'), dataIndex: 'status', ...list.sortable('status'), width: 90, render: (s: LedgerStatus) => <Tag color={s === 'active' ? 'blue' : 'default'}>{t(`ledger.status.${s}`)}</Tag> },
    {
      title: t('ledger.history'),
      key: 'history',
      width: 120,
      render: (_, e) =>
        e.revisions.length ? (
          <Tooltip title={e.revisions.map((r) => `${dayjs(r.at).format('YYYY-MM-DD HH:mm')} ${t(r.action === 'withdraw' ? 'ledger.withdraw' : 'ledger.correct')}：${r.reason}`).join('\n')}>
            <Typography.Text type="secondary" data-testid="ledger-history">{t('ledger.revisions', { n: e.revisions.length })}</Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: '',
      key: 'actions',
      width: 140,
      render: (_, e) =>
        e.canChange ? (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              onClick={() => {
                setEditing(e);
                setFormOpen(true);
              }}
              data-testid="ledger-correct"
            >
              {t('ledger.correct')}
            </Button>
            <Button
              type="link"
              size="small"
              danger
              onClick={() => {
                setReason('');
                setWithdrawing(e);
              }}
              data-testid="ledger-withdraw"
            >
              {t('ledger.withdraw')}
            </Button>
          </Space>
        ) : null,
    },
  ];

  const withdraw = async () => {
    if (!withdrawing || !reason.trim()) return;
    try {
      await withdrawLedgerEntry(withdrawing.id, reason.trim(), withdrawing.rev);
      getFeedback()?.message.success(t('ledger.withdrawn'));
      setWithdrawing(null);
      await list.refresh();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Page
      title={t('menu.ledgerEntries')}
      sub={t('ledger.sub')}
      testId="ledger-entries-page"
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(null);
            setFormOpen(true);
          }}
          data-testid="ledger-new"
        >
          {t('ledger.new')}
        </Button>
      }
    >
      <Card styles={{ body: { padding: 0 } }}>
        <ListToolbar total={t('ledger.total', { n: list.total })} onRefresh={list.refresh}>
          <UnitTreeFilter value={unitId} onChange={(v) => list.setFilters({ unitId: v })} units={units} testId="ledger-filter-unit" />
          <DayRangeFilter from={from} to={to} onChange={(r) => list.setFilters(r)} testId="ledger-days" />
          <Select<LedgerKind>
            allowClear
            style={{ width: 160 }}
            placeholder={t('ledger.kind')}
            value={kind}
            onChange={(v) => list.setFilters({ kind: v })}
            options={LEDGER_KINDS.map((k) => ({ value: k, label: t(`score.kind.${k}`) }))}
          />
          <Select<LedgerStatus>
            allowClear
            style={{ width: 110 }}
            placeholder={t('ledger.status')}
            value={status}
            onChange={(v) => list.setFilters({ status: v })}
            options={STATUSES.map((s) => ({ value: s, label: t(`ledger.status.${s}`) }))}
          />
        </ListToolbar>
        <Table<LedgerEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          onChange={list.onTableChange}
          pagination={list.pagination((n) => t('ledger.total', { n }))}
          rowClassName={(e) => (e.status === 'withdrawn' ? 'xb-score-dropped' : '')}
          locale={{ emptyText: t('ledger.empty') }}
          onRow={() => ({ 'data-testid': 'ledger-row' }) as object}
          data-testid="ledger-table"
        />
      </Card>
      <LedgerForm
        open={formOpen}
        editing={editing}
        unitOptions={unitOptions}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          void list.refresh();
        }}
      />
      <Modal
        open={withdrawing !== null}
        title={t('ledger.withdraw')}
        onCancel={() => setWithdrawing(null)}
        onOk={() => void withdraw()}
        okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'ledger-withdraw-ok' } as ButtonProps}
      >
        <Typography.Paragraph>{withdrawing ? `${withdrawing.occurredOn} · ${withdrawing.unitName} · ${t(`score.kind.${withdrawing.kind as LedgerKind}`)}` : ''}</Typography.Paragraph>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('ledger.withdrawReason')} maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="ledger-withdraw-reason" />
        <Tooltip title={t('ledger.withdraw.hint')}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ledger.withdraw.hint')}
          </Typography.Text>
        </Tooltip>
      </Modal>
    </Page>
  );
}
