import { APIRequestContext, expect, Page, test, TestInfo } from '@playwright/test';
import { importOrders, OrderSpec } from '../fixtures/orders';
import { adminAccount, expectNoAxeViolations, hydrated, register, uniqueEmail } from './helpers';

// The back office's customer page (issue 12): an admin signs in, finds a customer by search
// and group, edits the phone, adds an address, adds the customer to a group and deletes it;
// a customer's orders and one order in full; and the same forms without JavaScript.

/** A token for the admin JSON API, to set the scene (customers, groups) before the story. */
async function adminToken(request: APIRequestContext, testInfo: TestInfo): Promise<string> {
  const { email, password } = adminAccount(testInfo);
  const response = await request.post('/auth/user/emailpass', { data: { email, password } });
  expect(response.status()).toBe(200);
  return (await response.json()).token;
}

async function adminPost(request: APIRequestContext, token: string, path: string, data: object) {
  const response = await request.post(path, { data, headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return response.json();
}

/** Signs in on the back office's sign-in page, arriving from wherever it was asked for. */
async function signIn(page: Page, testInfo: TestInfo, path = '/app/customers') {
  const { email, password } = adminAccount(testInfo);
  await page.goto(path);
  await expect(page).toHaveURL(/\/app\/login/);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const rows = (page: Page) => page.getByTestId('customer-row');
const notice = (page: Page) => page.locator('.status-slot .notice');

async function fillAddress(page: Page) {
  await page.getByLabel('Name of this address').fill('Office');
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Address line 1').fill('12 Main St');
  await page.getByLabel('Postal code').fill('N1 9GU');
  await page.getByLabel('City', { exact: true }).fill('London');
  await page.getByLabel('Country').selectOption('gb');
  await page.getByLabel("Use as the customer's default shipping address").check();
}

test('an admin finds a customer, edits it, adds an address and a group, and deletes it', async ({ page, request }, testInfo) => {
  const tag = `story${Date.now().toString(36)}`;
  const token = await adminToken(request, testInfo);
  const wholesale = (await adminPost(request, token, '/admin/customer-groups', { name: `Wholesale ${tag}` })).customer_group;
  const vip = (await adminPost(request, token, '/admin/customer-groups', { name: `VIP ${tag}` })).customer_group;
  const ada = (await adminPost(request, token, '/admin/customers', {
    email: uniqueEmail(`ada-${tag}`), first_name: 'Ada', last_name: `Lovelace ${tag}`, phone: '+1 555 0100',
    metadata: { source: 'fair' },
  })).customer;
  await adminPost(request, token, '/admin/customers', { email: uniqueEmail(`bob-${tag}`), first_name: 'Bob', last_name: `Builder ${tag}` });
  await adminPost(request, token, `/admin/customers/${ada.id}/customer-groups`, { add: [wholesale.id] });

  await test.step('sign in', async () => {
    await signIn(page, testInfo);
    await expect(page).toHaveURL(/\/app\/customers$/);
    await hydrated(page);
  });

  await test.step('search, then filter by group', async () => {
    await page.getByLabel('Search', { exact: true }).fill(tag);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(rows(page)).toHaveCount(2);
    await page.getByLabel('Group', { exact: true }).selectOption({ label: `Wholesale ${tag}` });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(`Lovelace ${tag}`);
  });

  await test.step('open the customer', async () => {
    await hydrated(page);
    await rows(page).first().getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/app/customers/${ada.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: `Ada Lovelace ${tag}` })).toBeVisible();
    await expect(page.getByTestId('customer-facts')).toContainText('Guest (no account)');
    await expect(page.getByTestId('metadata')).toContainText('fair');
    await expect(page.getByTestId('customer-group')).toHaveText([new RegExp(`Wholesale ${tag}`)]);
    await expectNoAxeViolations(page);
  });

  await test.step('edit the phone', async () => {
    await hydrated(page);
    await page.locator('#field-phone').fill('not a phone');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.locator('#field-phone-error')).toContainText('Enter a phone number using digits');
    await page.locator('#field-phone').fill('+44 20 7946 0000');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(notice(page)).toHaveText('The profile was saved.');
    await expect(page.locator('#field-phone')).toHaveValue('+44 20 7946 0000');
    await expect(page.locator('#field-phone-error')).toHaveCount(0);
  });

  await test.step('add an address', async () => {
    await hydrated(page);
    await page.getByRole('link', { name: 'Add address' }).click();
    await expect(page).toHaveURL(new RegExp(`/app/customers/${ada.id}/addresses/new$`));
    await expectNoAxeViolations(page);
    await hydrated(page);
    await fillAddress(page);
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page).toHaveURL(new RegExp(`/app/customers/${ada.id}\\?address=added$`));
    await expect(notice(page)).toHaveText('The address was added.');
    const card = page.getByTestId('address-card').filter({ hasText: 'Office' });
    await expect(card).toContainText('12 Main St');
    await expect(card).toContainText('United Kingdom');
    await expect(card.getByText('Default shipping', { exact: true })).toBeVisible();
  });

  await test.step('add the customer to a group', async () => {
    await hydrated(page);
    await page.getByRole('combobox', { name: 'Add to a group' }).selectOption({ label: `VIP ${tag}` });
    await page.getByRole('button', { name: 'Add to group' }).click();
    await expect(notice(page)).toHaveText('The customer was added to the group.');
    await expect(page.getByTestId('customer-group')).toHaveCount(2);
    await expect(page.getByTestId('customer-group').filter({ hasText: `VIP ${tag}` })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Add to a group' }).locator('option', { hasText: `VIP ${tag}` })).toHaveCount(0);
  });

  await test.step('delete the customer after confirming', async () => {
    await hydrated(page);
    await page.getByRole('link', { name: 'Delete customer' }).click();
    await expect(page).toHaveURL(new RegExp(`/app/customers/${ada.id}/delete$`));
    await expect(page.getByRole('heading', { name: `Delete Ada Lovelace ${tag}?` })).toBeVisible();
    await expectNoAxeViolations(page);
    await hydrated(page);
    await page.getByRole('button', { name: 'Delete customer' }).click();
    await expect(page).toHaveURL(/\/app\/customers\?deleted=1$/);
    await expect(page.getByText('The customer was deleted.')).toBeVisible();
    await hydrated(page);
    await page.getByLabel('Search', { exact: true }).fill(tag);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(`Builder ${tag}`);
    const gone = await page.goto(`/app/customers/${ada.id}`);
    expect(gone?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });
});

const MUG_ORDER: OrderSpec = {
  day: 14,
  currency: 'eur',
  status: 'pending',
  paymentStatus: 'authorized',
  fulfillmentStatus: 'not_fulfilled',
  items: [
    { title: 'Travel mug', variant: 'Blue', sku: 'MUG-BL', quantity: 2, unitPrice: 12.5 },
    { title: 'Notebook', quantity: 1, unitPrice: 8 },
  ],
  shipping: 4.95,
  tax: 2.64,
  discount: 3,
  shippingAddress: {
    first_name: 'Ada', last_name: 'Lovelace', address_1: '12 Main St', city: 'London',
    postal_code: 'N1 9GU', country_code: 'gb',
  },
};

test("a customer's orders, and one order in full", async ({ page }, testInfo) => {
  const email = uniqueEmail('adminorders');
  await register(page, { first: 'Olive', last: 'Orders', email });
  await expect(page).toHaveURL(/\/account$/);
  const stickers: OrderSpec[] = Array.from({ length: 11 }, (_, i) => ({
    day: i + 1,
    items: [{ title: 'Sticker', quantity: i + 1, unitPrice: 2.5 }],
  }));
  const orders = importOrders(testInfo, email, [...stickers, MUG_ORDER]);
  const mug = orders[11];

  await signIn(page, testInfo);
  await expect(page).toHaveURL(/\/app\/customers$/);
  await page.getByLabel('Search', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(rows(page)).toHaveCount(1);
  await hydrated(page);
  await rows(page).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Olive Orders' })).toBeVisible();
  await expect(page.getByTestId('customer-facts')).toContainText('Registered (has an account)');

  const orderRows = page.getByTestId('order-row');
  await expect(page.getByText('12 orders')).toBeVisible();
  await expect(orderRows).toHaveCount(10);
  const newest = orderRows.first();
  await expect(newest.getByRole('link', { name: `Order ${mug.number}` })).toBeVisible();
  await expect(newest).toContainText('14 Mar 2026');
  await expect(newest).toContainText('Pending');
  await expect(newest).toContainText('€37.59');
  const pager = page.getByRole('navigation', { name: "Pages of the customer's orders" });
  await expect(pager).toContainText('Page 1 of 2');
  await hydrated(page);
  await pager.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/\?orders=2$/);
  await expect(orderRows).toHaveCount(2);
  await hydrated(page);
  await pager.getByRole('link', { name: 'Previous page' }).click();
  await expect(orderRows).toHaveCount(10);

  await hydrated(page);
  await page.getByRole('link', { name: `Order ${mug.number}` }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${mug.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Order ${mug.number}` })).toBeVisible();
  const items = page.getByRole('table', { name: /Items in order/ });
  await expect(items.getByRole('row', { name: /Travel mug/ }).getByRole('cell')).toHaveText(['2', '€12.50', '€25.00']);
  const total = items.locator('tfoot tr').filter({ has: page.getByRole('rowheader', { name: 'Total (EUR)', exact: true }) });
  await expect(total.getByRole('cell')).toHaveText('€37.59');
  await expect(page.locator('.order-address').filter({ hasText: 'Shipping address' })).toContainText('12 Main St');
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Olive Orders' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an admin edits the phone and adds an address', async ({ page, request }, testInfo) => {
    const tag = `nojs${Date.now().toString(36)}`;
    const token = await adminToken(request, testInfo);
    const customer = (await adminPost(request, token, '/admin/customers', {
      email: uniqueEmail(tag), first_name: 'Nora', last_name: `Script ${tag}`,
    })).customer;
    await signIn(page, testInfo, `/app/customers/${customer.id}`);
    await expect(page).toHaveURL(new RegExp(`/app/customers/${customer.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: `Nora Script ${tag}` })).toBeVisible();

    await page.locator('#field-email').fill('not an email');
    await page.locator('#field-phone').fill('+47 22 00 00 00');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.locator('#field-email-error')).toContainText('Enter a valid email address');
    await expect(page.locator('#field-phone')).toHaveValue('+47 22 00 00 00');
    await expectNoAxeViolations(page, { javaScriptEnabled: false });
    await page.locator('#field-email').fill(uniqueEmail(`${tag}-fixed`));
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page).toHaveURL(/\?saved=profile$/);
    await expect(notice(page)).toHaveText('The profile was saved.');
    await expect(page.locator('#field-phone')).toHaveValue('+47 22 00 00 00');

    await page.getByRole('link', { name: 'Add address' }).click();
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page.getByText('City is required.').first()).toBeVisible();
    await fillAddress(page);
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page).toHaveURL(/\?address=added$/);
    await expect(page.getByTestId('address-card').filter({ hasText: 'Office' })).toContainText('12 Main St');
    await expectNoAxeViolations(page, { javaScriptEnabled: false });
  });
});
