import { expect, Page } from '@playwright/test';

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

/** Runs axe-core on the page as it is now and fails with the rule ids it reports. */
export async function expectNoAxeViolations(page: Page) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found, 'axe-core violations').toEqual([]);
}
