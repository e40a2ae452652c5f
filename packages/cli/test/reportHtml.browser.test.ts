import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

/*
 * Opens the HTML report in a headless Chromium that is already installed (driven by
 * playwright-core, never a downloaded browser) and checks what a person would see. The test never
 * installs anything: `.ci/chromium.sh` does that in CI (Debian's package) and sets
 * TLKIT_CHROMIUM, which also makes a missing browser a failure there instead of a skip. The
 * screenshot is kept in test-artifacts/.
 */

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(packageDir, 'test-artifacts');
const CHROMIUM = findChromium();
if (CHROMIUM === undefined) {
  console.warn(
    'reportHtml.browser.test.ts: no Chromium found (set TLKIT_CHROMIUM, or install Debian\'s chromium: ' +
      'sudo apt-get install -y --no-install-recommends chromium): the HTML report browser test is skipped.',
  );
}

/** @returns TLKIT_CHROMIUM when set (it must exist), else the first Chromium found in the usual places */
function findChromium(): string | undefined {
  const configured = process.env['TLKIT_CHROMIUM'];
  if (configured !== undefined && configured !== '') {
    if (!existsSync(configured)) throw new Error(`TLKIT_CHROMIUM=${configured}: no such file`);
    return configured;
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'].find((candidate) =>
    existsSync(candidate),
  );
}

let context: BrowserContext;
let userDataDir: string;
let htmlFile: string;

beforeAll(async () => {
  if (CHROMIUM === undefined) return;
  mkdirSync(artifacts, { recursive: true });
  htmlFile = path.join(artifacts, 'report.html');
  let stderr = '';
  const code = await runCli(['report', path.join(packageDir, 'test/fixtures/audit/series.jsonl'), '--format', 'html', '--output', htmlFile], {
    cwd: packageDir,
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  });
  expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
  userDataDir = mkdtempSync(path.join(tmpdir(), 'tlkit-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
});

describe.skipIf(CHROMIUM === undefined)('HTML report in headless Chromium', () => {
  it('renders the chart and the findings table, loads nothing from outside, and is kept as a screenshot', async () => {
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const url = pathToFileURL(htmlFile).href;
    await page.goto(url);

    await expect(page.title()).resolves.toBe('tlkit audit report: series.jsonl');
    // The chart: laid out with a real size, one line per ThreadLocal site, a point per report and site.
    const chart = page.locator('svg.chart');
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(600);
    expect(box?.height).toBeGreaterThan(200);
    expect(await page.locator('svg.chart polyline.series').count()).toBe(3);
    expect(await page.locator('svg.chart circle.point').count()).toBe(5 + 3 + 6);
    const lineBox = await page.locator('svg.chart polyline.series').first().boundingBox();
    expect(lineBox?.width).toBeGreaterThan(100);
    expect(await page.locator('.legend li').allInnerTexts()).toEqual([
      expect.stringContaining('src/session/SessionCache.ts:14:29'),
      expect.stringContaining('src/auth/RequestUser.ts:5:28'),
      expect.stringContaining('src/db/TransactionManager.ts:8:34'),
    ]);
    // The table: one row per merged finding, counts visible.
    const rows = page.locator('table.findings tbody tr');
    expect(await rows.count()).toBe(5);
    expect(await rows.first().locator('td').first().innerText()).toBe('stale-entry');
    expect(await rows.first().locator('td').nth(1).innerText()).toBe('15');
    expect(await page.locator('.card .value').first().innerText()).toBe('5');

    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'report.png'), fullPage: true });
    writeFileSync(path.join(artifacts, 'README.txt'), 'Written by test/reportHtml.browser.test.ts; not committed.\n');
  });
});
