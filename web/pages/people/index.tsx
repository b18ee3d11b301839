import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Col, Input, Row, Space, Switch, Table, Tag, Tooltip, Tree, type TableColumnsType, type ButtonProps } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, LockOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { getFeedback } from '../../app/feedback';
import { roleLabel } from '../../app/labels';
import { useLocale, useT } from '../../app/locale';
import { flagFilter, idFilter, textFilter } from '../../app/list-query';
import { ListToolbar } from '../../app/ListToolbar';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { useSession } from '../../app/session';
import type { Unit } from '../../app/types';
import { buildUnitTree, filterUnits, idsToDepth, toTreeOptions } from '../../app/unit-tree';
import { useList } from '../../app/useList';
import { InitialPasswordModal } from './InitialPasswordModal';
import { PersonDrawer } from './PersonDrawer';
import { activatePerson, deactivatePerson, fetchPeople, fetchPerson, fetchUnits, isAuditorAccount, PEOPLE_SORT_FIELDS, resetPassword, unlockPerson, type Person } from './service';

type Shown = { login: string; name: string; password: string; reset: boolean };

export default function PeoplePage() {
  const t = useT();
  const { locale } = useLocale();
  const { me, access } = useSession();
  const [units, setUnits] = useState<Unit[]>([]);
  const [unitQ, setUnitQ] = useState('');
  const list = useList({
    filters: { unitId: idFilter, q: textFilter, inactive: flagFilter },
    sortable: PEOPLE_SORT_FIELDS,
    remember: 'people',
    fetch: ({ unitId, q, inactive, page, pageSize, sort, order }) => fetchPeople({ unitId, q, includeInactive: inactive === true, page, pageSize, sort, order }),
  });
  const { unitId, q } = list.filters;
  const load = list.refresh;
  const [unmasked, setUnmasked] = useState<Record<string, { phone: string | null; email: string | null }>>({});
  const [drawer, setDrawer] = useState<{ person: Person | null } | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);

  useEffect(() => {
    fetchUnits().then(setUnits, (e: unknown) => showError(e));
  }, []);

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

  const unlock = (p: Person) => {
    unlockPerson(p.id).then(
      () => {
        fb()?.message.success(t('people.unlocked', { name: p.name }));
        void load();
      },
      (e: unknown) => showError(e),
    );
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
      ...list.sortable('name'),
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
    { title: t('people.unit'), dataIndex: 'unitName', ...list.sortable('unit'), width: 150, ellipsis: { showTitle: true } },
    {
      title: t('people.roles'),
      key: 'roles',
      width: 240,
      render: (_, p) => (
        <Space size={[4, 4]} wrap>
          {p.roles.map((r) => (
            <Tooltip key={`${r.role}@${r.unitId}`} title={t('people.grantOn', { unit: r.unitName })}>
              <Tag color={r.role === 'admin' ? 'red' : r.role === 'auditor' ? 'purple' : undefined} style={{ marginInlineEnd: 0 }} data-testid={`person-grant-tag-${p.login}`}>
                {roleLabel(r.role, locale)}
                {/* Where the role applies: a role on another unit than the person's own is easy to miss otherwise. */}
                <span style={{ color: r.unitId === p.unitId ? '#8c8c8c' : '#d4380d' }}> @ {r.unitName}</span>
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
          {isAuditorAccount(p) ? (
            <Tooltip title={t('people.operatorOnlyHint')}>
              <Tag color="purple" data-testid={`person-operator-only-${p.login}`}>
                {t('people.operatorOnly')}
              </Tag>
            </Tooltip>
          ) : null}
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
      ...list.sortable('lastLoginAt'),
      width: 130,
      render: (v: string | null) => (v ? <span style={{ fontSize: 13, fontVariantNumeric: 'tabular-nums' }}>{dayjs(v).format('YYYY-MM-DD HH:mm')}</span> : <span style={{ color: '#bfbfbf' }}>{t('people.never')}</span>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_, p) =>
        // Auditor accounts are the operator's (三权分立): no edit, reset, unlock or deactivation here.
        isAuditorAccount(p) ? (
          <span style={{ color: '#8c8c8c', fontSize: 13 }} data-testid={`person-actions-operator-${p.login}`}>
            {t('people.operatorOnlyShort')}
          </span>
        ) : (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setDrawer({ person: p })} data-testid={`person-edit-${p.login}`}>
              {t('common.edit')}
            </Button>
            <Button type="link" size="small" onClick={() => confirmReset(p)} disabled={!p.active || p.id === me?.id} data-testid={`person-reset-${p.login}`}>
              {t('people.reset')}
            </Button>
            {p.locked ? (
              <Button type="link" size="small" onClick={() => unlock(p)} data-testid={`person-unlock-${p.login}`}>
                {t('people.unlock')}
              </Button>
            ) : null}
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
              onClick={() => list.setFilters({ unitId: undefined })}
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
              onSelect={(keys) => list.setFilters({ unitId: (keys[0] as string | undefined) ?? undefined })}
              style={{ maxHeight: 'calc(100vh - 260px)', overflow: 'auto' }}
              data-testid="people-unit-tree"
            />
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card styles={{ body: { padding: 0 } }}>
            <ListToolbar total={t('people.total', { n: list.total })} onRefresh={load}>
              <Input.Search
                allowClear
                defaultValue={q}
                placeholder={t('people.search')}
                style={{ width: 260 }}
                onSearch={(v) => list.setFilters({ q: v })}
                data-testid="people-search"
              />
              <Space>
                <Switch
                  size="small"
                  checked={list.filters.inactive === true}
                  onChange={(v) => list.setFilters({ inactive: v })}
                  data-testid="people-show-inactive"
                />
                <span>{t('people.showInactive')}</span>
              </Space>
            </ListToolbar>
            <Table<Person>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={list.items}
              loading={list.loading}
              onChange={list.onTableChange}
              rowClassName={(p) => (p.active ? '' : 'xb-row-inactive')}
              scroll={{ x: 1120 }}
              pagination={list.pagination((n) => t('people.total', { n }))}
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
