import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT, type T } from '../../app/locale';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import type { MessageKey } from '../../i18n';
import { fetchJobs, JOB_STATES, type JobState, type JobView, type JobsPage } from './service';

const STATE: Record<JobState, { color: string; label: MessageKey }> = {
  queued: { color: 'default', label: 'jobs.state.queued' },
  running: { color: 'processing', label: 'jobs.state.running' },
  failed: { color: 'warning', label: 'jobs.state.failed' },
  dead: { color: 'error', label: 'jobs.state.dead' },
  done: { color: 'success', label: 'jobs.state.done' },
};

/** Names of the jobs the server defines; an unknown name shows as it is. */
const JOB_LABEL: Record<string, MessageKey> = { 'audit.purge': 'jobs.job.audit.purge', 'audit.checkpoint': 'jobs.job.audit.checkpoint', 'jobs.prune': 'jobs.job.jobs.prune', 'files.clean': 'jobs.job.files.clean', 'submissions.search_backfill': 'jobs.job.submissions.search_backfill' };
export const jobLabel = (t: T, name: string) => (JOB_LABEL[name] ? t(JOB_LABEL[name]) : name);

const time = (v: string | null) => (v ? <span style={{ fontVariantNumeric: 'tabular-nums' }}>{dayjs(v).format('YYYY-MM-DD HH:mm:ss')}</span> : <span style={{ color: '#bfbfbf' }}>—</span>);

export default function JobsPage() {
  const t = useT();
  const [state, setState] = useState<JobState | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [data, setData] = useState<JobsPage>({ items: [], total: 0, states: {} });
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await fetchJobs({ state, page, pageSize }));
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [state, page, pageSize]);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableColumnsType<JobView> = [
    {
      title: t('jobs.name'),
      dataIndex: 'name',
      key: 'name',
      width: 220,
      render: (v: string) => (
        <div>
          <div>{jobLabel(t, v)}</div>
          <div className="xb-mono" style={{ color: '#8c8c8c', fontSize: 11 }}>
            {v}
          </div>
        </div>
      ),
    },
    {
      title: t('jobs.state'),
      dataIndex: 'state',
      key: 'state',
      width: 100,
      render: (v: JobState) => (
        <Tooltip title={v === 'dead' ? t('jobs.deadHint') : undefined}>
          <Tag color={STATE[v]?.color} data-testid={`job-state-${v}`}>
            {STATE[v] ? t(STATE[v].label) : v}
          </Tag>
        </Tooltip>
      ),
    },
    { title: t('jobs.attempts'), key: 'attempts', width: 90, render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{`${r.attempts} / ${r.maxAttempts}`}</span> },
    { title: t('jobs.runAt'), dataIndex: 'runAt', key: 'runAt', width: 170, render: (v: string, r) => (r.state === 'queued' || r.state === 'failed' ? time(v) : time(null)) },
    { title: t('jobs.startedAt'), dataIndex: 'startedAt', key: 'startedAt', width: 170, render: time },
    { title: t('jobs.finishedAt'), dataIndex: 'finishedAt', key: 'finishedAt', width: 170, render: time },
    {
      title: t('jobs.lastError'),
      dataIndex: 'lastError',
      key: 'lastError',
      ellipsis: { showTitle: false },
      render: (v: string | null) =>
        v ? (
          <Tooltip title={<span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>} styles={{ root: { maxWidth: 520 } }}>
            <Typography.Text type="danger" className="xb-mono" data-testid="job-error">
              {v}
            </Typography.Text>
          </Tooltip>
        ) : (
          <span style={{ color: '#bfbfbf' }}>—</span>
        ),
    },
    { title: t('jobs.worker'), dataIndex: 'lockedBy', key: 'lockedBy', width: 160, ellipsis: true, render: (v: string | null) => <span className="xb-mono">{v ?? '—'}</span> },
  ];

  return (
    <Page
      title={t('menu.jobs')}
      sub={t('jobs.sub')}
      testId="jobs-page"
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void load()} data-testid="jobs-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      <Card styles={{ body: { padding: 0 } }}>
        <Space wrap style={{ padding: '12px 16px', borderBottom: '1px solid #f0f0f0' }}>
          <span>{t('jobs.state')}</span>
          <Select<JobState>
            allowClear
            style={{ width: 150 }}
            placeholder={t('common.all')}
            value={state}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
            options={JOB_STATES.map((s) => ({ value: s, label: `${t(STATE[s].label)}${data.states[s] !== undefined ? ` (${data.states[s]})` : ''}` }))}
            data-testid="jobs-state"
          />
          {JOB_STATES.filter((s) => s !== 'done' && data.states[s]).map((s) => (
            <Tag key={s} color={STATE[s].color}>
              {t(STATE[s].label)} {data.states[s]}
            </Tag>
          ))}
        </Space>
        <Table<JobView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data.items}
          loading={loading}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('jobs.empty') }}
          pagination={{
            current: page,
            pageSize,
            total: data.total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (n) => t('jobs.total', { n }),
            onChange: (p, s) => {
              setPage(s !== pageSize ? 1 : p);
              setPageSize(s);
            },
            style: { padding: '0 16px' },
          }}
          data-testid="jobs-table"
        />
      </Card>
    </Page>
  );
}
