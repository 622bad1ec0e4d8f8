import { expect, Page, TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PASSWORD = 'a long pass phrase';

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Waits until the page has hydrated (the app flips data-hydrated once its wasm runs). */
export async function hydrated(page: Page) {
  await expect(page.locator('.app')).toHaveAttribute('data-hydrated', 'true');
}

export async function register(
  page: Page,
  person: { first: string; last: string; email: string; password?: string; phone?: string },
) {
  await page.goto('/account/register');
  await page.getByLabel('First name').fill(person.first);
  await page.getByLabel('Last name').fill(person.last);
  await page.getByLabel('Email').fill(person.email);
  if (person.phone) await page.getByLabel('Phone').fill(person.phone);
  await page.getByLabel('Password').fill(person.password ?? PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function logIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Runs axe-core on the page as it is now and fails with the rule ids it reports.
 *
 * axe is a script run in the page, so a page without JavaScript cannot run it. For those, the
 * page as it is now (its DOM, with the server's styles) is copied into a context with
 * JavaScript, its own scripts left out so that nothing hydrates or changes it, and axe runs
 * on the copy.
 */
export async function expectNoAxeViolations(page: Page, options: { javaScriptEnabled?: boolean } = {}) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  if (options.javaScriptEnabled ?? true) {
    expectNoViolations(await new AxeBuilder({ page }).analyze());
    return;
  }
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const context = await page.context().browser()!.newContext({
    javaScriptEnabled: true,
    viewport: page.viewportSize(),
  });
  try {
    const copy = await context.newPage();
    await copy.route(
      (target) => target.href === url,
      (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }),
    );
    await copy.goto(url);
    expectNoViolations(await new AxeBuilder({ page: copy }).analyze());
  } finally {
    await context.close();
  }
}

function expectNoViolations(results: { violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[] }) {
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found, 'axe-core violations').toEqual([]);
}

const publishableKeys = new Map<string, string>();

/**
 * A real publishable API key for the project's server, made once per project and worker by
 * the server binary's `create-publishable-key` against the database the web server uses (the
 * server has started, so the database exists and is migrated; the command migrates too).
 */
export function publishableKey(testInfo: TestInfo): string {
  const { serverBin, databaseUrl } = testInfo.project.metadata as {
    serverBin: string;
    databaseUrl: string;
  };
  let key = publishableKeys.get(databaseUrl);
  if (!key) {
    const printed = execFileSync(serverBin, ['create-publishable-key', '--title', 'e2e'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, RUST_LOG: 'warn' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    key = printed.trim();
    expect(key).toMatch(/^pk_[0-9a-f]{64}$/);
    publishableKeys.set(databaseUrl, key);
  }
  return key;
}

/** The directory the server of this test's project writes its email to (playwright.config.ts). */
export function outboxDir(testInfo: TestInfo): string {
  const runDir = process.env.E2E_RUN_DIR;
  if (!runDir) throw new Error('E2E_RUN_DIR is set by playwright.config.ts');
  return path.join(runDir, `outbox-${testInfo.project.name}`);
}

/** The newest email in the outbox sent to `to`, as raw text with quoted-printable undone. */
export async function newestEmailTo(testInfo: TestInfo, to: string, timeoutMs = 20_000): Promise<string> {
  const dir = outboxDir(testInfo);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((name) => name.endsWith('.eml') && !name.startsWith('.')).sort()
      : [];
    for (const name of names.reverse()) {
      const raw = fs.readFileSync(path.join(dir, name), 'utf8');
      const text = raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
      if (new RegExp(`^To: .*${to.replace(/[.+]/g, '\\$&')}`, 'mi').test(text)) return text;
    }
    if (Date.now() > deadline) throw new Error(`no email to ${to} in ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The reset link (its path and query) in the newest email to `to`. */
export async function resetLinkFor(testInfo: TestInfo, to: string): Promise<string> {
  const email = await newestEmailTo(testInfo, to);
  const match = email.match(/\/account\/reset\?token=[A-Za-z0-9_.-]+/);
  if (!match) throw new Error(`no reset link in:\n${email}`);
  return match[0];
}

const adminAccounts = new Map<string, { email: string; password: string }>();

/**
 * An admin user for the test, made by the server binary's `create-admin` against the database
 * the project's web server uses. One per test, not per run: a sign-in is limited per account
 * (10 in 15 minutes), and the suite signs admins in more often than that.
 */
export function adminAccount(testInfo: TestInfo): { email: string; password: string } {
  const { serverBin, databaseUrl } = testInfo.project.metadata as {
    serverBin: string;
    databaseUrl: string;
  };
  const key = `${databaseUrl} ${testInfo.testId}`;
  let account = adminAccounts.get(key);
  if (!account) {
    account = { email: uniqueEmail('admin'), password: PASSWORD };
    execFileSync(serverBin, ['create-admin', '--email', account.email, '--first-name', 'Ada', '--last-name', 'Admin'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, RUST_LOG: 'warn', ADMIN_PASSWORD: account.password },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    adminAccounts.set(key, account);
  }
  return account;
}
