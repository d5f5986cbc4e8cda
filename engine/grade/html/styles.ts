// The report's only style sheet, inlined (allowed by its hash in the page's Content-Security-Policy).
export const STYLES = `
:root { color-scheme: light; --good: #2f7d32; --mid: #c78a00; --low: #c62828; --ink: #1d2329; --dim: #5f6b76; --line: #d9dee3; --track: #eef1f4; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { margin-top: 2em; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { margin: 0; }
.meta, .dim { color: var(--dim); }
.summary { display: flex; gap: 16px; flex-wrap: wrap; margin: 16px 0; }
.summary div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.summary b { display: block; font-size: 1.6em; }
.chart { display: block; max-width: 100%; font-size: 12px; margin: 8px 0 16px; }
.chart .label, .chart .value { fill: var(--ink); }
.chart .track { fill: var(--track); }
.chart .good .fill { fill: var(--good); } .chart .mid .fill { fill: var(--mid); } .chart .low .fill { fill: var(--low); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
td:nth-child(2) { white-space: nowrap; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort=ascending] button::after { content: " ▲"; } th[aria-sort=descending] button::after { content: " ▼"; }
.status-passed { color: var(--good); } .status-failed { color: var(--low); } .status-error { color: var(--mid); }
.learner { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.learner ul { margin: 4px 0; padding-left: 20px; }
.reflection { white-space: pre-wrap; overflow-wrap: anywhere; background: #f7f8fa; border-left: 3px solid var(--line); padding: 8px 12px; margin: 4px 0 12px; }
.problems li, .finding { overflow-wrap: anywhere; }
code { font-size: 0.92em; }
@media print { .learner { break-inside: avoid; } }
`;
