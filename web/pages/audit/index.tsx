import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { FileExcelOutlined, FileTextOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useLocale, useT } from '../../app/locale';
import { dayFilter, idFilter, oneOf, textFilter } from '../../app/list-query';
import { UnitTreeFilter } from '../../app/ListFilters';
import type { Unit } from '../../app/types';
import { ListToolbar } from '../../app/ListToolbar';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { useSession } from '../../app/session';
import { useList } from '../../app/useList';
import type { ChainBreakReason } from '../../../server/audit/chain';
import { auditDetailsText } from '../../../server/audit/details';
import type { MessageKey } from '../../i18n';
import { eventOptions as catalogueOptions, namesFrom } from './names';
import { AUDIT_SORT_FIELDS, exportAudit, fetchAudit, fetchAuditEvents, fetchAuditUnits, verifyAudit, type AuditCatalogue, type AuditEntry, type AuditFilter, type AuditOutcome, type VerifyResult } from './service';

const OUTCOME: Record<AuditOutcome, { color: string; label: MessageKey }> = {
  success: { color: 'success', label: 'audit.outcome.success' },
  failure: { color: 'error', label: 'audit.outcome.failure' },
  denied: { color: 'warning', label: 'audit.outcome.denied' },
};

const BREAK_REASON: Record<ChainBreakReason, MessageKey> = {
  hash_mismatch: 'audit.break.hash_mismatch',
  prev_mismatch: 'audit.break.prev_mismatch',
  gap: 'audit.break.gap',
  downgrade: 'audit.break.downgrade',
  checkpoint_mismatch: 'audit.break.checkpoint_mismatch',
  truncated: 'audit.break.truncated',
  anchor_invalid: 'audit.break.anchor_invalid',
  checkpoint_invalid: 'audit.break.checkpoint_invalid',
  no_key: 'audit.break.no_key',
};

type FilterValues = { range?: [Dayjs | null, Dayjs | null] | null; unitId?: string; actor?: string; event?: string; outcome?: AuditOutcome };

/** The filters as they stand in the page's address: days as YYYY-MM-DD, so a reload or a shared link shows the same rows. */
const URL_FILTERS = { from: dayFilter, to: dayFilter, unitId: idFilter, actor: textFilter, event: textFilter, outcome: oneOf<AuditOutcome>(['success', 'failure', 'denied']) };
type UrlFilters = { from?: string; to?: string; unitId?: string; actor?: string; event?: string; outcome?: AuditOutcome };

/** Address filters → API filter: the days as they are (the server reads them in the deployment's time zone, both included). */
export function toFilter(f: UrlFilters): AuditFilter {
  return { from: f.from, to: f.to, unitId: f.unitId, actor: f.actor, event: f.event, outcome: f.outcome };
}

const day = (s: string | undefined) => (s ? dayjs(s) : null); // YYYY-MM-DD shown as that calendar day

/** Address filters → form values (to show them) and back. */
export function formValuesOf(f: UrlFilters): FilterValues {
  return { range: f.from || f.to ? [day(f.from), day(f.to)] : null, unitId: f.unitId, actor: f.actor, event: f.event, outcome: f.outcome };
}
export function urlFiltersOf(v: FilterValues): UrlFilters {
  const [from, to] = v.range ?? [];
  return { from: from?.format('YYYY-MM-DD'), to: to?.format('YYYY-MM-DD'), unitId: v.unitId, actor: v.actor?.trim() || undefined, event: v.event || undefined, outcome: v.outcome };
}

function VerifyBanner({ result, at, onClose }: { result: VerifyResult; at: Dayjs; onClose: () => void }) {
  const t = useT();
  const when = at.format('YYYY-MM-DD HH:mm:ss');
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        closable={{ onClose }}
        style={{ marginBottom: 12 }}
        data-testid="audit-verify-result"
        data-ok="1"
        title={t('audit.verifyOk')}
        description={
          result.rows
            ? t('audit.verifyOkText', { rows: result.rows, first: result.firstSeq ?? '-', last: result.lastSeq ?? '-', at: when })
            : t('audit.verifyEmpty', { at: when })
        }
      />
    );
  }
  const reason = BREAK_REASON[result.break.reason];
  return (
    <Alert
      type="error"
      showIcon
      closable={{ onClose }}
      style={{ marginBottom: 12 }}
      data-testid="audit-verify-result"
      data-ok="0"
      title={t('audit.verifyBroken', { seq: result.break.seq })}
      description={t('audit.verifyBrokenText', { reason: reason ? t(reason) : result.break.reason, rows: result.rows, at: when })}
    />
  );
}

