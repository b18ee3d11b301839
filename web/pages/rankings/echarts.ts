/**
 * ECharts, only the parts the scoring charts draw (line, bar, grid, tooltip, legend, canvas). This
 * module is loaded with import() when a chart first mounts, so neither the sign-in page nor the
 * signed-in frame carries it (web/bundle-budget.test.ts).
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export { echarts };
