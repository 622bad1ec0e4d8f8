import { expect, Page, test, TestInfo } from '@playwright/test';
import { importOrders, OrderSpec } from '../fixtures/orders';
import { expectNoAxeViolations, hydrated, register, uniqueEmail } from './helpers';

// The order history: a customer with imported orders pages through them and opens one —
// with JavaScript (the router moves between pages in the browser) and without (every link
// loads a page the server rendered).

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
  billingAddress: { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Bank Rd', city: 'Bath', country_code: 'gb' },
};

/** Twelve orders, one a day from 1 to 12 March (each of `day` stickers at $2.50), and the mug order on the 14th. */
function history(): OrderSpec[] {
  const stickers: OrderSpec[] = Array.from({ length: 12 }, (_, i) => ({
    day: i + 1,
    items: [{ title: 'Sticker', quantity: i + 1, unitPrice: 2.5 }],
  }));
  return [...stickers, MUG_ORDER];
}

/** A new customer, registered and signed in through the pages, with `orders` imported for their email. */
async function customerWithOrders(page: Page, testInfo: TestInfo, orders: OrderSpec[]) {
  const email = uniqueEmail('orders');
  await register(page, { first: 'Ada', last: 'Lovelace', email });
  await expect(page).toHaveURL(/\/account$/);
  return importOrders(testInfo, email, orders);
}

