import { expect, Page, test } from '@playwright/test';
import { expectNoAxeViolations, hydrated, register, uniqueEmail } from './helpers';

// The address book: list, add, edit, make default, delete with a confirmation — with
// JavaScript (hydrated forms) and without (plain forms that post and redirect).

type Address = {
  name?: string;
  first?: string;
  last?: string;
  line1?: string;
  postal?: string;
  city?: string;
  country?: string;
  phone?: string;
  shipping?: boolean;
  billing?: boolean;
};

async function fillAddress(page: Page, address: Address) {
  if (address.name !== undefined) await page.getByLabel('Name of this address').fill(address.name);
  if (address.first !== undefined) await page.getByLabel('First name').fill(address.first);
  if (address.last !== undefined) await page.getByLabel('Last name').fill(address.last);
  if (address.line1 !== undefined) await page.getByLabel('Address line 1').fill(address.line1);
  if (address.postal !== undefined) await page.getByLabel('Postal code').fill(address.postal);
  if (address.city !== undefined) await page.getByLabel('City').fill(address.city);
  if (address.country !== undefined) await page.getByLabel('Country').selectOption(address.country);
  if (address.phone !== undefined) await page.getByLabel('Phone').fill(address.phone);
  if (address.shipping) await page.getByLabel('Use as my default shipping address').check();
  if (address.billing) await page.getByLabel('Use as my default billing address').check();
}

