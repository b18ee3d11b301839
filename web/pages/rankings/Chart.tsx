/**
 * One ECharts chart (points over time as a line, points by item as a bar). ECharts is imported when
 * the chart mounts (./echarts.ts), so pages without charts never load it. Labels and tooltips show
 * the API's exact decimal strings.
 */
import { useEffect, useRef, useState } from 'react';
import { Spin } from 'antd';
import type { BarSpec, LineSpec } from './chart-data';

type ECharts = { setOption: (o: unknown, notMerge?: boolean) => void; resize: () => void; dispose: () => void };
const COLORS = ['#c0392b', '#1677ff', '#52c41a', '#faad14', '#722ed1', '#13c2c2', '#eb2f96', '#fa8c16', '#2f54eb', '#a0d911'];

type TooltipParam = { seriesName: string; name: string; marker: string; data: { text: string } };

function optionOf(spec: LineSpec | BarSpec) {
  const tooltipLines = (ps: TooltipParam[]) => [ps[0]?.name ?? '', ...ps.map((p) => `${p.marker}${p.seriesName ? `${p.seriesName}：` : ''}${p.data.text}`)].join('<br/>');
  if (spec.kind === 'line') {
    return {
      color: COLORS,
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', formatter: tooltipLines },
      xAxis: { type: 'category', data: spec.categories, boundaryGap: false },
      yAxis: { type: 'value', minInterval: 0.1 },
      series: spec.series.map((s, i) => ({
        name: s.name,
        type: 'line',
        smooth: false,
        symbolSize: i === 0 ? 7 : 5,
        lineStyle: { width: i === 0 ? 3 : 1.5 },
        data: s.points.map((p) => ({ value: p.value, text: p.text })),
      })),
    };
  }
  return {
    color: COLORS,
    grid: { left: 48, right: 24, top: 24, bottom: 64 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: TooltipParam[]) => {
        const i = spec.categories.indexOf(ps[0]?.name ?? '');
        const max = i >= 0 ? spec.maxes?.[i] : null;
        return `${ps[0]?.name ?? ''}<br/>${ps[0]?.marker ?? ''}${ps[0]?.data.text ?? ''}${max ? ` / ${max}` : ''}`;
      },
    },
    xAxis: { type: 'category', data: spec.categories, axisLabel: { interval: 0, rotate: spec.categories.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: [
      {
        type: 'bar',
        barMaxWidth: 36,
        label: { show: true, position: 'top', formatter: (p: { data: { text: string } }) => p.data.text },
        data: spec.points.map((p) => ({ value: p.value, text: p.text })),
      },
    ],
  };
}

export function Chart({ spec, height = 280, testId }: { spec: LineSpec | BarSpec; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let gone = false;
    let observer: ResizeObserver | null = null;
    void import('./echarts').then(({ echarts }) => {
      if (gone || !el.current) return;
      chart.current = echarts.init(el.current) as unknown as ECharts;
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(el.current);
      setReady(true);
    });
    return () => {
      gone = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(optionOf(spec), true);
  }, [ready, spec]);

  return (
    <Spin spinning={!ready}>
      <div ref={el} style={{ width: '100%', height }} data-testid={testId} data-ready={ready ? '1' : '0'} />
    </Spin>
  );
}
