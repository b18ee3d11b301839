import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { FileExcelOutlined, FileTextOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useLocale, useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { useSession } from '../../app/session';
import type { MessageKey } from '../../i18n';
import { eventOptions, namesFrom } from './names';
import { exportAudit, fetchAudit, fetchAuditEvents, verifyAudit, type AuditCatalogue, type AuditEntry, type AuditFilter, type AuditOutcome, type VerifyResult } from './service';

const OUTCOME: Record<AuditOutcome, { color: string; label: MessageKey }> = {
  success: { color: 'success', label: 'audit.outcome.success' },
  failure: { color: 'error', label: 'audit.outcome.failure' },
  denied: { color: 'warning', label: 'audit.outcome.denied' },
};

const BREAK_REASON: Record<string, MessageKey> = {
  hash_mismatch: 'audit.break.hash_mismatch',
  prev_mismatch: 'audit.break.prev_mismatch',
  gap: 'audit.break.gap',
};

type FilterValues = { range?: [Dayjs | null, Dayjs | null] | null; actor?: string; event?: string; outcome?: AuditOutcome };

/** Form values → API filter: whole days in local time, `to` exclusive. */
export function toFilter(v: FilterValues): AuditFilter {
  const [from, to] = v.range ?? [];
  return {
    from: from ? from.startOf('day').toISOString() : undefined,
    to: to ? to.add(1, 'day').startOf('day').toISOString() : undefined,
    actor: v.actor?.trim() || undefined,
    event: v.event || undefined,
    outcome: v.outcome,
  };
}

function detailsText(d: Record<string, unknown> | null): string {
  if (!d || !Object.keys(d).length) return '';
  return Object.entries(d)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('  ');
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
  const { access } = useSession();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [data, setData] = useState<{ items: AuditEntry[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<{ result: VerifyResult; at: Dayjs } | null>(null);
  const [exporting, setExporting] = useState<'xlsx' | 'csv' | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await fetchAudit({ ...filter, page, pageSize }));
    } catch (e) {
      showError(e, form);
    } finally {
      setLoading(false);
    }
  }, [filter, page, pageSize, form]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    fetchAuditEvents()
      .then(setCatalogue)
      .catch((e: unknown) => showError(e));
  }, []);

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

  const options = eventOptions(t, catalogue, names);

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.seq'), dataIndex: 'seq', key: 'seq', width: 80, render: (v: number) => <span className="xb-mono">{v}</span> },
    {
      title: t('audit.at'),
      dataIndex: 'at',
      key: 'at',
      width: 170,
      render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{dayjs(v).format('YYYY-MM-DD HH:mm:ss')}</span>,
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorLogin',
      key: 'actor',
      width: 140,
      render: (v: string | null) => (v ? <span className="xb-mono">{v}</span> : <span style={{ color: '#bfbfbf' }}>—</span>),
    },
    {
      title: t('audit.event'),
      dataIndex: 'event',
      key: 'event',
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
      key: 'outcome',
      width: 90,
      render: (v: AuditOutcome) => <Tag color={OUTCOME[v]?.color}>{OUTCOME[v] ? t(OUTCOME[v].label) : v}</Tag>,
    },
    {
      title: t('audit.target'),
      key: 'target',
      width: 150,
      render: (_, r) =>
        r.targetType ? (
          <Tooltip title={r.targetId}>
            <span>
              {names.target(r.targetType)}
              {r.targetId ? <span className="xb-mono" style={{ color: '#8c8c8c' }}> #{r.targetId.slice(0, 8)}</span> : null}
            </span>
          </Tooltip>
        ) : (
          <span style={{ color: '#bfbfbf' }}>—</span>
        ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', width: 120, render: (v: string | null) => <span className="xb-mono">{v ?? '—'}</span> },
    {
      title: t('audit.details'),
      dataIndex: 'details',
      key: 'details',
      ellipsis: true,
      render: (v: Record<string, unknown> | null) => <span className="xb-mono" style={{ color: '#595959' }}>{detailsText(v)}</span>,
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
        <Form
          form={form}
          layout="inline"
          style={{ padding: '12px 16px', borderBottom: '1px solid #f0f0f0', rowGap: 8 }}
          onFinish={(v) => {
            setFilter(toFilter(v));
            setPage(1);
          }}
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
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 130 }} maxLength={64} data-testid="audit-actor" />
          </Form.Item>
          <Form.Item name="event" label={t('audit.event')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={options} placeholder={t('audit.eventPlaceholder')} style={{ width: 200 }} popupMatchSelectWidth={300} data-testid="audit-event" />
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
                  setFilter({});
                  setPage(1);
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          columns={columns}
          dataSource={data.items}
          loading={loading}
          scroll={{ x: 1100 }}
          rowClassName={(r) => (r.outcome === 'success' ? '' : 'xb-audit-flag')}
          expandable={{
            expandedRowRender: (r) => (
              <Descriptions size="small" column={1} bordered style={{ background: '#fff' }}>
                <Descriptions.Item label={t('audit.target')}>
                  {r.targetType ? names.target(r.targetType) : '—'} <span className="xb-mono">{r.targetId ?? ''}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.details')}>
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
          pagination={{
            current: page,
            pageSize,
            total: data.total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (n) => t('audit.total', { n }),
            onChange: (p, s) => {
              setPage(s !== pageSize ? 1 : p);
              setPageSize(s);
            },
            style: { padding: '0 16px' },
          }}
          data-testid="audit-table"
        />
      </Card>
    </Page>
  );
}
