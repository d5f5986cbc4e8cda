// The HTML report in a real browser: Debian's headless Chromium driven by playwright-core. It opens
// the written file, reads what a person would see, clicks a column to sort, and fails on any console
// error (a CSP violation is one), page error or request: the report must need nothing but itself.
// Skipped, saying why, only when playwright-core or the chromium binary is not installed (and
// ECS_LAB_BROWSER_TEST is not `required`).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAME, sampleInput } from './fixtures';
import { renderHtmlReport } from './render';

/** Debian's package (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The parts of playwright-core this test uses (typed here so the suite compiles before it is installed). */
interface Page {
  on(event: 'console', fn: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', fn: (e: Error) => void): void;
  on(event: 'request' | 'requestfailed', fn: (r: { url(): string }) => void): void;
  goto(url: string): Promise<unknown>;
  click(selector: string): Promise<void>;
  evaluate<T>(fn: () => T): Promise<T>;
  $$eval<T>(selector: string, fn: (els: DomElement[]) => T): Promise<T>;
  textContent(selector: string): Promise<string | null>;
  screenshot(opts: { path: string; fullPage: boolean }): Promise<unknown>;
}
/** What the callbacks below read of a DOM element (the project compiles without the DOM library). */
interface DomElement {
  textContent: string | null;
  getBBox(): { width: number };
}
/** The page's globals, as the callbacks below use them. */
interface PageGlobals {
  __pwned?: number;
  document: { querySelectorAll(selector: string): { length: number }; scripts: { length: number } };
}

interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface PlaywrightCore {
  chromium: { launch(opts: { executablePath: string; headless: boolean; args?: string[] }): Promise<Browser> };
}

// A computed specifier: the type checker does not look for the package, the runtime does.
const PACKAGE = 'playwright-core';
const playwright = (await import(/* @vite-ignore */ PACKAGE).catch(() => undefined)) as PlaywrightCore | undefined;
const missing = !playwright
  ? 'playwright-core is not installed (add it as a devDependency)'
  : !existsSync(CHROMIUM)
    ? `no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`
    : undefined;
if (missing) console.warn(`report.browser.test.ts skipped: ${missing}`);

// CI sets ECS_LAB_BROWSER_TEST=required (.ci/run), so a runner without the browser fails instead of skipping quietly.
it.runIf(missing !== undefined && process.env.ECS_LAB_BROWSER_TEST === 'required')('has playwright-core and chromium when ECS_LAB_BROWSER_TEST=required', () => {
  expect.fail(`the browser test is required here but cannot run: ${missing}`);
});

describe.skipIf(missing !== undefined)(`the HTML report in headless Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-report-html-'));
  const file = join(dir, 'report.html');
  const url = pathToFileURL(file).href;

  beforeAll(async () => {
    writeFileSync(file, renderHtmlReport(sampleInput()));
    // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
    browser = await playwright!.chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
  }, 60_000);

  afterAll(async () => {
    if (page) {
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      console.log(`report.browser.test.ts: screenshot at ${join(dir, 'report.png')}`);
    }
    await browser?.close();
    // Asserted last, so a console error from a click is caught too.
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });

  const column = (n: number) => page.$$eval(`#learners tbody tr td:nth-child(${n})`, (tds) => tds.map((td) => td.textContent ?? ''));

  it('shows the class numbers and the charts', async () => {
    expect(await page.textContent('[data-summary="total"] b')).toBe('4');
    expect(await page.textContent('[data-summary="passed"] b')).toBe('1');
    expect(await page.textContent('[data-summary="errored"] b')).toBe('1');
    expect(await page.textContent('svg[data-chart="labs"] .value')).toBe('25% (1/4)');
    expect(await page.textContent('svg[data-chart="checks"] [data-key="iam.task-role-least-privilege"] .value')).toBe('33% (1/3)');
    // The bar is drawn to scale: a third of the track.
    const widths = await page.$$eval('svg[data-chart="checks"] [data-key="iam.task-role-least-privilege"] rect', (rs) => rs.map((r) => r.getBBox().width));
    expect(widths[1] / widths[0]).toBeCloseTo(1 / 3, 1);
    expect(await page.textContent('#hardest-list li:first-child code')).toBe('iam.task-role-least-privilege');
  });

  it('sorts the learners by a column on click, and reverses on a second click', async () => {
    expect(await column(4)).toEqual(['7/7', '2/7', '3/7', '—']); // the class report's order
    await page.click('#learners th:nth-child(4) button'); // points, ascending; ungraded last
    expect(await column(4)).toEqual(['2/7', '3/7', '7/7', '—']);
    await page.click('#learners th:nth-child(7) button'); // time spent, ascending
    expect(await column(7)).toEqual(['5 min', '30 min', '1 h 35 min', '—']);
    await page.click('#learners th:nth-child(7) button'); // descending; unknown stays last
    expect(await column(7)).toEqual(['1 h 35 min', '30 min', '5 min', '—']);
    await page.click('#learners th:nth-child(6) button'); // hints, ascending
    expect(await column(6)).toEqual(['0', '1', '2', '—']);
  });

  it('shows a hostile learner name and reflection as text, running none of it', async () => {
    const names = await column(1);
    expect(names).toContain(HOSTILE_NAME);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelectorAll('img, section script, a[href^="http"]').length)).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.scripts.length)).toBe(1);
  });
});
