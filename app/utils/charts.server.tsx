/**
 * Charts drawn on the server with recharts and sent as SVG markup: fixed size (so they print and need no
 * JavaScript), never hydrated (recharts makes random element ids, which would not match in the browser),
 * and kept out of the browser bundle. Each chart sits beside a table of the same figures, which is the
 * accessible version; the SVG itself is hidden from screen readers.
 */
import { createRequire } from "node:module";

import { renderToStaticMarkup } from "react-dom/server";
import type * as Recharts from "recharts";

/**
 * recharts (with d3) is loaded the first time a chart is drawn, not when the server starts: it is half a
 * second of CPU that a server not asked for a report (or not yet) need not spend.
 */
let recharts: typeof Recharts | undefined;
const charts = () => (recharts ??= createRequire(import.meta.url)("recharts") as typeof Recharts);

const BLUE = "#1d4f7a";
const PALETTE = ["#1d4f7a", "#5694ca", "#f3b71a", "#6f777b", "#d4351c", "#00703c", "#912b88"];
const FONT = { fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", fontSize: 14, fill: "#0b0c0c" };

/**
 * Drawing a chart with recharts costs about 10 ms, and the same figures are drawn again and again: the report
 * is reopened, printed as a paper, filtered and unfiltered. A chart is a pure function of its figures, so
 * keeping the most recent drawings keyed by those figures can never show a stale chart.
 */
const drawn = new Map<string, string>();
const DRAWN_LIMIT = 500;
function memo(key: unknown, draw: () => string): string {
  const k = JSON.stringify(key);
  const hit = drawn.get(k);
  if (hit !== undefined) {
    drawn.delete(k);
    drawn.set(k, hit);
    return hit;
  }
  const svg = draw();
  drawn.set(k, svg);
  if (drawn.size > DRAWN_LIMIT) drawn.delete(drawn.keys().next().value!);
  return svg;
}

/** SVG properties that may be written as attributes, which a Content-Security-Policy does not count as styles. */
const PRESENTATION = new Set(["fill", "stroke", "stroke-width", "font-family", "font-size", "font-weight", "text-anchor", "opacity"]);
const HTML_TAGS = new Set(["div", "ul", "li", "span", "p"]);

/**
 * recharts writes its layout as inline `style` attributes, which the pages' Content-Security-Policy refuses.
 * On SVG elements each presentation property becomes an attribute (fonts and fills on labels); everything else,
 * and every style on recharts' HTML wrappers, is dropped: app.scss lays those out by class.
 */
export function withoutInlineStyles(markup: string): string {
  return markup.replace(/<([a-zA-Z]+)([^>]*?)\sstyle="([^"]*)"/g, (_, tag: string, attributes: string, css: string) => {
    if (HTML_TAGS.has(tag)) return `<${tag}${attributes}`;
    const presentation = css
      .split(";")
      .map((declaration) => declaration.split(":").map((part) => part.trim()) as [string, string])
      .filter(([property, value]) => value && PRESENTATION.has(property) && !new RegExp(`\\s${property}=`).test(attributes))
      .map(([property, value]) => ` ${property}="${value}"`)
      .join("");
    return `<${tag}${attributes}${presentation}`;
  });
}

const truncate = (s: string, n = 34) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Horizontal bars, one per answer, labelled with the count and percentage. */
export function barChartSvg(
  data: Array<{ label: string; value: number; note?: string }>,
  { width = 640, unit = "" }: { width?: number; unit?: string } = {},
): string {
  return memo(["bar", data, width, unit], () => drawBars(data, width, unit));
}

function drawBars(data: Array<{ label: string; value: number; note?: string }>, width: number, unit: string): string {
  const { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } = charts();
  const height = Math.max(80, data.length * 36 + 40);
  return withoutInlineStyles(
    renderToStaticMarkup(
      <BarChart
        width={width}
        height={height}
        data={data.map((d) => ({ ...d, label: truncate(d.label), text: d.note ?? `${d.value}${unit}` }))}
        layout="vertical"
        margin={{ top: 8, right: 80, bottom: 8, left: 8 }}
      >
        <CartesianGrid horizontal={false} stroke="#e5e6e7" />
        <XAxis type="number" allowDecimals={false} tick={FONT} stroke="#6f777b" />
        <YAxis type="category" dataKey="label" width={250} tick={FONT} stroke="#6f777b" interval={0} />
        <Bar dataKey="value" fill={BLUE} isAnimationActive={false} barSize={22}>
          <LabelList dataKey="text" position="right" style={FONT} />
        </Bar>
      </BarChart>,
    ),
  );
}

