// Real-browser gates for built sites, in Debian's headless Chromium driven by
// playwright-core: every page loads from disk (file://) and over HTTP with no
// console error and no failed request, axe-core finds no WCAG 2.1 A/AA
// violation, and the overview, State pages, language switcher and standalone
// file work. Run by .ci/run:  SITES=dir1:dir2 node --test .ci/browser.test.mjs
// The HTTP check loads every page HTTP_REPEAT times (default 2, each round on a
// new origin), waiting for the network to be idle after each, so that a late
// request (a browser's own /favicon.ico) is counted against the page that made
// it; the server also reports every address it could not answer, with the page
// that asked. A failure names each URL, in one line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const sites = (process.env.SITES ?? 'site').split(':').filter(Boolean).map((d) => path.resolve(d));
const shots = path.resolve(process.env.SCREENSHOTS ?? 'target/screenshots');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const httpRepeat = Math.max(1, Number.parseInt(process.env.HTTP_REPEAT ?? '2', 10) || 1);
const httpTabs = 8;

let browser;

// launch() starts Chromium with a fresh temporary profile, removed on close.
before(async () => {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** Every HTML file of a site, relative paths, sorted. */
function htmlFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.html')) out.push(path.relative(root, full));
    }
  };
  walk(root);
  return sampleArchive(out);
}

/** Every page of the current edition (the site root) and of the fixtures, and a
 *  sample of each archived edition (`editions/<id>/`): its overview, changes and
 *  sources pages and one State page, in each language. */
function sampleArchive(files) {
  const seen = new Set();
  return files.filter((rel) => {
    const m = rel.match(/^editions\/([^/]+)\/(([a-z]{2})\/)?(.*)$/);
    if (!m) return true;
    const [, id, , lang = '', page] = m;
    if (/^(index|changes|sources|overview-standalone)\.html$/.test(page)) return true;
    const key = `${id}/${lang}/${page.split('/')[0]}`;
    if (page.startsWith('states/') && !seen.has(key)) {
      seen.add(key);
      return true;
    }
    return false;
  });
}

