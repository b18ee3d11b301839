/**
 * Lists of submissions: "my submissions" (mine / my unit's) for correspondents and, with mode="all",
 * everything the person may see (editors, leaders, unit approvers). Filters live in the URL so that
 * coming back from an item keeps them.
 */
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, EyeInvisibleOutlined, PlusOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useLocale, useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { useSession } from '../../app/session';
import { HolderCell, KindTag, StatusTag, useNow } from './components';
import { kindLabel, STATUSES, statusLabel, SUBMISSION_KINDS } from './labels';
import { fetchSubmissions, type ListItem, type ListQuery, type ReviewStatus, type SubmissionKind } from './service';
import './submissions.css';

type Scope = ListQuery['scope'];

export function SubmissionList({ mode }: { mode: 'mine' | 'all' }) {
  const t = useT();
  const { locale } = useLocale();
  const { me, access } = useSession();
  const navigate = useNavigate();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const scope: Scope = mode === 'all' ? 'all' : params.get('scope') === 'unit' ? 'unit' : 'mine';
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as ReviewStatus) : undefined;
  const kind = (SUBMISSION_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as SubmissionKind) : undefined;
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = [20, 50, 100].includes(Number(params.get('size'))) ? Number(params.get('size')) : 20;
  const [data, setData] = useState<{ items: ListItem[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);

  const setParam = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1)) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next, { replace: true });
  };

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await fetchSubmissions({ scope, status, kind, q: q.trim() || undefined, page, pageSize }));
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [scope, status, kind, q, page, pageSize]);

  useEffect(() => {
    void load();
  }, [load]);

  const editable = (s: ListItem) => s.createdBy === me?.id && (s.status === 'draft' || s.status === 'returned');
  const itemPath = (s: ListItem) => (editable(s) && s.status === 'draft' ? `/submissions/${s.id}/edit` : `/submission/${s.id}`);

  const columns: TableColumnsType<ListItem> = [
    {
      title: t('sub.col.serial'),
      dataIndex: 'serial',
      key: 'serial',
      width: 128,
      render: (v: string | null, s) => (
        <Link to={`/submission/${s.id}`} className={v ? 'xb-mono' : undefined} data-testid={`row-serial-${v ?? s.id}`}>
          {v ?? t('sub.serial.draft')}
        </Link>
      ),
    },
    {
      title: t('sub.col.title'),
      key: 'title',
      render: (_, s) => (
        <div style={{ minWidth: 0 }}>
          <Link to={itemPath(s)} className="xb-row-title" data-testid="row-title">
            {s.title || <span style={{ color: '#bfbfbf' }}>{t('sub.untitled')}</span>}
          </Link>
          <Space size={4} style={{ marginTop: 2 }} wrap>
            <KindTag kind={s.kind} />
            {s.sensitive ? (
              <Tag color="purple" icon={<EyeInvisibleOutlined />} style={{ marginInlineEnd: 0 }}>
                {t('sub.sensitiveTag')}
              </Tag>
            ) : null}
            {s.openFindings > 0 ? (
              <Tooltip title={t('sub.findings.openTip')}>
                <Tag color="red" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
                  {t('sub.findings.open', { n: s.openFindings })}
                </Tag>
              </Tooltip>
            ) : null}
            {s.version > 1 ? <Tag style={{ marginInlineEnd: 0 }}>{t('sub.versionN', { n: s.version })}</Tag> : null}
          </Space>
        </div>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (v: ReviewStatus) => <StatusTag status={v} testId="row-status" />,
    },
    {
      title: t('sub.col.holder'),
      key: 'holder',
      width: 250,
      render: (_, s) => <HolderCell holder={s.holder} heldSince={s.heldSince} now={now} />,
    },
    ...(scope !== 'mine'
      ? [
          {
            title: t('sub.col.unitAuthor'),
            key: 'unit',
            width: 170,
            render: (_: unknown, s: ListItem) => (
              <div style={{ lineHeight: 1.5 }}>
                <div>{s.unitName}</div>
                <div style={{ color: '#8c8c8c', fontSize: 12 }}>{s.createdByName}</div>
              </div>
            ),
          },
        ]
      : []),
    {
      title: t('sub.col.updated'),
      dataIndex: 'updatedAt',
      key: 'updated',
      width: 130,
      render: (v: string) => <span style={{ fontSize: 13, fontVariantNumeric: 'tabular-nums' }}>{dayjs(v).format('YYYY-MM-DD HH:mm')}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      fixed: 'right',
      render: (_, s) =>
        editable(s) ? (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => navigate(`/submissions/${s.id}/edit`)} data-testid={`row-edit-${s.serial ?? s.id}`}>
            {s.status === 'returned' ? t('sub.revise') : t('common.edit')}
          </Button>
        ) : (
          <Button type="link" size="small" onClick={() => navigate(`/submission/${s.id}`)}>
            {t('sub.view')}
          </Button>
        ),
    },
  ];

  const statusOptions = STATUSES.filter((s) => mode === 'mine' || s !== 'draft').map((s) => ({ value: s, label: statusLabel(t, s) }));

  return (
    <Page
      title={mode === 'all' ? t('menu.allSubmissions') : t('menu.mySubmissions')}
      testId={mode === 'all' ? 'all-submissions-page' : 'my-submissions-page'}
      extra={
        access.canCreateSubmission ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/submissions/new')} data-testid="new-submission">
            {t('sub.new.button')}
          </Button>
        ) : undefined
      }
    >
      <Card styles={{ body: { padding: 0 } }}>
        <div className="xb-toolbar">
          {mode === 'mine' ? (
            <Segmented<Scope>
              value={scope}
              onChange={(v) => setParam({ scope: v === 'mine' ? undefined : v, page: 1 })}
              options={[
                { value: 'mine', label: t('sub.scope.mine') },
                { value: 'unit', label: t('sub.scope.unit') },
              ]}
              data-testid="scope-switch"
            />
          ) : null}
          <Select
            allowClear
            placeholder={t('sub.filter.status')}
            value={status}
            onChange={(v: ReviewStatus | undefined) => setParam({ status: v, page: 1 })}
            options={statusOptions}
            style={{ width: 150 }}
            data-testid="filter-status"
          />
          <Select
            allowClear
            placeholder={t('sub.filter.kind')}
            value={kind}
            onChange={(v: SubmissionKind | undefined) => setParam({ kind: v, page: 1 })}
            options={SUBMISSION_KINDS.map((k) => ({ value: k, label: kindLabel(k, locale) }))}
            style={{ width: 170 }}
            data-testid="filter-kind"
          />
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('sub.filter.q')}
            onSearch={(v) => setParam({ q: v.trim() || undefined, page: 1 })}
            style={{ width: 260 }}
            data-testid="filter-q"
          />
          <div style={{ flex: 1 }} />
          <Typography.Text type="secondary">{t('sub.total', { n: data.total })}</Typography.Text>
          <Tooltip title={t('common.refresh')}>
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
          </Tooltip>
        </div>
        <Table<ListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data.items}
          loading={loading}
          scroll={{ x: 1000 }}
          onRow={(s) => ({ 'data-testid': `submission-row-${s.serial ?? s.id}`, 'data-status': s.status }) as React.HTMLAttributes<HTMLElement>}
          locale={{
            emptyText: (
              <div style={{ padding: 24, color: '#8c8c8c' }}>
                {mode === 'mine' && access.canCreateSubmission ? (
                  <Space orientation="vertical">
                    <span>{t('sub.emptyMine')}</span>
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/submissions/new')}>
                      {t('sub.new.button')}
                    </Button>
                  </Space>
                ) : (
                  t('sub.empty')
                )}
              </div>
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: data.total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (n) => t('sub.total', { n }),
            onChange: (p, s) => setParam({ page: s !== pageSize ? 1 : p, size: s === 20 ? undefined : s }),
            style: { padding: '0 16px' },
          }}
          data-testid="submissions-table"
        />
      </Card>
      {mode === 'mine' && data.items.some((s) => s.status === 'returned' && s.createdBy === me?.id) ? (
        <Badge status="warning" text={t('sub.returnedHint')} style={{ marginTop: 12 }} />
      ) : null}
    </Page>
  );
}

export default function MySubmissionsPage() {
  return <SubmissionList mode="mine" />;
}
