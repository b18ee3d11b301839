import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Card, Col, Input, Row, Space, Switch, Table, Tag, Tooltip, Tree, Typography, type TableColumnsType, type ButtonProps } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, LockOutlined, PlusOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { getFeedback } from '../../app/feedback';
import { roleLabel } from '../../app/labels';
import { useLocale, useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { useSession } from '../../app/session';
import type { Unit } from '../../app/types';
import { buildUnitTree, filterUnits, idsToDepth, toTreeOptions } from '../../app/unit-tree';
import { InitialPasswordModal } from './InitialPasswordModal';
import { PersonDrawer } from './PersonDrawer';
import { activatePerson, deactivatePerson, fetchPeople, fetchPerson, fetchUnits, resetPassword, type Person } from './service';

type Shown = { login: string; name: string; password: string; reset: boolean };

export default function PeoplePage() {
  const t = useT();
  const { locale } = useLocale();
  const { me, access } = useSession();
  const [units, setUnits] = useState<Unit[]>([]);
  const [unitQ, setUnitQ] = useState('');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<{ items: Person[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [unmasked, setUnmasked] = useState<Record<string, { phone: string | null; email: string | null }>>({});
  const [drawer, setDrawer] = useState<{ person: Person | null } | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);

  useEffect(() => {
    fetchUnits().then(setUnits, (e: unknown) => showError(e));
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await fetchPeople({ unitId, q: q.trim() || undefined, includeInactive, page, pageSize }));
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [unitId, q, includeInactive, page, pageSize]);

  useEffect(() => {
    void load();
  }, [load]);

  const tree = useMemo(() => buildUnitTree(filterUnits(units, unitQ)), [units, unitQ]);
  const treeData = useMemo(() => toTreeOptions(tree), [tree]);
  const [expandedKeys, setExpandedKeys] = useState<string[] | null>(null);
  const expanded = unitQ.trim() ? idsToDepth(tree, Infinity) : (expandedKeys ?? idsToDepth(tree, 0));
  const selectedUnit = units.find((u) => u.id === unitId);

  const fb = getFeedback;

  const unmask = async (p: Person) => {
    try {
      const full = await fetchPerson(p.id, true);
      setUnmasked((m) => ({ ...m, [p.id]: { phone: full.phone, email: full.email } }));
    } catch (e) {
      showError(e);
    }
  };
  const remask = (id: string) =>
    setUnmasked((m) => {
      const { [id]: _drop, ...rest } = m;
      return rest;
    });

  const confirmReset = (p: Person) => {
    fb()?.modal.confirm({
      title: t('people.resetTitle', { name: p.name }),
      content: t('people.resetText'),
      okText: t('people.reset'),
      okButtonProps: { 'data-testid': 'person-reset-confirm' } as ButtonProps,
      onOk: async () => {
        try {
          const r = await resetPassword(p.id);
          setShown({ login: p.login, name: p.name, password: r.initialPassword, reset: true });
          void load();
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  const toggleActive = (p: Person) => {
    if (!p.active) {
      activatePerson(p.id).then(
        () => {
          fb()?.message.success(t('people.activated', { name: p.name }));
          void load();
        },
        (e: unknown) => showError(e),
      );
      return;
    }
    fb()?.modal.confirm({
      title: t('people.deactivateTitle', { name: p.name }),
      content: t('people.deactivateText'),
      okText: t('people.deactivate'),
      okButtonProps: { danger: true, 'data-testid': 'person-deactivate-confirm' } as ButtonProps,
      onOk: async () => {
        try {
          await deactivatePerson(p.id);
          fb()?.message.success(t('people.deactivated', { name: p.name }));
          void load();
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  const contact = (p: Person, field: 'phone' | 'email') => {
    const full = unmasked[p.id];
    const value = full ? full[field] : p[field];
    if (!value) return <span style={{ color: '#bfbfbf' }}>—</span>;
    return <span className="xb-mono" style={{ fontSize: 13 }}>{value}</span>;
  };

  const columns: TableColumnsType<Person> = [
    {
      title: t('people.nameLogin'),
      key: 'name',
      width: 150,
      render: (_, p) => (
        <div data-testid={`person-row-${p.login}`}>
          <div style={{ fontWeight: 500 }}>{p.name}</div>
          <div className="xb-mono" style={{ color: '#8c8c8c' }}>
            {p.login}
          </div>
        </div>
      ),
    },
    { title: t('people.unit'), dataIndex: 'unitName', key: 'unit', width: 150, ellipsis: { showTitle: true } },
    {
      title: t('people.roles'),
      key: 'roles',
      width: 170,
      render: (_, p) => (
        <Space size={[4, 4]} wrap>
          {p.roles.map((r) => (
            <Tooltip key={`${r.role}@${r.unitId}`} title={t('people.grantOn', { unit: r.unitName })}>
              <Tag color={r.role === 'admin' ? 'red' : r.role === 'auditor' ? 'purple' : undefined} style={{ marginInlineEnd: 0 }}>
                {roleLabel(r.role, locale)}
              </Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    {
      title: (
        <Space size={4}>
          {t('people.contact')}
          {access.canUnmask ? (
            <Tooltip title={t('people.unmaskHint')}>
              <EyeOutlined style={{ color: '#bfbfbf' }} />
            </Tooltip>
          ) : null}
        </Space>
      ),
      key: 'contact',
      width: 200,
      render: (_, p) => (
        <Space size={4} align="start">
          <div style={{ lineHeight: 1.6 }}>
            <div>{contact(p, 'phone')}</div>
            {p.email || unmasked[p.id]?.email ? <div>{contact(p, 'email')}</div> : null}
          </div>
          {access.canUnmask && (p.phone || p.email) ? (
            unmasked[p.id] ? (
              <Tooltip title={t('people.remask')}>
                <Button type="text" size="small" icon={<EyeInvisibleOutlined />} onClick={() => remask(p.id)} aria-label={t('people.remask')} />
              </Tooltip>
            ) : (
              <Tooltip title={t('people.unmask')}>
                <Button type="text" size="small" icon={<EyeOutlined />} onClick={() => void unmask(p)} aria-label={t('people.unmask')} data-testid={`person-unmask-${p.login}`} />
              </Tooltip>
            )
          ) : null}
        </Space>
      ),
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 130,
      render: (_, p) => (
        <Space size={[4, 4]} wrap>
          {p.active ? <Tag color="success">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
          {p.locked ? (
            <Tag color="error" icon={<LockOutlined />}>
              {t('people.locked')}
            </Tag>
          ) : null}
          {p.mustChangePassword ? <Tag color="warning">{t('people.mustChange')}</Tag> : null}
          {p.totpEnabled ? (
            <Tag color="blue" icon={<SafetyCertificateOutlined />}>
              {t('people.totp')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('people.lastLogin'),
      dataIndex: 'lastLoginAt',
      key: 'lastLogin',
      width: 130,
      render: (v: string | null) => (v ? <span style={{ fontSize: 13, fontVariantNumeric: 'tabular-nums' }}>{dayjs(v).format('YYYY-MM-DD HH:mm')}</span> : <span style={{ color: '#bfbfbf' }}>{t('people.never')}</span>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_, p) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDrawer({ person: p })} data-testid={`person-edit-${p.login}`}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => confirmReset(p)} disabled={!p.active || p.id === me?.id} data-testid={`person-reset-${p.login}`}>
            {t('people.reset')}
          </Button>
          <Button type="link" size="small" danger={p.active} onClick={() => toggleActive(p)} disabled={p.id === me?.id} data-testid={`person-toggle-${p.login}`}>
            {p.active ? t('people.deactivate') : t('people.activate')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Page
      title={t('menu.people')}
      sub={selectedUnit ? t('people.inUnit', { unit: selectedUnit.name }) : undefined}
      testId="people-page"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ person: null })} data-testid="people-create">
          {t('people.create')}
        </Button>
      }
    >
      <Row gutter={16} wrap={false}>
        <Col flex="240px">
          <Card size="small" title={t('people.unitTree')} styles={{ body: { padding: 8 } }} style={{ height: '100%' }}>
            <Input.Search allowClear size="small" placeholder={t('units.search')} onChange={(e) => setUnitQ(e.target.value)} style={{ marginBottom: 8 }} />
            <div
              style={{ padding: '4px 8px', cursor: 'pointer', borderRadius: 4, background: unitId ? undefined : '#fbeceb', color: unitId ? undefined : '#c0392b', marginBottom: 4 }}
              onClick={() => {
                setUnitId(undefined);
                setPage(1);
              }}
              data-testid="people-all-units"
            >
              {t('people.allUnits')}
            </div>
            <Tree
              blockNode
              treeData={treeData}
              selectedKeys={unitId ? [unitId] : []}
              expandedKeys={expanded}
              onExpand={(keys) => setExpandedKeys(keys as string[])}
              onSelect={(keys) => {
                setUnitId((keys[0] as string | undefined) ?? undefined);
                setPage(1);
              }}
              style={{ maxHeight: 'calc(100vh - 260px)', overflow: 'auto' }}
              data-testid="people-unit-tree"
            />
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card styles={{ body: { padding: 0 } }}>
            <div style={{ display: 'flex', gap: 12, alignItems: 'center', padding: '12px 16px', borderBottom: '1px solid #f0f0f0', flexWrap: 'wrap' }}>
              <Input.Search
                allowClear
                placeholder={t('people.search')}
                style={{ width: 260 }}
                onSearch={(v) => {
                  setQ(v);
                  setPage(1);
                }}
                data-testid="people-search"
              />
              <Space>
                <Switch
                  size="small"
                  checked={includeInactive}
                  onChange={(v) => {
                    setIncludeInactive(v);
                    setPage(1);
                  }}
                  data-testid="people-show-inactive"
                />
                <span>{t('people.showInactive')}</span>
              </Space>
              <div style={{ flex: 1 }} />
              <Typography.Text type="secondary">{t('people.total', { n: data.total })}</Typography.Text>
              <Tooltip title={t('common.refresh')}>
                <Button size="small" icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
              </Tooltip>
            </div>
            <Table<Person>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={data.items}
              loading={loading}
              rowClassName={(p) => (p.active ? '' : 'xb-row-inactive')}
              scroll={{ x: 1120 }}
              pagination={{
                current: page,
                pageSize,
                total: data.total,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100],
                showTotal: (n) => t('people.total', { n }),
                onChange: (p, s) => {
                  setPage(s !== pageSize ? 1 : p);
                  setPageSize(s);
                },
                style: { padding: '0 16px' },
              }}
              data-testid="people-table"
            />
          </Card>
        </Col>
      </Row>
      <PersonDrawer
        open={!!drawer}
        person={drawer?.person ?? null}
        units={units}
        defaultUnitId={unitId ?? me?.unitId}
        onClose={() => setDrawer(null)}
        onCreated={(p, password) => {
          setDrawer(null);
          setShown({ login: p.login, name: p.name, password, reset: false });
          void load();
        }}
        onSaved={(p) => {
          setDrawer(null);
          remask(p.id);
          fb()?.message.success(t('common.saved'));
          void load();
        }}
      />
      <InitialPasswordModal shown={shown} onClose={() => setShown(null)} />
    </Page>
  );
}