const rows = (page: Page) => page.getByTestId('order-row');

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    const ready = async (page: Page) => {
      if (javaScriptEnabled) await hydrated(page);
    };

    test('a customer pages through their orders and opens one', async ({ page }, testInfo) => {
      const orders = await customerWithOrders(page, testInfo, history());
      const mug = orders[12];
      await ready(page);
      await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Orders' }).click();
      await expect(page).toHaveURL(/\/account\/orders$/);

      await test.step('the first page: the ten newest', async () => {
        await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
        await expect(page.getByText('13 orders')).toBeVisible();
        await expect(rows(page)).toHaveCount(10);
        const first = rows(page).first();
        await expect(first.getByRole('link', { name: `Order ${mug.number}` })).toBeVisible();
        await expect(first).toContainText('14 Mar 2026');
        await expect(first).toContainText('Pending');
        await expect(first).toContainText('Authorized · Not fulfilled');
        await expect(first).toContainText('3 items');
        await expect(first).toContainText('€37.59');
        const second = rows(page).nth(1);
        await expect(second.getByRole('link', { name: `Order ${orders[11].number}` })).toBeVisible();
        await expect(second).toContainText('12 Mar 2026');
        await expect(second).toContainText('Completed');
        await expect(second).toContainText('12 items');
        await expect(second).toContainText('$30.00');
        const pager = page.getByRole('navigation', { name: 'Pages of your orders' });
        await expect(pager).toContainText('Page 1 of 2');
        await expect(pager.getByRole('link', { name: 'Previous page' })).toHaveCount(0);
        await expectNoAxeViolations(page, { javaScriptEnabled });
      });

      await test.step('next page, then back', async () => {
        await ready(page);
        const pager = page.getByRole('navigation', { name: 'Pages of your orders' });
        await pager.getByRole('link', { name: 'Next page' }).click();
        await expect(page).toHaveURL(/\/account\/orders\?page=2$/);
        await expect(pager).toContainText('Page 2 of 2');
        await expect(rows(page)).toHaveCount(3);
        await expect(rows(page).last().getByRole('link', { name: `Order ${orders[0].number}` })).toBeVisible();
        await expect(rows(page).last()).toContainText('1 item');
        await expect(rows(page).last()).not.toContainText('1 items');
        await expect(pager.getByRole('link', { name: 'Next page' })).toHaveCount(0);
        await ready(page);
        await pager.getByRole('link', { name: 'Previous page' }).click();
        await expect(page).toHaveURL(/\/account\/orders$/);
        await expect(pager).toContainText('Page 1 of 2');
        await expect(rows(page).first()).toContainText(mug.number);
      });

      await test.step('open the newest order', async () => {
        await ready(page);
        await page.getByRole('link', { name: `Order ${mug.number}` }).click();
        await expect(page).toHaveURL(new RegExp(`/account/orders/${mug.id}$`));
        await expect(page.getByRole('heading', { name: `Order ${mug.number}` })).toBeVisible();
        await expect(page).toHaveTitle(`Order ${mug.number} · Customer accounts`);
        const facts = page.locator('.order-facts');
        await expect(facts).toContainText('14 Mar 2026');
        await expect(facts).toContainText('Pending');
        await expect(facts).toContainText('Authorized');
        await expect(facts).toContainText('Not fulfilled');
        await expect(facts).toContainText('EUR');

        const items = page.getByRole('table', { name: /Items in order/ });
        const mugRow = items.getByRole('row', { name: /Travel mug/ });
        await expect(mugRow).toContainText('Blue · SKU MUG-BL');
        await expect(mugRow.getByRole('cell')).toHaveText(['2', '€12.50', '€25.00']);
        await expect(items.getByRole('row', { name: /Notebook/ }).getByRole('cell')).toHaveText(['1', '€8.00', '€8.00']);
        for (const [label, amount] of [
          ['Subtotal', '€33.00'],
          ['Shipping (Standard)', '€4.95'],
          ['Tax', '€2.64'],
          ['Discount', '-€3.00'],
          ['Total (EUR)', '€37.59'],
        ]) {
          const row = items.locator('tfoot tr').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
          await expect(row.getByRole('cell')).toHaveText(amount);
        }
        const shipping = page.locator('.order-address').filter({ hasText: 'Shipping address' });
        await expect(shipping).toContainText('Ada Lovelace');
        await expect(shipping).toContainText('12 Main St');
        await expect(shipping).toContainText('N1 9GU London');
        await expect(shipping).toContainText('United Kingdom');
        await expect(page.locator('.order-address').filter({ hasText: 'Billing address' })).toContainText('1 Bank Rd');
        await expectNoAxeViolations(page, { javaScriptEnabled });
      });

      await test.step('back to the list', async () => {
        await ready(page);
        await page.getByRole('link', { name: 'Back to your orders' }).click();
        await expect(page).toHaveURL(/\/account\/orders$/);
        await expect(rows(page)).toHaveCount(10);
      });
    });

    test('a customer without orders is told there are none', async ({ page }) => {
      await register(page, { first: 'New', last: 'Comer', email: uniqueEmail('noorders') });
      await expect(page).toHaveURL(/\/account$/);
      await page.goto('/account/orders');
      await expect(page.getByText('You have no orders yet.')).toBeVisible();
      await expect(page.getByRole('table')).toHaveCount(0);
      await expect(page.getByRole('navigation', { name: 'Pages of your orders' })).toHaveCount(0);
      await expectNoAxeViolations(page, { javaScriptEnabled });
    });

    test("another customer's order is the 404 page", async ({ page }, testInfo) => {
      const [theirs] = await customerWithOrders(page, testInfo, [MUG_ORDER]);
      const response = await page.goto(`/account/orders/${theirs.id}`);
      expect(response?.status()).toBe(200);
      await ready(page);
      await page.getByRole('navigation', { name: 'Your account' }).getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/account\/login$/);

      await register(page, { first: 'Eve', last: 'Nosy', email: uniqueEmail('nosy') });
      await expect(page).toHaveURL(/\/account$/);
      for (const path of [`/account/orders/${theirs.id}`, '/account/orders/order_nothere', '/account/orders/nonsense']) {
        const notFound = await page.goto(path);
        expect(notFound?.status(), path).toBe(404);
        await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
        await expect(page.getByText('Travel mug')).toHaveCount(0);
      }
      await expectNoAxeViolations(page, { javaScriptEnabled });
    });

    test('a page number past the end says so', async ({ page }, testInfo) => {
      await customerWithOrders(page, testInfo, history());
      const response = await page.goto('/account/orders?page=5');
      expect(response?.status()).toBe(404);
      await expect(page.getByText('There is no page “5” of your orders.')).toBeVisible();
      await ready(page);
      await page.getByRole('link', { name: 'Go to the last page (2)' }).click();
      await expect(page).toHaveURL(/\/account\/orders\?page=2$/);
      await expect(rows(page)).toHaveCount(3);
    });
  });
}

test('the keyboard reaches an order and comes back', async ({ page }, testInfo) => {
  const [, newest] = await customerWithOrders(page, testInfo, [{ day: 1, items: [{ title: 'Sticker', quantity: 1, unitPrice: 2.5 }] }, MUG_ORDER]);
  await page.goto('/account/orders');
  await hydrated(page);
  const link = page.getByRole('link', { name: `Order ${newest.number}` });
  for (let presses = 0; presses < 30 && !(await link.evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(link).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/account/orders/${newest.id}$`));
  await expect(page.getByRole('heading', { name: `Order ${newest.number}` })).toBeVisible();

  const back = page.getByRole('link', { name: 'Back to your orders' });
  for (let presses = 0; presses < 30 && !(await back.evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(back).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/account\/orders$/);
  await expect(rows(page)).toHaveCount(2);
});

test('on a phone the orders table fits the screen', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await customerWithOrders(page, testInfo, history());
  await page.goto('/account/orders');
  const table = await page.locator('.order-table').boundingBox();
  const content = await page.locator('.account-content').boundingBox();
  expect(table && content).toBeTruthy();
  expect(table!.x + table!.width).toBeLessThanOrEqual(content!.x + content!.width + 1);
  await expectNoAxeViolations(page);
});
