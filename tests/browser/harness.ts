import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Shared set-up of the browser suites: Debian's chromium driven by playwright-core.
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const root = fileURLToPath(new URL('../../', import.meta.url));
/** Git-ignored folder where the screenshots for review are written. */
export const SCREENSHOTS = join(root, 'screenshots');
/** SCREENSHOT_SCHEME=dark runs the browser suites in the dark theme, for looking at their screenshots. */
const SCHEME = process.env.SCREENSHOT_SCHEME === 'dark' ? 'dark' : 'light';

/** Builds the web app when web/dist is missing or stale (npm install and npm start do the same). */
export function ensureWebBuilt(): void {
  execFileSync(process.execPath, [join(root, 'web/build-if-stale.mjs'), '--quiet'], { stdio: 'inherit', env: { ...process.env, CI: 'true' } });
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export async function newContext(
  browser: Browser,
  baseURL: string,
  opts: { locale?: string; viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    colorScheme: SCHEME,
    locale: opts.locale ?? 'en-GB',
    viewport: opts.viewport ?? PHONE,
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    serviceWorkers: 'allow',
  });
}

/** Writes `<name>-<width>x<height>.png` (`-dark` added in the dark theme) under screenshots/. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const v = page.viewportSize();
  const suffix = SCHEME === 'dark' ? '-dark' : '';
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${v?.width}x${v?.height}${suffix}.png`), fullPage: false });
}

/** Fails the test with what the page logged when something in the browser throws. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/**
 * A test server and a browser for one suite: started (web app built) before its tests, closed after. Call inside
 * `describe`; read `suite.t` and `suite.browser` in the tests.
 */
export function browserSuite(overrides: Partial<Config> = {}): { readonly t: TestServer; readonly browser: Browser } {
  const state: { t?: TestServer; browser?: Browser } = {};
  beforeAll(async () => {
    ensureWebBuilt();
    state.t = await startTestServer(overrides);
    state.browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await state.browser?.close();
    await state.t?.close();
  });
  return {
    get t() {
      return state.t!;
    },
    get browser() {
      return state.browser!;
    },
  };
}

/** A page in a context of its own, signed in with `token` (as the web app keeps it), and the errors it throws. */
export async function signedInPage(
  browser: Browser,
  baseURL: string,
  token: string,
  opts: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await newContext(browser, baseURL, opts);
  await context.addInitScript((tok) => localStorage.setItem('tribune.token', tok), token);
  const page = await context.newPage();
  return { context, page, errors: collectErrors(page) };
}

// A 1x1 PNG, served as a linked page's og:image.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/**
 * A site on another origin (another port) that posts link to: every path answers `head` as an HTML page, and
 * /pixel.png the image its og:image names. The card's image comes straight from it.
 */
export async function startLinkedSite(head: string): Promise<{ base: string; close(): Promise<void> }> {
  const pages = createServer((req, res) => {
    if (req.url === '/pixel.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(PIXEL);
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<html lang="en"><head>${head}<meta property="og:image" content="/pixel.png"></head></html>`);
  });
  await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(pages.address() as AddressInfo).port}`,
    async close() {
      pages.closeAllConnections();
      await new Promise((r) => pages.close(r));
    },
  };
}

/**
 * A web client on an origin of its own (http://localhost:<another port>, the API being on 127.0.0.1), as Phanpy or
 * Elk is: its page defines `window.api(method, url, {token, json})`, a plain cross-origin fetch answering
 * `{status, headers, body}` (every header the browser lets the page read, names in lower case), or
 * `{error}` when the browser refused the request.
 */
export async function startClientOrigin(): Promise<{ base: string; close(): Promise<void> }> {
  const script = `window.api = async (method, url, opts = {}) => {
    const headers = {};
    if (opts.token) headers.Authorization = 'Bearer ' + opts.token;
    if (opts.json !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const res = await fetch(url, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
      const text = await res.text();
      let body = text;
      try { body = JSON.parse(text); } catch {}
      return { status: res.status, headers: Object.fromEntries(res.headers), body };
    } catch (e) {
      return { error: String(e) };
    }
  };`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>A client</title><script>${script}</script></head><body>client</body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://localhost:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Console messages a page logs about CORS (a refused preflight or a missing header). */
export function collectCorsErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /CORS|Access-Control/i.test(m.text())) errors.push(m.text());
  });
  page.on('requestfailed', (r) => errors.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  return errors;
}

let axeSource: string | null = null;

/**
 * axe-core's serious and critical violations on the page as it is now, one line each (rule, then the elements).
 * `label-content-name-mismatch` is experimental in axe and off by default: it is turned on, as the issue found it.
 */
export async function axeViolations(page: Page, opts: { exclude?: string[] } = {}): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, so the page's Content-Security-Policy does not stand in the way.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async (exclude) => {
    const axe = (window as unknown as { axe: any }).axe;
    const res = await axe.run(
      { include: [document], exclude: exclude.map((s) => [s]) },
      { rules: { 'label-content-name-mismatch': { enabled: true } }, resultTypes: ['violations'] },
    );
    return (res.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>)
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 5)
            .join(', ')}`,
      );
  }, opts.exclude ?? []);
  return found;
}
