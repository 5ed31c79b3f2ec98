// Page screenshots: every test run writes test-artifacts/screenshots/<name>.png (git-ignored);
// with E2E_UPDATE_DOCS=1 the same shots also replace docs/screenshots/ (the README tour).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'screenshots');
const DOCS = path.join(ROOT, 'docs', 'screenshots');

/** `docs: false` keeps a shot out of the README tour. */
export async function screenshot(page: Page, name: string, opts: { docs?: boolean } = {}): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  if (process.env.E2E_UPDATE_DOCS === '1' && opts.docs !== false) {
    fs.mkdirSync(DOCS, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS, `${name}.png`));
  }
  return file;
}
