import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Card, Dropdown, Input, Select, Space, Switch, Table, Tag, Tooltip, Typography, type TableColumnsType, type ButtonProps } from 'antd';
import {
  ApartmentOutlined,
  DeleteOutlined,
  DragOutlined,
  EditOutlined,
  MoreOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import { getFeedback } from '../../app/feedback';
import { unitTypeLabel } from '../../app/labels';
import { useLocale, useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { isApiError, showError } from '../../app/request';
import type { Unit, UnitType } from '../../app/types';
import { buildUnitTree, idsToDepth, parentIds, type UnitNode } from '../../app/unit-tree';
import { flagFilter, textFilter } from '../../app/list-query';
import { useList } from '../../app/useList';
import { activateUnit, deactivateUnit, deleteUnit, fetchUnitList, fetchUnits, fetchUnitTypes, UNIT_SORT_FIELDS, type UnitSortField, type UnitsQuery } from './service';
import { MoveUnitModal, UnitFormModal } from './UnitForms';

type FormState = { mode: 'create' | 'edit'; unit?: Unit | null; parentId?: string | null } | null;

const FILTERS = { q: textFilter, type: textFilter, inactive: flagFilter };

export default function UnitsPage() {
  const t = useT();
  const { locale } = useLocale();
  // The table: filtered and sorted by the server (matches keep their ancestors), filters in the URL and remembered.
  const list = useList<Unit, typeof FILTERS, UnitSortField, UnitsQuery>({
    filters: FILTERS,
    sortable: UNIT_SORT_FIELDS,
    remember: 'units',
    request: (st) => ({
      q: st.filters.q,
      type: st.filters.type,
      includeInactive: st.filters.inactive ? ('1' as const) : undefined,
      ...(st.sort ? { sort: st.sort.field, order: st.sort.order } : {}),
    }),
    fetch: fetchUnitList,
  });
  const { q = '', type: typeFilter } = list.filters;
  const showInactive = list.filters.inactive === true;
  // Every unit (the forms choose parents among them; the counts of sub-units).
  const [units, setUnits] = useState<Unit[]>([]);
  const [types, setTypes] = useState<UnitType[]>([]);
  const [loading, setLoading] = useState(true);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [formState, setFormState] = useState<FormState>(null);
  const [moving, setMoving] = useState<Unit | null>(null);

  const loadAll = useCallback(async () => {
    setLoading(true);
    try {
      setUnits(await fetchUnits(showInactive));
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [showInactive]);
  const refreshTable = list.refresh;
  const load = useCallback(async () => {
    await Promise.all([loadAll(), refreshTable()]);
  }, [loadAll, refreshTable]);

  useEffect(() => {
    void loadAll();
  }, [loadAll]);
  useEffect(() => {
    fetchUnitTypes().then(setTypes, (e: unknown) => showError(e));
  }, []);

  const tree = useMemo(() => buildUnitTree(list.items), [list.items]);
  const childCount = useMemo(() => {
    const m = new Map<string, number>();
    for (const u of units) if (u.parentId) m.set(u.parentId, (m.get(u.parentId) ?? 0) + 1);
    return m;
  }, [units]);
  // Expand two levels at first; expand everything while searching.
  const expandedKeys = q.trim() || typeFilter ? parentIds(tree) : (expanded ?? idsToDepth(tree, 1));

  const fb = getFeedback;
  const inactiveCount = units.filter((u) => !u.active).length;

  const confirmDeactivate = (u: Unit) => {
    fb()?.modal.confirm({
      title: t('units.deactivateTitle', { name: u.name }),
      content: t('units.deactivateText'),
      okText: t('units.deactivate'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          const r = await deactivateUnit(u.id);
          fb()?.message.success(t('units.deactivated', { n: r.deactivated }));
          await load();
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  const doActivate = async (u: Unit) => {
    try {
      await activateUnit(u.id);
      fb()?.message.success(t('units.activated', { name: u.name }));
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const confirmDelete = (u: Unit) => {
    fb()?.modal.confirm({
      title: t('units.deleteTitle', { name: u.name }),
      content: t('units.deleteText'),
      okText: t('common.delete'),
      okButtonProps: { danger: true, 'data-testid': 'unit-delete-confirm' } as ButtonProps,
      onOk: async () => {
        try {
          await deleteUnit(u.id);
          fb()?.message.success(t('units.deleted', { name: u.name }));
          await load();
        } catch (e) {
          if (isApiError(e) && e.code === 'unit/has_history') {
            // A unit with people, sub-units or records cannot be deleted: offer to deactivate it.
            fb()?.modal.confirm({
              title: t('units.cannotDelete'),
              content: e.message,
              okText: u.active ? t('units.deactivateInstead') : t('common.ok'),
              okButtonProps: { 'data-testid': 'unit-deactivate-instead' } as ButtonProps,
              cancelButtonProps: u.active ? {} : { style: { display: 'none' } },
              onOk: async () => {
                if (!u.active) return;
                try {
                  const r = await deactivateUnit(u.id);
                  fb()?.message.success(t('units.deactivated', { n: r.deactivated }));
                  await load();
                } catch (err) {
                  showError(err);
                }
              },
            });
          } else {
            showError(e);
          }
        }
      },
    });
  };

  const columns: TableColumnsType<UnitNode> = [
    {
      title: t('units.name'),
      dataIndex: 'name',
      ...list.sortable('name'),
      render: (_, u) => (
        <span data-testid={`unit-row-${u.name}`}>
          <Typography.Text strong={u.depth === 0} style={{ color: u.active ? undefined : '#a6a6a6' }}>
            {u.name}
          </Typography.Text>
          {u.shortName ? <span style={{ color: '#8c8c8c', marginLeft: 8, fontSize: 12 }}>{t('common.parens', { x: u.shortName })}</span> : null}
          {!u.active ? (
            <Tag style={{ marginLeft: 8 }} data-testid="unit-inactive-tag">
              {t('common.inactive')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    {
      title: t('units.type'),
      dataIndex: 'type',
      ...list.sortable('type'),
      width: 150,
      render: (v: string) => unitTypeLabel(types, v, locale),
    },
    {
      title: t('units.children'),
      key: 'children',
      width: 100,
      align: 'right',
      render: (_, u) => childCount.get(u.id) ?? 0,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_, u) => (
        <Space size={0} separator={<span style={{ color: '#e8e8e8' }}>|</span>}>
          <Tooltip title={u.active ? '' : t('units.inactiveParentHint')}>
            <Button
              type="link"
              size="small"
              icon={<PlusOutlined />}
              disabled={!u.active}
              onClick={() => setFormState({ mode: 'create', parentId: u.id })}
              data-testid={`unit-add-child-${u.name}`}
            >
              {t('units.addChild')}
            </Button>
          </Tooltip>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setFormState({ mode: 'edit', unit: u })} data-testid={`unit-edit-${u.name}`}>
            {t('common.edit')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                ...(u.depth > 0 ? [{ key: 'move', icon: <DragOutlined />, label: <span data-testid="unit-action-move">{t('units.move')}</span> }] : []),
                u.active
                  ? { key: 'deactivate', icon: <PauseCircleOutlined />, label: <span data-testid="unit-action-deactivate">{t('units.deactivate')}</span> }
                  : { key: 'activate', icon: <PlayCircleOutlined />, label: <span data-testid="unit-action-activate">{t('units.activate')}</span> },
                ...(u.depth > 0
                  ? [{ type: 'divider' as const }, { key: 'delete', icon: <DeleteOutlined />, danger: true, label: <span data-testid="unit-action-delete">{t('common.delete')}</span> }]
                  : []),
              ],
              onClick: ({ key }) => {
                if (key === 'move') setMoving(u);
                else if (key === 'deactivate') confirmDeactivate(u);
                else if (key === 'activate') void doActivate(u);
                else if (key === 'delete') confirmDelete(u);
              },
            }}
          >
            <Button type="link" size="small" icon={<MoreOutlined />} data-testid={`unit-more-${u.name}`}>
              {t('common.more')}
            </Button>
          </Dropdown>
        </Space>
      ),
    },
  ];

  return (
    <Page
      title={t('menu.units')}
      sub={t('units.summary', { n: units.filter((u) => u.active).length })}
      testId="units-page"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormState({ mode: 'create', parentId: tree[0]?.id ?? null })} data-testid="units-create">
          {t('units.create')}
        </Button>
      }
    >
      <Card styles={{ body: { padding: 0 } }}>
        <div style={{ display: 'flex', gap: 12, alignItems: 'center', padding: '12px 16px', borderBottom: '1px solid #f0f0f0', flexWrap: 'wrap' }}>
          <Input.Search allowClear defaultValue={q} placeholder={t('units.search')} style={{ width: 260 }} onChange={(e) => list.setFilters({ q: e.target.value })} data-testid="units-search" />
          <Select<string>
            allowClear
            style={{ width: 160 }}
            placeholder={t('units.type')}
            value={typeFilter}
            onChange={(v) => list.setFilters({ type: v })}
            options={types.map((x) => ({ value: x.key, label: unitTypeLabel(types, x.key, locale) }))}
            data-testid="units-filter-type"
          />
          <Space>
            <Switch size="small" checked={showInactive} onChange={(v) => list.setFilters({ inactive: v || undefined })} data-testid="units-show-inactive" />
            <span>{t('units.showInactive')}</span>
            {showInactive && inactiveCount ? <Tag>{t('units.inactiveCount', { n: inactiveCount })}</Tag> : null}
          </Space>
          <div style={{ flex: 1 }} />
          <Button size="small" icon={<ApartmentOutlined />} onClick={() => setExpanded(parentIds(tree))}>
            {t('units.expandAll')}
          </Button>
          <Button size="small" onClick={() => setExpanded([])}>
            {t('units.collapseAll')}
          </Button>
          <Tooltip title={t('common.refresh')}>
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
          </Tooltip>
        </div>
        <Table<UnitNode>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={tree}
          loading={loading || list.loading}
          onChange={list.onTableChange}
          pagination={false}
          rowClassName={(u) => (u.active ? '' : 'xb-row-inactive')}
          expandable={{ expandedRowKeys: expandedKeys, onExpandedRowsChange: (keys) => setExpanded(keys as string[]), indentSize: 24 }}
          data-testid="units-table"
        />
      </Card>
      <UnitFormModal
        open={!!formState}
        mode={formState?.mode ?? 'create'}
        unit={formState?.unit ?? null}
        parentId={formState?.parentId ?? null}
        units={units}
        types={types}
        onClose={() => setFormState(null)}
        onSaved={(u) => {
          fb()?.message.success(formState?.mode === 'edit' ? t('common.saved') : t('units.created', { name: u.name }));
          setFormState(null);
          if (u.parentId && expanded && !expanded.includes(u.parentId)) setExpanded([...expanded, u.parentId]);
          void load();
        }}
      />
      <MoveUnitModal
        unit={moving}
        units={units}
        onClose={() => setMoving(null)}
        onMoved={(u) => {
          fb()?.message.success(t('units.moved', { name: u.name }));
          setMoving(null);
          void load();
        }}
      />
    </Page>
  );
}