/** A grid question: one 100% bar per row, split by answer. */
export function stackedChartSvg(
  rows: Array<{ row: string; parts: Array<{ label: string; percent: number }> }>,
  options: string[],
  { width = 640 }: { width?: number } = {},
): string {
  const data = rows.map((r) => ({ row: truncate(r.row), ...Object.fromEntries(r.parts.map((p) => [p.label, p.percent])) }));
  return memo(["stacked", data, options, width], () => drawStacked(data, options, width));
}

function drawStacked(data: Array<Record<string, string | number>>, options: string[], width: number): string {
  const { Bar, BarChart, CartesianGrid, Legend, XAxis, YAxis } = charts();
  const height = Math.max(120, data.length * 40 + 80);
  return withoutInlineStyles(
    renderToStaticMarkup(
      <BarChart width={width} height={height} data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid horizontal={false} stroke="#e5e6e7" />
        <XAxis type="number" domain={[0, 100]} unit="%" tick={FONT} stroke="#6f777b" />
        <YAxis type="category" dataKey="row" width={250} tick={FONT} stroke="#6f777b" interval={0} />
        <Legend wrapperStyle={FONT} />
        {options.map((option, i) => (
          <Bar key={option} dataKey={option} stackId="a" fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} barSize={24} />
        ))}
      </BarChart>,
    ),
  );
}

/**
 * Draws charts of each kind a few times, outside the memo. The server calls this once it is listening, so
 * the first report opened after a restart does not pay for recharts' first renders (module set-up and JIT:
 * about 70 ms of that first view on a 2-core machine, docs/benchmarks.md).
 */
export function warmUpCharts() {
  const options = ["Extremely useful", "Very useful", "Quite useful", "Not very useful", "Not at all useful"];
  for (let i = 0; i < 5; i++) {
    drawBars(
      options.map((label, n) => ({ label, value: 10 * n + i, note: `${10 * n + i} (${2 * n}%)` })),
      640,
      "",
    );
    drawStacked(
      [
        { row: "Before", ...Object.fromEntries(options.map((o, n) => [o, 20 + n + i])) },
        { row: "After", ...Object.fromEntries(options.map((o, n) => [o, 20 - n])) },
      ],
      options,
      640,
    );
  }
}

type ChartableQuestion = {
  id: number;
  type: string;
  distribution: Array<{ label: string; count: number; percent: { value: number | null } }>;
  grid: Array<{ row: string; counts: Array<{ label: string; percent: { value: number | null } }> }>;
  ranking: Array<{ option: string; points: number }>;
  answered: number;
};

/** A chart for every question that has figures: distributions, grids (stacked) and rankings (points). */
export function chartsFor(questions: ChartableQuestion[]): Record<number, string | null> {
  return Object.fromEntries(
    questions.map((q) => {
      if (!q.answered) return [q.id, null];
      if (q.grid.length) {
        return [
          q.id,
          stackedChartSvg(
            q.grid.map((g) => ({ row: g.row, parts: g.counts.map((c) => ({ label: c.label, percent: c.percent.value ?? 0 })) })),
            q.grid[0]!.counts.map((c) => c.label),
          ),
        ];
      }
      if (q.ranking.length)
        return [q.id, barChartSvg(q.ranking.map((r) => ({ label: r.option, value: r.points, note: `${r.points} points` })))];
      if (q.distribution.length) {
        return [
          q.id,
          barChartSvg(q.distribution.map((d) => ({ label: d.label, value: d.count, note: `${d.count} (${d.percent.value ?? 0}%)` }))),
        ];
      }
      return [q.id, null];
    }),
  );
}