export default function AuditPage() {
  const t = useT();
  const { locale } = useLocale();
  const [catalogue, setCatalogue] = useState<AuditCatalogue | null>(null);
  const names = useMemo(() => namesFrom(catalogue, locale), [catalogue, locale]);
  useEffect(() => {
    fetchAuditEvents()
      .then(setCatalogue)
      .catch((e: unknown) => showError(e));
  }, []);
  const { access } = useSession();
  const [form] = Form.useForm<FilterValues>();
  const list = useList({
    filters: URL_FILTERS,
    pageSizes: [20, 50, 100, 200],
    defaultPageSize: 50,
    sortable: AUDIT_SORT_FIELDS,
    remember: 'audit',
    request: (s) => ({ ...toFilter(s.filters), ...(s.sort ? { sort: s.sort.field, order: s.sort.order } : {}), page: s.page, pageSize: s.pageSize }),
    fetch: fetchAudit,
    onError: (e) => showError(e, form),
  });
  const filter = toFilter(list.filters);
  // The units of the auditor's scope (an auditor reads no units otherwise).
  const [units, setUnits] = useState<Unit[] | undefined>(undefined);
  useEffect(() => {
    fetchAuditUnits().then(
      (u) => setUnits(u),
      () => setUnits([]), // the filter is only missing; the log itself still loads
    );
  }, []);
  const load = list.refresh;
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<{ result: VerifyResult; at: Dayjs } | null>(null);
  const [exporting, setExporting] = useState<'xlsx' | 'csv' | null>(null);

  // The form shows the filters of the address (also after the back button or a reload).
  const shown = JSON.stringify(list.filters);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(formValuesOf(JSON.parse(shown) as UrlFilters));
  }, [shown, form]);

  const verify = async () => {
    setVerifying(true);
    try {
      setVerified({ result: await verifyAudit(), at: dayjs() });
      void load(); // the check itself is logged
    } catch (e) {
      showError(e);
    } finally {
      setVerifying(false);
    }
  };

  const doExport = async (format: 'xlsx' | 'csv') => {
    setExporting(format);
    try {
      await exportAudit(filter, format);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(null);
    }
  };

  const eventOptions = catalogueOptions(t, catalogue, names);

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.seq'), dataIndex: 'seq', key: 'seq', width: 80, render: (v: number) => <span className="xb-mono">{v}</span> },
    {
      title: t('audit.at'),
      dataIndex: 'at',
      ...list.sortable('at'),
      width: 170,
      render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{dayjs(v).format('YYYY-MM-DD HH:mm:ss')}</span>,
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorLogin',
      ...list.sortable('actor'),
      width: 150,
      render: (v: string | null, r) =>
        v ? (
          <div style={{ lineHeight: 1.4 }}>
            <span className="xb-mono">{v}</span>
            {r.actorUnitName ? <div style={{ color: '#8c8c8c', fontSize: 12 }}>{r.actorUnitName}</div> : null}
          </div>
        ) : (
          <span style={{ color: '#bfbfbf' }}>—</span>
        ),
    },
    {
      title: t('audit.event'),
      dataIndex: 'event',
      ...list.sortable('event'),
      width: 190,
      render: (v: string) => (
        <div>
          <div>{names.event(v)}</div>
          <div className="xb-mono" style={{ color: '#8c8c8c', fontSize: 11 }}>
            {v}
          </div>
        </div>
      ),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      ...list.sortable('outcome'),
      width: 90,
      render: (v: AuditOutcome) => <Tag color={OUTCOME[v]?.color}>{OUTCOME[v] ? t(OUTCOME[v].label) : v}</Tag>,
    },
    {
      title: t('audit.target'),
      key: 'target',
      width: 200,
      // The item's serial (a draft's title), the person's or unit's name, resolved by the server
      // within the auditor's scope; the id only when there is no name to show.
      render: (_, r) =>
        r.targetType ? (
          <Tooltip title={r.targetId}>
            <span data-testid="audit-target">
              <span style={{ color: '#8c8c8c' }}>{names.target(r.targetType)} </span>
              {r.targetName ? <span>{r.targetName}</span> : r.targetId ? <span className="xb-mono" style={{ color: '#8c8c8c' }}>#{r.targetId.slice(0, 8)}</span> : null}
            </span>
          </Tooltip>
        ) : (
          <span style={{ color: '#bfbfbf' }}>—</span>
        ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', ...list.sortable('ip'), width: 120, render: (v: string | null) => <span className="xb-mono">{v ?? '—'}</span> },
    {
      title: t('audit.details'),
      dataIndex: 'details',
      key: 'details',
      ellipsis: true,
      render: (v: Record<string, unknown> | null, r) => (
        <span style={{ color: '#595959' }} data-testid="audit-details">
          {auditDetailsText(r.event, v, locale, r.outcome)}
        </span>
      ),
    },
  ];

  return (
    <Page
      title={t('menu.audit')}
      sub={t('audit.sub')}
      testId="audit-page"
      extra={
        <Space>
          {access.canVerifyAudit ? (
            <Button icon={<SafetyCertificateOutlined />} onClick={verify} loading={verifying} data-testid="audit-verify">
              {t('audit.verify')}
            </Button>
          ) : null}
          {access.canExportAudit ? (
            <>
              <Button icon={<FileExcelOutlined />} onClick={() => void doExport('xlsx')} loading={exporting === 'xlsx'} data-testid="audit-export-xlsx">
                {t('audit.exportXlsx')}
              </Button>
              <Button icon={<FileTextOutlined />} onClick={() => void doExport('csv')} loading={exporting === 'csv'} data-testid="audit-export-csv">
                {t('audit.exportCsv')}
              </Button>
            </>
          ) : null}
        </Space>
      }
    >
      {verified ? <VerifyBanner result={verified.result} at={verified.at} onClose={() => setVerified(null)} /> : null}
      <Card styles={{ body: { padding: 0 } }}>
        {/* The filters need the whole row; the total is in the pagination below. */}
        <ListToolbar onRefresh={load} refreshTestId="audit-refresh" style={{ flexWrap: 'nowrap', alignItems: 'flex-start' }}>
          <Form
            form={form}
            layout="inline"
            style={{ rowGap: 8, flex: '1 1 auto', minWidth: 0 }}
            onFinish={(v) => list.clearFilters(urlFiltersOf(v))}
            data-testid="audit-filter"
          >
            <Form.Item name="range" label={t('audit.range')}>
              <DatePicker.RangePicker
                allowEmpty={[true, true]}
                presets={[
                  { label: t('audit.today'), value: [dayjs().startOf('day'), dayjs().startOf('day')] },
                  { label: t('audit.last7'), value: [dayjs().subtract(6, 'day'), dayjs()] },
                  { label: t('audit.last30'), value: [dayjs().subtract(29, 'day'), dayjs()] },
                ]}
                style={{ width: 240 }}
                data-testid="audit-range"
              />
            </Form.Item>
            {units && units.length > 1 ? (
              <Form.Item name="unitId" label={t('audit.unit')}>
                <UnitTreeFilter value={undefined} onChange={() => undefined} units={units} testId="audit-unit" width={200} />
              </Form.Item>
            ) : null}
            <Form.Item name="actor" label={t('audit.actor')}>
              <Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 130 }} maxLength={64} data-testid="audit-actor" />
            </Form.Item>
            <Form.Item name="event" label={t('audit.event')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={eventOptions} placeholder={t('audit.eventPlaceholder')} style={{ width: 200 }} popupMatchSelectWidth={300} data-testid="audit-event" />
            </Form.Item>
            <Form.Item name="outcome" label={t('audit.outcome')}>
              <Select
                allowClear
                style={{ width: 110 }}
                placeholder={t('common.all')}
                options={(Object.keys(OUTCOME) as AuditOutcome[]).map((o) => ({ value: o, label: t(OUTCOME[o].label) }))}
                data-testid="audit-outcome"
              />
            </Form.Item>
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                  {t('common.search')}
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    list.clearFilters();
                  }}
                >
                  {t('common.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </ListToolbar>
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          onChange={list.onTableChange}
          scroll={{ x: 1100 }}
          rowClassName={(r) => (r.outcome === 'success' ? '' : 'xb-audit-flag')}
          expandable={{
            expandedRowRender: (r) => (
              <Descriptions size="small" column={1} bordered style={{ background: '#fff' }}>
                <Descriptions.Item label={t('audit.target')}>
                  {r.targetType ? names.target(r.targetType) : '—'} {r.targetName ?? ''} <span className="xb-mono">{r.targetId ?? ''}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.details')}>{auditDetailsText(r.event, r.details, locale, r.outcome) || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('audit.detailsRaw')}>
                  <pre className="xb-mono" style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {r.details ? JSON.stringify(r.details, null, 2) : '—'}
                  </pre>
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.hash')}>
                  <Typography.Text className="xb-mono" copyable>
                    {r.hash}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            ),
          }}
          pagination={list.pagination((n) => t('audit.total', { n }))}
          data-testid="audit-table"
        />
      </Card>
    </Page>
  );
}