/** A page that records console errors and failed requests, each with its URL. */
async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // A failed load's message ("Failed to load resource: ... 404") names no URL; its location does.
    const at = m.location()?.url;
    problems.push(`console error: ${m.text()}${at ? ` (${at})` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A request still in flight when the test moves to the next page is aborted, not failed.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed request: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { page, problems };
}

/** Text as extracted from a PDF and as written, made comparable: compatibility forms
 *  folded (Arabic presentation forms), and no bidi controls, Arabic vowel marks, spaces,
 *  or the letters of the lam-alef ligature (pdftotext puts spaces around marks, wraps
 *  right-to-left runs in controls, and extracts the ligature as alef then lam). */
function comparable(text) {
  return text
    .normalize('NFKC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\u064b-\u065f\u0670]/g, '')
    .replace(/[\u0627\u0644]/g, '')
    .replace(/\s+/g, '');
}

function shotName(site, rel) {
  return path.join(shots, path.basename(site), rel.replaceAll('/', '_').replace(/\.html$/, '.png'));
}

for (const site of sites) {
  const name = path.basename(site);

  test(`${name}: every page loads from disk with no error and no WCAG 2.1 A/AA violation`, async () => {
    const files = htmlFiles(site);
    assert.ok(files.length > 0, `no HTML file in ${site}`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await watchedPage(context);
    const violations = [];
    const shotStates = new Set();
    for (const rel of files) {
      problems.length = 0;
      await page.goto(`file://${path.join(site, rel)}`, { waitUntil: 'load' });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { preload: false, runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      for (const v of result) violations.push(`${rel}: ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
      assert.ok(problems.length === 0, `${rel} from disk: ${problems.join('; ')}`);
      const lang = rel.match(/^([a-z]{2})\//)?.[1] ?? '';
      const isState = rel.includes('states/');
      if (/(^|\/)(index|sources|data-gaps|overview-standalone)\.html$/.test(rel) || (isState && !shotStates.has(lang))) {
        if (isState) shotStates.add(lang);
        fs.mkdirSync(path.dirname(shotName(site, rel)), { recursive: true });
        await page.screenshot({ path: shotName(site, rel), fullPage: true });
      }
    }
    await context.close();
    console.log(`axe: ${violations.length} violations in ${files.length} pages (${name})`);
    assert.deepEqual(violations, [], 'axe-core WCAG 2.1 A/AA violations');
  });

  test(`${name}: pages load over HTTP with no error (${httpRepeat}x)`, async () => {
    // Every address the server could not answer, with the page that asked for it.
    const unanswered = [];
    const server = http.createServer((req, res) => {
      const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      const file = path.join(site, url.endsWith('/') ? `${url}index.html` : url);
      if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        unanswered.push(`${req.url} (asked by ${req.headers.referer ?? 'no referer'})`);
        res.writeHead(404).end('not found');
        return;
      }
      const type = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.json': 'application/json', '.csv': 'text/csv', '.svg': 'image/svg+xml', '.js': 'text/javascript' }[path.extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
    });
    const files = htmlFiles(site).filter((r) => !r.endsWith('404.html'));
    const failures = [];
    for (let round = 1; round <= httpRepeat; round += 1) {
      // Each round on a new port, so a new origin, in a new context: the browser keeps
      // no icon, failure or cache from the round before. Tabs load pages side by side,
      // each moving on only once the network is idle, so that whatever a page asks
      // for, even after its load event, is counted against it (and the server names
      // the asking page of any address it cannot answer).
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${server.address().port}/`;
      const context = await browser.newContext();
      const queue = [...files];
      const worker = async () => {
        const { page, problems } = await watchedPage(context);
        for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) {
          problems.length = 0;
          try {
            await page.goto(base + rel, { waitUntil: 'networkidle' });
          } catch (e) {
            problems.push(`navigation: ${e.message.split('\n')[0]}`);
          }
          if (problems.length > 0) failures.push(`${rel} (round ${round}): ${problems.join('; ')}`);
        }
        await page.close();
      };
      try {
        await Promise.all(Array.from({ length: httpTabs }, worker));
      } finally {
        await context.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
    if (unanswered.length > 0) failures.push(`the server could not answer: ${unanswered.join('; ')}`);
    console.log(`http: ${httpRepeat} rounds of ${files.length} pages, ${failures.length} problems (${name})`);
    assert.ok(failures.length === 0, `${name} over HTTP: ${failures.join(' | ')}`);
  });

  test(`${name}: the overview lists every State and leads to its page`, async () => {
    const states = htmlFiles(site).filter((r) => r.startsWith('states/'));
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    await page.goto(`file://${path.join(site, 'index.html')}`);
    const rows = page.locator('table.states tbody tr');
    assert.equal(await rows.count(), states.length, 'one row per State page');
    const link = rows.first().locator('th a');
    const stateName = (await link.innerText()).trim();
    await link.click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/states\/[a-z0-9-]+\.html$/);
    assert.equal((await page.locator('h1').innerText()).trim(), stateName);
    // Every fact's source link leads to an entry of the page's source list.
    for (const cite of await page.locator('a.cite').all()) {
      const target = (await cite.getAttribute('href')).slice(1);
      assert.equal(await page.locator(`[id="${target}"]`).count(), 1, `source ${target} listed`);
    }
    assert.ok(problems.length === 0, `${name}: ${problems.join('; ')}`);
    await context.close();
  });

  test(`${name}: the language switcher leads to the same page in each language`, async (t) => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    await page.goto(`file://${path.join(site, 'states', htmlFiles(site).find((r) => r.startsWith('states/')).split('/')[1])}`);
    const alternates = page.locator('nav.languages a');
    const count = await alternates.count();
    if (count === 0) {
      t.skip('single-language site');
      await context.close();
      return;
    }
    const file = path.basename(page.url());
    for (let i = 0; i < count; i += 1) {
      const link = alternates.nth(i);
      const lang = await link.getAttribute('hreflang');
      await link.click();
      await page.waitForLoadState('load');
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      assert.equal(path.basename(page.url()), file, 'same page in the other language');
      await page.goBack();
    }
    assert.ok(problems.length === 0, `${name}: ${problems.join('; ')}`);
    await context.close();
  });

  test(`${name}: the standalone file loads nothing else`, async (t) => {
    const file = path.join(site, 'overview-standalone.html');
    if (!fs.existsSync(file)) {
      t.skip('no standalone file in this site');
      return;
    }
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    const requests = [];
    page.on('request', (r) => { if (r.url() !== `file://${file}` && !r.url().startsWith('data:')) requests.push(r.url()); });
    await page.goto(`file://${file}`);
    assert.deepEqual(requests, [], 'no request besides the file itself');
    const anchors = await page.locator('nav a[href^="#"]').count();
    assert.ok(anchors > 0, 'a table of contents with in-page anchors');
    assert.ok(problems.length === 0, `${name}: ${problems.join('; ')}`);
    await context.close();
  });

  test(`${name}: the standalone files print to clean PDFs, one State per page at least`, async (t) => {
    const files = htmlFiles(site).filter((r) => r.endsWith('overview-standalone.html') && !r.startsWith('editions/'));
    if (files.length === 0) {
      t.skip('no standalone file in this site');
      return;
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const rel of files) {
      await page.goto(`file://${path.join(site, rel)}`);
      const names = (await page.locator('.toc-states a').allInnerTexts()).map((n) => n.replace(/\s+/g, ' ').trim());
      assert.ok(names.length > 0, 'the table of contents lists the States');
      for (const format of ['A4', 'Letter']) {
        const pdf = shotName(site, rel).replace(/\.png$/, `-${format}.pdf`);
        fs.mkdirSync(path.dirname(pdf), { recursive: true });
        await page.pdf({ path: pdf, format, printBackground: false });
        const pages = Number(execFileSync('pdfinfo', [pdf]).toString().match(/^Pages:\s+(\d+)/m)[1]);
        const text = comparable(execFileSync('pdftotext', [pdf, '-']).toString());
        assert.ok(pages >= names.length + 1, `${rel} (${format}): ${pages} pages for ${names.length} States`);
        assert.ok(pages < names.length * 12, `${rel} (${format}): ${pages} pages is too many`);
        for (const n of names) assert.ok(text.includes(comparable(n)), `${rel} (${format}): the PDF text contains ${n}`);
        console.log(`pdf: ${rel} ${format}: ${pages} pages, ${names.length} States`);
      }
    }
    await context.close();
  });
}
