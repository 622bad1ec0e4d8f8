import { test, expect } from '@playwright/test';
import { expectNoAxeViolations, hydrated, register, uniqueEmail } from './helpers';

// The navigation every account page shares.

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('the account pages share a navigation that marks the current page', async ({ page }) => {
      await register(page, { first: 'Nav', last: 'Igator', email: uniqueEmail('nav') });
      await expect(page).toHaveURL(/\/account$/);
      if (javaScriptEnabled) await hydrated(page);

      const nav = page.getByRole('navigation', { name: 'Your account' });
      for (const name of ['Profile', 'Addresses', 'Orders', 'Password']) {
        await expect(nav.getByRole('link', { name })).toBeVisible();
      }
      await expect(nav.getByRole('button', { name: 'Sign out' })).toBeVisible();
      await expect(nav.getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page');
      await expectNoAxeViolations(page, { javaScriptEnabled });

      await nav.getByRole('link', { name: 'Orders' }).click();
      await expect(page).toHaveURL(/\/account\/orders$/);
      await expect(page.getByRole('heading', { name: 'Orders' })).toBeVisible();
      await expect(page.getByText('You have no orders yet.')).toBeVisible();
      await expect(nav.getByRole('link', { name: 'Orders' })).toHaveAttribute('aria-current', 'page');
      await expect(nav.getByRole('link', { name: 'Profile' })).not.toHaveAttribute('aria-current', 'page');
      await expectNoAxeViolations(page, { javaScriptEnabled });

      await nav.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/account\/login$/);
      await page.goto('/account/orders');
      await expect(page).toHaveURL(/\/account\/login$/);
    });
  });
}

test('on a phone the navigation sits above the content in one column', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await register(page, { first: 'Small', last: 'Screen', email: uniqueEmail('phone') });
  await expect(page).toHaveURL(/\/account$/);
  const nav = await page.getByRole('navigation', { name: 'Your account' }).boundingBox();
  const content = await page.locator('.account-content').boundingBox();
  expect(nav && content).toBeTruthy();
  expect(nav!.y + nav!.height).toBeLessThanOrEqual(content!.y);
  expect(content!.width).toBeGreaterThan(300);
});
