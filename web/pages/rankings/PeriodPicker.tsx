/**
 * The period picker of the scoring pages: a kind (half-month, ISO week, month, quarter, year, custom
 * range) and a date picker fitted to it, ← / → to step by one period. Its value is a period key
 * (period.ts), the same text the URL and the API carry.
 */
import { Button, DatePicker, Select, Space, Tooltip } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../app/locale';
import type { MessageKey } from '../../i18n';
import { PICKER_KINDS, periodKey, readPeriod, shiftPeriod, type PeriodKind } from './period';

const KIND_LABEL: Record<PeriodKind, MessageKey> = {
  half_month: 'score.period.half_month',
  iso_week: 'score.period.iso_week',
  month: 'score.period.month',
  quarter: 'score.period.quarter',
  year: 'score.period.year',
  custom: 'score.period.custom',
};

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

export function PeriodPicker({ value, onChange, kinds = PICKER_KINDS, testId = 'period' }: { value: string; onChange: (key: string) => void; kinds?: readonly PeriodKind[]; testId?: string }) {
  const t = useT();
  const p = readPeriod(value);
  const kind: PeriodKind = p?.kind ?? 'month';
  const first = p ? dayjs(p.firstDay) : dayjs();
  const last = p ? dayjs(p.lastDay) : dayjs();
  const setKind = (k: PeriodKind) => onChange(k === 'custom' ? periodKey('custom', day(first), day(last)) : periodKey(k, day(first)));

  let picker;
  switch (kind) {
    case 'half_month':
      picker = (
        <Space.Compact>
          <DatePicker picker="month" allowClear={false} value={first} onChange={(d) => d && onChange(periodKey('half_month', day(d.date(p?.key.endsWith('H2') ? 16 : 1))))} data-testid={`${testId}-month`} />
          <Select
            style={{ width: 96 }}
            value={p?.key.endsWith('H2') ? 'H2' : 'H1'}
            onChange={(h) => onChange(periodKey('half_month', day(first.date(h === 'H2' ? 16 : 1))))}
            options={[
              { value: 'H1', label: t('score.period.h1') },
              { value: 'H2', label: t('score.period.h2') },
            ]}
            data-testid={`${testId}-half`}
          />
        </Space.Compact>
      );
      break;
    case 'iso_week':
      // The picked day's ISO week (Monday first): the engine decides the week, not dayjs's locale.
      picker = <DatePicker picker="week" allowClear={false} value={first} onChange={(d) => d && onChange(periodKey('iso_week', day(d)))} format={() => value} data-testid={`${testId}-week`} />;
      break;
    case 'month':
      picker = <DatePicker picker="month" allowClear={false} value={first} onChange={(d) => d && onChange(periodKey('month', day(d)))} data-testid={`${testId}-month`} />;
      break;
    case 'quarter':
      picker = <DatePicker picker="quarter" allowClear={false} value={first} onChange={(d) => d && onChange(periodKey('quarter', day(d)))} format={() => value} data-testid={`${testId}-quarter`} />;
      break;
    case 'year':
      picker = <DatePicker picker="year" allowClear={false} value={first} onChange={(d) => d && onChange(periodKey('year', day(d)))} data-testid={`${testId}-year`} />;
      break;
    case 'custom':
      picker = (
        <DatePicker.RangePicker
          allowClear={false}
          value={[first, last]}
          onChange={(v) => v && v[0] && v[1] && onChange(periodKey('custom', day(v[0]), day(v[1])))}
          data-testid={`${testId}-range`}
        />
      );
      break;
  }

  return (
    <Space size={4} wrap data-testid={testId} data-period={value}>
      <Select<PeriodKind> style={{ width: 104 }} value={kind} onChange={setKind} options={kinds.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))} data-testid={`${testId}-kind`} />
      <Tooltip title={t('score.period.prev')}>
        <Button icon={<LeftOutlined />} aria-label={t('score.period.prev')} onClick={() => p && onChange(shiftPeriod(value, -1))} data-testid={`${testId}-prev`} />
      </Tooltip>
      {picker}
      <Tooltip title={t('score.period.next')}>
        <Button icon={<RightOutlined />} aria-label={t('score.period.next')} onClick={() => p && onChange(shiftPeriod(value, 1))} data-testid={`${testId}-next`} />
      </Tooltip>
    </Space>
  );
}
