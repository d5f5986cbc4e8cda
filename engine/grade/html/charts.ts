// Horizontal bar charts as inline SVG: one bar per row, its pass rate as the bar's length and as
// text. No chart library and nothing loaded: the report must work offline, from a file.
import { escapeHtml, truncate } from './escape';
import { rateOf, type Rate } from './stats';

/** Layout in SVG user units; the SVG scales to the page width through its viewBox. */
const LAYOUT = { width: 760, rowHeight: 26, labelWidth: 380, barWidth: 270, labelChars: 54, pad: 4 } as const;

export const percentText = (r: Pick<Rate, 'passed' | 'total'>): string => (r.total > 0 ? `${Math.round(rateOf(r) * 100)}%` : '—');

/** One bar chart. `name` tags it for styling and tests; every row carries its numbers as data attributes. */
export function barChart(name: string, title: string, rows: Rate[]): string {
  if (rows.length === 0) return `<p class="empty" data-chart="${escapeHtml(name)}">Nothing to chart: no learner report holds any.</p>`;
  const { width, rowHeight, labelWidth, barWidth, labelChars, pad } = LAYOUT;
  const height = rows.length * rowHeight;
  const bars = rows.map((r, i) => {
    const y = i * rowHeight;
    const w = Math.round(rateOf(r) * barWidth);
    const level = r.total === 0 ? 'none' : rateOf(r) >= 0.8 ? 'good' : rateOf(r) >= 0.5 ? 'mid' : 'low';
    const tip = `${r.group ? `${r.group} — ` : ''}${r.label}: ${r.passed} of ${r.total} passed${r.skipped ? `, ${r.skipped} skipped` : ''}`;
    return [
      `<g class="bar ${level}" data-key="${escapeHtml(r.key)}" data-passed="${r.passed}" data-total="${r.total}">`,
      `<title>${escapeHtml(tip)}</title>`,
      `<text class="label" x="0" y="${y + rowHeight / 2}" dominant-baseline="middle">${escapeHtml(truncate(r.label, labelChars))}</text>`,
      `<rect class="track" x="${labelWidth}" y="${y + pad}" width="${barWidth}" height="${rowHeight - 2 * pad}" rx="3"></rect>`,
      `<rect class="fill" x="${labelWidth}" y="${y + pad}" width="${w}" height="${rowHeight - 2 * pad}" rx="3"></rect>`,
      `<text class="value" x="${labelWidth + barWidth + 8}" y="${y + rowHeight / 2}" dominant-baseline="middle">${percentText(r)} (${r.passed}/${r.total})</text>`,
      `</g>`,
    ].join('');
  });
  return `<svg class="chart" data-chart="${escapeHtml(name)}" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>`;
}
