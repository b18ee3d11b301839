/**
 * Filters every list shares: a unit (a tree of the units the person may see; the server includes the
 * units below the one chosen) and a range of days. Values are the list's URL filters (list-query.ts:
 * idFilter for the unit, dayFilter for `from` and `to`).
 */
import { useEffect, useMemo, useState } from 'react';
import { DatePicker, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { call } from './api';
import { useT } from './locale';
import type { Unit } from './types';
import { buildUnitTree, toTreeOptions } from './unit-tree';

/** The units the person may see, loaded once per page (GET /api/units answers their unit.read scope). */
export function useVisibleUnits(enabled = true): Unit[] {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    call('GET /api/units').then(
      (u) => live && setUnits(u as Unit[]),
      () => undefined, // the filter is only missing; the list itself still loads
    );
    return () => {
      live = false;
    };
  }, [enabled]);
  return units;
}

/** `units`: the units to offer when not those of GET /api/units (an auditor's come from GET /api/audit/units). */
export function UnitTreeFilter({
  value,
  onChange,
  testId = 'filter-unit',
  width = 220,
  units: given,
}: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  testId?: string;
  width?: number;
  units?: Unit[] | undefined;
}) {
  const t = useT();
  const loaded = useVisibleUnits(given === undefined);
  const units = given ?? loaded;
  const options = useMemo(() => toTreeOptions(buildUnitTree(units)), [units]);
  // One unit only (a correspondent's own): nothing to choose.
  if (units.length < 2) return null;
  return (
    <TreeSelect
      allowClear
      placeholder={t('list.filter.unit')}
      value={value}
      onChange={(v: string | undefined) => onChange(v ?? undefined)}
      treeData={options}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      style={{ width, maxWidth: '100%' }}
      data-testid={testId}
    />
  );
}

export function DayRangeFilter({
  from,
  to,
  onChange,
  testId = 'filter-days',
}: {
  from: string | undefined;
  to: string | undefined;
  onChange: (r: { from: string | undefined; to: string | undefined }) => void;
  testId?: string;
}) {
  const t = useT();
  return (
    <DatePicker.RangePicker
      value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
      allowEmpty={[true, true]}
      placeholder={[t('list.filter.from'), t('list.filter.to')]}
      onChange={(v) => onChange({ from: v?.[0]?.format('YYYY-MM-DD') ?? undefined, to: v?.[1]?.format('YYYY-MM-DD') ?? undefined })}
      style={{ width: 250, maxWidth: '100%' }}
      data-testid={testId}
    />
  );
}