const card = (page: Page, text: string) => page.getByTestId('address-card').filter({ hasText: text });

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    const ready = async (page: Page) => {
      if (javaScriptEnabled) await hydrated(page);
    };

    test('add, edit, make default and delete addresses', async ({ page }) => {
      await register(page, { first: 'Ada', last: 'Lovelace', email: uniqueEmail('book') });
      await expect(page).toHaveURL(/\/account$/);
      await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Addresses' }).click();
      await expect(page).toHaveURL(/\/account\/addresses$/);
      await expect(page.getByText('You have no saved addresses yet.')).toBeVisible();
      await expectNoAxeViolations(page, { javaScriptEnabled });

      await test.step('add a default shipping address', async () => {
        await ready(page);
        await page.getByRole('link', { name: 'Add an address' }).click();
        await expect(page).toHaveURL(/\/account\/addresses\/new$/);
        await expect(page.getByRole('heading', { name: 'Add an address' })).toBeVisible();
        await expectNoAxeViolations(page, { javaScriptEnabled });
        await ready(page);
        await fillAddress(page, {
          name: 'Home', first: 'Ada', last: 'Lovelace', line1: '12 Main St', postal: 'N1 9GU',
          city: 'London', country: 'gb', shipping: true,
        });
        await page.getByRole('button', { name: 'Save address' }).click();
        await expect(page).toHaveURL(/\/account\/addresses\?added=1$/);
        await expect(page.getByRole('status')).toHaveText('The address was added.');
        const home = card(page, 'Home');
        await expect(home).toContainText('12 Main St');
        await expect(home).toContainText('United Kingdom');
        await expect(home.getByText('Default shipping', { exact: true })).toBeVisible();
        await expect(home.getByText('Default billing', { exact: true })).toHaveCount(0);
      });

      await test.step('add a second address', async () => {
        await ready(page);
        await page.getByRole('link', { name: 'Add an address' }).click();
        await ready(page);
        await fillAddress(page, { name: 'Work', line1: '1 Harbour Rd', postal: '5003', city: 'Bergen', country: 'no' });
        await page.getByRole('button', { name: 'Save address' }).click();
        await expect(page).toHaveURL(/\/account\/addresses\?added=1$/);
        await expect(page.getByTestId('address-card')).toHaveCount(2);
        await expect(card(page, 'Work')).toContainText('Norway');
        await expectNoAxeViolations(page, { javaScriptEnabled });
      });

      await test.step('make the second the default shipping address', async () => {
        await ready(page);
        await card(page, 'Work').getByRole('button', { name: 'Make default shipping' }).click();
        await expect(page).toHaveURL(/default=shipping/);
        await expect(card(page, 'Work').getByText('Default shipping', { exact: true })).toBeVisible();
        await expect(card(page, 'Home').getByText('Default shipping', { exact: true })).toHaveCount(0);
        await expect(card(page, 'Home').getByRole('button', { name: 'Make default shipping' })).toBeVisible();
      });

      await test.step('edit it', async () => {
        await ready(page);
        await card(page, 'Work').getByRole('link', { name: 'Edit' }).click();
        await expect(page.getByRole('heading', { name: 'Edit address' })).toBeVisible();
        await expect(page.getByLabel('City')).toHaveValue('Bergen');
        await expect(page.getByLabel('Country')).toHaveValue('no');
        await expect(page.getByLabel('Use as my default shipping address')).toBeChecked();
        await ready(page);
        await page.getByLabel('City').fill('Stavanger');
        await page.getByLabel('Use as my default billing address').check();
        await page.getByRole('button', { name: 'Save changes' }).click();
        await expect(page).toHaveURL(/\/account\/addresses\?saved=1$/);
        await expect(card(page, 'Work')).toContainText('Stavanger');
        await expect(card(page, 'Work').getByText('Default billing', { exact: true })).toBeVisible();
      });

      await test.step('delete one, after a confirmation', async () => {
        await ready(page);
        await card(page, 'Home').getByRole('link', { name: 'Delete' }).click();
        await expect(page.getByRole('heading', { name: 'Delete this address?' })).toBeVisible();
        await expectNoAxeViolations(page, { javaScriptEnabled });
        await ready(page);
        await page.getByRole('link', { name: 'Keep it' }).click();
        await expect(page).toHaveURL(/\/account\/addresses$/);
        await expect(page.getByTestId('address-card')).toHaveCount(2);

        await ready(page);
        await card(page, 'Work').getByRole('link', { name: 'Delete' }).click();
        await expect(page.getByText('It is your default shipping and billing address')).toBeVisible();
        await ready(page);
        await page.getByRole('button', { name: 'Delete address' }).click();
        await expect(page).toHaveURL(/\/account\/addresses\?deleted=1$/);
        await expect(page.getByRole('status')).toHaveText('The address was deleted.');
        await expect(page.getByTestId('address-card')).toHaveCount(1);
        await expect(card(page, 'Home').getByText('Default shipping', { exact: true })).toHaveCount(0);
        await expect(page.getByText('Default shipping', { exact: true })).toHaveCount(0);
      });
    });

    test('a field error is shown inline and the rest stays as typed', async ({ page }) => {
      await register(page, { first: 'Grace', last: 'Hopper', email: uniqueEmail('bookerror') });
      await expect(page).toHaveURL(/\/account$/);
      await page.goto('/account/addresses/new');
      await ready(page);
      await fillAddress(page, {
        name: 'Office', first: 'Grace', line1: '1 Navy Way', postal: '20350', country: 'us',
        phone: '+1 202 555 0100', billing: true,
      });
      await page.getByRole('button', { name: 'Save address' }).click();

      const alert = page.getByRole('alert').filter({ hasText: 'Please correct the highlighted fields.' });
      await expect(alert).toBeVisible();
      await expect(alert.getByRole('link', { name: 'City is required.' })).toBeVisible();
      const city = page.getByLabel('City');
      await expect(city).toHaveAttribute('aria-invalid', 'true');
      await expect(city).toHaveAttribute('aria-describedby', 'field-city-error');
      await expect(page.locator('#field-city-error')).toHaveText('City is required.');
      await expect(page.getByLabel('Address line 1')).toHaveValue('1 Navy Way');
      await expect(page.getByLabel('Address line 1')).not.toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByLabel('Name of this address')).toHaveValue('Office');
      await expect(page.getByLabel('Postal code')).toHaveValue('20350');
      await expect(page.getByLabel('Phone')).toHaveValue('+1 202 555 0100');
      await expect(page.getByLabel('Country')).toHaveValue('us');
      await expect(page.getByLabel('Use as my default billing address')).toBeChecked();
      await expect(page.getByLabel('Use as my default shipping address')).not.toBeChecked();
      await expectNoAxeViolations(page, { javaScriptEnabled });

      await ready(page);
      await page.getByLabel('City').fill('Washington');
      await page.getByRole('button', { name: 'Save address' }).click();
      await expect(page).toHaveURL(/\/account\/addresses\?added=1$/);
      await expect(card(page, 'Office')).toContainText('20350 Washington');
      await expect(card(page, 'Office').getByText('Default billing', { exact: true })).toBeVisible();
    });

    test("an address that is not the customer's is a 404 page", async ({ page }) => {
      await register(page, { first: 'Eve', last: 'Nosy', email: uniqueEmail('bookmissing') });
      await expect(page).toHaveURL(/\/account$/);
      const response = await page.goto('/account/addresses/cuaddr_01M82363EKDZQQNAMPA3XGMFKF');
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { name: 'Address not found' })).toBeVisible();
      await expectNoAxeViolations(page, { javaScriptEnabled });
    });
  });
}

test('on a phone the address cards sit in one column', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await register(page, { first: 'Small', last: 'Book', email: uniqueEmail('bookphone') });
  await expect(page).toHaveURL(/\/account$/);
  for (const [name, city] of [['One', 'Oslo'], ['Two', 'Bergen']]) {
    await page.goto('/account/addresses/new');
    await hydrated(page);
    await fillAddress(page, { name, line1: `1 ${name} St`, postal: '0150', city, country: 'no' });
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page).toHaveURL(/added=1/);
  }
  const first = await card(page, 'One').boundingBox();
  const second = await card(page, 'Two').boundingBox();
  expect(first && second).toBeTruthy();
  expect(second!.y).toBeGreaterThanOrEqual(first!.y + first!.height);
  expect(Math.abs(second!.x - first!.x)).toBeLessThan(1);
  await expectNoAxeViolations(page);
});
