import { expect, test } from '@playwright/test';
import { hydrated, logIn, PASSWORD, register, uniqueEmail } from './helpers';

test.describe('with JavaScript', () => {
  test('a customer registers, sees the profile, logs out and in, and edits the phone', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // A Content-Security-Policy violation shows up as a console error.
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const email = uniqueEmail('story');

    await test.step('register', async () => {
      await page.goto('/account/register');
      await hydrated(page);
      await register(page, { first: 'Ada', last: 'Lovelace', email });
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByTestId('profile-email')).toHaveText(email);
      await expect(page.getByTestId('profile-name')).toHaveText('Ada Lovelace');
      await expect(page.getByText('Signed in as')).toContainText('Ada Lovelace');
    });

    await test.step('log out', async () => {
      await page.getByRole('button', { name: 'Log out' }).click();
      await expect(page).toHaveURL(/\/account\/login$/);
      await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    });

    await test.step('log in', async () => {
      await hydrated(page);
      await logIn(page, email);
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByTestId('profile-email')).toHaveText(email);
    });

    await test.step('edit the phone, and a reload shows it', async () => {
      await page.getByLabel('Phone').fill('+44 20 7946 0000');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect(page.getByRole('status')).toHaveText('Your details were saved.');
      await expect(page.getByTestId('profile-phone')).toHaveText('+44 20 7946 0000');
      await page.reload();
      await expect(page.getByTestId('profile-phone')).toHaveText('+44 20 7946 0000');
      await expect(page.getByLabel('Phone')).toHaveValue('+44 20 7946 0000');
    });

    await test.step('log out for good', async () => {
      await hydrated(page);
      await page.getByRole('button', { name: 'Log out' }).click();
      await expect(page).toHaveURL(/\/account\/login$/);
      await page.goto('/account');
      await expect(page).toHaveURL(/\/account\/login$/);
    });

    expect(errors).toEqual([]);
  });

  test('a wrong password shows an inline error and keeps the visitor signed out', async ({ page }) => {
    const email = uniqueEmail('wrong');
    await register(page, { first: 'Grace', last: 'Hopper', email });
    await expect(page).toHaveURL(/\/account$/);
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/account\/login$/);

    await hydrated(page);
    await logIn(page, email, 'not the password');
    await expect(page.getByRole('alert')).toHaveText('Invalid email or password');
    await expect(page).toHaveURL(/\/account\/login$/);
    await expect(page.getByLabel('Email')).toHaveValue(email);
  });

  test('repeated wrong passwords are slowed down with a clear message', async ({ page }) => {
    const email = uniqueEmail('throttled');
    await register(page, { first: 'Mallory', last: 'Guess', email });
    await expect(page).toHaveURL(/\/account$/);
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/account\/login$/);
    await hydrated(page);
    // Registering used one of the account's ten attempts.
    for (let attempt = 0; attempt < 9; attempt++) {
      await logIn(page, email, `guess number ${attempt}`);
      await expect(page.getByRole('alert')).toHaveText('Invalid email or password');
    }
    await logIn(page, email, PASSWORD);
    await expect(page.getByRole('alert')).toContainText('Too many attempts. Please try again in');
    await expect(page).toHaveURL(/\/account\/login$/);
  });

  test('invalid sign-up details are shown next to their fields', async ({ page }) => {
    await page.goto('/account/register');
    await hydrated(page);
    await register(page, { first: 'Alan', last: 'Turing', email: 'not-an-email', password: 'short' });
    await expect(page.getByRole('alert')).toHaveText('Please correct the highlighted fields.');
    await expect(page.getByText('Enter a valid email address')).toBeVisible();
    await expect(page.getByText('Password must be at least 8 characters.')).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  });

  test('a taken email is refused at sign-up', async ({ page }) => {
    const email = uniqueEmail('taken');
    await register(page, { first: 'Katherine', last: 'Johnson', email });
    await expect(page).toHaveURL(/\/account$/);
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/account\/login$/);
    await page.goto('/account/register');
    await hydrated(page);
    await register(page, { first: 'Kate', last: 'J', email: email.toUpperCase() });
    await expect(page.getByRole('alert')).toContainText('already has an account');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a customer registers, logs out and logs in with plain forms', async ({ page }) => {
    const email = uniqueEmail('nojs');
    await register(page, { first: 'Tim', last: 'Berners-Lee', email, phone: '+41 22 767 6111' });
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId('profile-email')).toHaveText(email);
    await expect(page.getByTestId('profile-phone')).toHaveText('+41 22 767 6111');

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/account\/login$/);

    await logIn(page, email, 'wrong password!');
    await expect(page.getByRole('alert')).toHaveText('Invalid email or password');

    await logIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId('profile-name')).toHaveText('Tim Berners-Lee');

    await page.getByLabel('Company').fill('CERN');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByTestId('profile-company')).toHaveText('CERN');
    await expect(page.getByText('Your details were saved.')).toBeVisible();
  });

  test('signed-out visitors are sent from the account page to sign in', async ({ page }) => {
    const response = await page.goto('/account');
    await expect(page).toHaveURL(/\/account\/login$/);
    expect(response?.status()).toBe(200);
  });
});

test('unknown pages answer 404 with a way back', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
