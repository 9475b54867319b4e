import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`, done by .ci/run), driven by playwright-core: nothing is downloaded.
 * CHROMIUM_PATH points elsewhere when the browser lives elsewhere.
 */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium at ${candidates.join(', ')}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // As root in a container Chromium needs --no-sandbox; a CI machine has no GPU.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** An axe-core finding as the specs report it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

let axeSource: string | undefined;
const AXE_SOURCE = () => (axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/**
 * Runs axe-core (injected from its npm package, not a CDN) on the page as it is now and answers its serious and
 * critical violations (WCAG 2.x A and AA rules, and axe's best practices).
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol: the page's Content-Security-Policy (scripts from itself only) stays on.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE());
  const violations = await page.evaluate(async () => {
    // Runs in the page (the project's TypeScript has no DOM types: the globals are reached through globalThis).
    const page = globalThis as unknown as { document: unknown; axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Where screenshots of the main pages go (docs/screenshots, shown in the README). */
export const SCREENSHOTS_DIR = resolve(__dirname, '..', '..', 'docs', 'screenshots');

/** Saves a screenshot of the whole page as docs/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return path;
}
