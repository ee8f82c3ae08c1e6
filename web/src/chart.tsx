import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

// only the charts and parts the pages use
echarts.use([BarChart, HeatmapChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent, CanvasRenderer, SVGRenderer]);

export type ChartOption = EChartsOption;

/** Saves text or a data URL as a file. */
function save(href: string, filename: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * A chart (Apache ECharts, drawn on a canvas) with its downloads: SVG (drawn again by ECharts' SVG renderer), PNG,
 * and the data as CSV from the API.
 */
export function Chart({ option, name, csv, height = 360, label }: { option: ChartOption; name: string; csv?: string; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, null, { renderer: 'canvas' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option]);
  const svg = () => {
    const width = ref.current?.clientWidth ?? 800;
    const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
    c.setOption({ animation: false, ...option });
    const text = c.renderToSVGString();
    c.dispose();
    save(URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' })), `${name}.svg`);
  };
  const png = () => chart.current && save(chart.current.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }), `${name}.png`);
  return (
    <figure className="chart">
      <div ref={ref} style={{ height }} role="img" aria-label={label} />
      <figcaption className="downloads">
        Download: <button type="button" className="link" onClick={svg}>SVG</button> · <button type="button" className="link" onClick={png}>PNG</button>
        {csv && (
          <>
            {' '}· <a href={csv} download>CSV</a>
          </>
        )}
      </figcaption>
    </figure>
  );
}
