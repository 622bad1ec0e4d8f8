import { expect, test } from '@playwright/test';
import {
  expectNoAxeViolations,
  hydrated,
  logIn,
  PASSWORD,
  register,
  resetLinkFor,
  uniqueEmail,
} from './helpers';

// Changing a password while signed in, and resetting a forgotten one through the emailed
// link (read from the server's outbox directory), with and without JavaScript.

const NEW_PASSWORD = 'a fresh pass phrase';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a customer changes their password: a wrong current one is shown inline, other sessions end', async ({
      page,
      browser,
    }) => {
      const email = uniqueEmail('change');
      await register(page, { first: 'Pat', last: 'Change', email });
      await expect(page).toHaveURL(/\/account$/);

      // The same account, signed in in another browser.
      const elsewhere = await browser.newContext({ javaScriptEnabled });
      const other = await elsewhere.newPage();
      await other.goto('/account/login');
      await logIn(other, email);
      await expect(other).toHaveURL(/\/account$/);

      await page.goto('/account/password');
      if (javaScriptEnabled) await hydrated(page);
      const nav = page.getByRole('navigation', { name: 'Your account' });
      await expect(nav.getByRole('link', { name: 'Password' })).toHaveAttribute('aria-current', 'page');
      await expect(page.getByText('At least 8 characters')).toBeVisible();
      await expectNoAxeViolations(page, { javaScriptEnabled });

      const current = page.getByLabel('Current password');
      const fresh = page.getByLabel('New password', { exact: true });
      const confirm = page.getByLabel('Confirm new password');

      await test.step('a wrong current password', async () => {
        await current.fill('not my password');
        await fresh.fill(NEW_PASSWORD);
        await confirm.fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Change password' }).click();
        await expect(page.getByText('The current password is incorrect')).toBeVisible();
        await expect(current).toHaveAttribute('aria-invalid', 'true');
        await expect(current).toHaveAttribute('aria-describedby', 'field-old_password-error');
        await expect(page.getByRole('alert').filter({ hasText: 'Please correct' })).toBeVisible();
        // No password is kept in the form.
        await expect(current).toHaveValue('');
        await expect(fresh).toHaveValue('');
        await expectNoAxeViolations(page, { javaScriptEnabled });
      });

      await test.step('a confirmation that does not match', async () => {
        await current.fill(PASSWORD);
        await fresh.fill(NEW_PASSWORD);
        await confirm.fill('something else entirely');
        await page.getByRole('button', { name: 'Change password' }).click();
        await expect(confirm).toHaveAttribute('aria-invalid', 'true');
        await expect(page.getByText('The two new passwords do not match.')).toBeVisible();
      });

      await test.step('the right one', async () => {
        if (javaScriptEnabled) await hydrated(page);
        await current.fill(PASSWORD);
        await fresh.fill(NEW_PASSWORD);
        await confirm.fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Change password' }).click();
        await expect(page).toHaveURL(/\/account\/password\?changed=1$/);
        await expect(page.getByText('Your password was changed.')).toBeVisible();
        await expectNoAxeViolations(page, { javaScriptEnabled });
      });

      await test.step('this browser stays signed in, the other is signed out', async () => {
        await page.goto('/account');
        await expect(page).toHaveURL(/\/account$/);
        await expect(page.getByTestId('profile-email')).toHaveText(email);

        await other.goto('/account');
        await expect(other).toHaveURL(/\/account\/login$/);
        await logIn(other, email, PASSWORD);
        await expect(other.getByRole('alert')).toHaveText('Invalid email or password');
        await logIn(other, email, NEW_PASSWORD);
        await expect(other).toHaveURL(/\/account$/);
      });
      await elsewhere.close();
    });

    test('a forgotten password is reset through the emailed link, which works once', async ({ page }, testInfo) => {
      const email = uniqueEmail('forgot');
      await register(page, { first: 'Frances', last: 'Got', email });
      await expect(page).toHaveURL(/\/account$/);
      await page.getByRole('button', { name: 'Log out' }).click();
      await expect(page).toHaveURL(/\/account\/login$/);

      await test.step('ask for a link', async () => {
        await page.getByRole('link', { name: 'Forgot your password?' }).click();
        await expect(page).toHaveURL(/\/account\/forgot$/);
        if (javaScriptEnabled) await hydrated(page);
        await expectNoAxeViolations(page, { javaScriptEnabled });
        await page.getByLabel('Email').fill(email);
        await page.getByRole('button', { name: 'Send me a link' }).click();
        const sent = page.getByTestId('reset-sent');
        await expect(sent).toContainText(`If an account exists for ${email}`);
        await expect(sent).toContainText('expires in 15 minutes');
        await expectNoAxeViolations(page, { javaScriptEnabled });
      });

      const link = await resetLinkFor(testInfo, email);

      await test.step('follow it and choose a new password', async () => {
        await page.goto(link);
        // The token does not stay in the address.
        await expect(page).toHaveURL(/\/account\/reset$/);
        if (javaScriptEnabled) await hydrated(page);
        await expect(page.getByTestId('reset-email')).toHaveText(email);
        await expectNoAxeViolations(page, { javaScriptEnabled });

        const fresh = page.getByLabel('New password', { exact: true });
        await fresh.fill('short');
        await page.getByLabel('Confirm new password').fill('short');
        await page.getByRole('button', { name: 'Set new password' }).click();
        await expect(fresh).toHaveAttribute('aria-invalid', 'true');
        await expect(page.getByText('Password must be at least 8 characters.')).toBeVisible();
        await expect(fresh).toHaveValue('');

        if (javaScriptEnabled) await hydrated(page);
        await fresh.fill(NEW_PASSWORD);
        await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Set new password' }).click();
        await expect(page).toHaveURL(/\/account\?password_reset=1$/);
        await expect(page.getByText('Your password was reset and you are signed in.')).toBeVisible();
        await expect(page.getByTestId('profile-email')).toHaveText(email);
      });

      await test.step('the used link gets a clear page', async () => {
        await page.goto(link);
        await expect(
          page.getByRole('heading', { name: 'This link has expired or was already used' }),
        ).toBeVisible();
        await expect(page.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute(
          'href',
          '/account/forgot',
        );
        await expectNoAxeViolations(page, { javaScriptEnabled });
      });

      await test.step('the new password signs in, the old one does not', async () => {
        await page.goto('/account');
        if (javaScriptEnabled) await hydrated(page);
        await page.getByRole('button', { name: 'Log out' }).click();
        await expect(page).toHaveURL(/\/account\/login$/);
        await logIn(page, email, PASSWORD);
        await expect(page.getByRole('alert')).toHaveText('Invalid email or password');
        await logIn(page, email, NEW_PASSWORD);
        await expect(page).toHaveURL(/\/account$/);
      });
    });
  });
}

test('a forged link gets the same clear page', async ({ page }) => {
  await page.goto('/account/reset?token=eyJhbGciOiJIUzI1NiJ9.e30.forged');
  await expect(page).toHaveURL(/\/account\/reset$/);
  await expect(
    page.getByRole('heading', { name: 'This link has expired or was already used' }),
  ).toBeVisible();
});
