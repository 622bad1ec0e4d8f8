import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { adminAccount, expectNoAxeViolations, hydrated, register, uniqueEmail } from './helpers';

// The back office (/app): an admin signs in, finds customers (search, group filter, sort,
// pages), manages customer groups, and signs out; a customer cannot get in. The customers
// and groups a test needs are made over the admin JSON API, each test with its own tag so
// that tests sharing a database see only their own rows.

type Admin = { email: string; password: string };

async function adminToken(request: APIRequestContext, admin: Admin): Promise<string> {
  const response = await request.post('/auth/user/emailpass', { data: admin });
  expect(response.status()).toBe(200);
  return (await response.json()).token;
}

async function adminPost(request: APIRequestContext, token: string, path: string, data: unknown) {
  const response = await request.post(path, { data, headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** `count` guest customers `<tag>-01@example.com`…, named `First01 <Tag>`…; their ids. */
async function guests(request: APIRequestContext, token: string, tag: string, count: number) {
  const ids: string[] = [];
  for (let n = 1; n <= count; n++) {
    const two = String(n).padStart(2, '0');
    const body = await adminPost(request, token, '/admin/customers', {
      email: `${tag}-${two}@example.com`,
      first_name: `First${two}`,
      last_name: tag,
    });
    ids.push(body.customer.id);
  }
  return ids;
}

function tagFor(name: string) {
  return `${name}${Date.now()}${Math.floor(Math.random() * 1e4)}`;
}

async function signIn(page: Page, admin: Admin) {
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const rows = (page: Page) => page.getByTestId('customer-row');

test('an admin signs in, searches, filters by group, sorts and pages', async ({ page, request }, testInfo) => {
  const admin = adminAccount(testInfo);
  const token = await adminToken(request, admin);
  const tag = tagFor('list');
  const ids = await guests(request, token, tag, 17);
  const group = (await adminPost(request, token, '/admin/customer-groups', { name: `Group ${tag}` })).customer_group;
  await adminPost(request, token, `/admin/customer-groups/${group.id}/customers`, { add: [ids[0], ids[1]] });

  await page.goto('/app/customers');
  await expect(page).toHaveURL(/\/app\/login\?next=%2Fapp%2Fcustomers$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectNoAxeViolations(page);
  await hydrated(page);
  await signIn(page, admin);
  await expect(page).toHaveURL(/\/app\/customers$/);
  await expect(page.getByTestId('admin-name')).toContainText('Ada Admin');
  await expect(page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Customers' })).toHaveAttribute('aria-current', 'page');
  await expectNoAxeViolations(page);

  await test.step('search', async () => {
    await hydrated(page);
    await page.getByLabel('Search', { exact: true }).fill(tag);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`q=${tag}`));
    await expect(page.getByTestId('customer-count')).toHaveText('1–15 of 17 customers');
    await expect(rows(page)).toHaveCount(15);
  });

  await test.step('pages', async () => {
    await page.getByRole('link', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/offset=15/);
    await expect(page.getByTestId('customer-count')).toHaveText('16–17 of 17 customers');
    await expect(rows(page)).toHaveCount(2);
    await page.getByRole('link', { name: 'Previous page' }).click();
    await expect(page.getByTestId('customer-count')).toHaveText('1–15 of 17 customers');
    await hydrated(page);
    await page.getByLabel('Per page', { exact: true }).selectOption('50');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/limit=50/);
    await expect(rows(page)).toHaveCount(17);
  });

  await test.step('sort', async () => {
    await page.getByRole('link', { name: /^Email/ }).click();
    await expect(page).toHaveURL(/order=email/);
    await expect(rows(page).first()).toContainText(`${tag}-01@example.com`);
    await expect(page.getByRole('columnheader', { name: /^Email/ })).toHaveAttribute('aria-sort', 'ascending');
    await page.getByRole('link', { name: /^Email/ }).click();
    await expect(page).toHaveURL(/order=-email/);
    await expect(rows(page).first()).toContainText(`${tag}-17@example.com`);
    await expect(page.getByRole('columnheader', { name: /^Email/ })).toHaveAttribute('aria-sort', 'descending');
  });

  await test.step('filter by group, and the export asks for the same view', async () => {
    await hydrated(page);
    await page.getByLabel('Group', { exact: true }).selectOption({ label: `Group ${tag}` });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`groups=${group.id}`));
    await expect(page.getByTestId('customer-count')).toHaveText('1–2 of 2 customers');
    await expect(rows(page).first()).toContainText(`Group ${tag}`);
    const exportHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(exportHref).toContain(`groups=${group.id}`);
    expect(exportHref).toContain('order=-email');
    // The view survives a reload: it is all in the address.
    await page.reload();
    await expect(page.getByTestId('customer-count')).toHaveText('1–2 of 2 customers');
    await expect(page.getByLabel('Group', { exact: true })).toHaveValue(group.id);
  });

  await test.step('nothing matches', async () => {
    await page.goto(`/app/customers?q=${tag}-nobody`);
    await expect(page.getByTestId('empty-state')).toContainText('No customers match');
    await page.getByTestId('empty-state').getByRole('link', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/app\/customers$/);
  });

  await test.step('sign out', async () => {
    await hydrated(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/app\/login$/);
    await page.goto('/app/customer-groups');
    await expect(page).toHaveURL(/\/app\/login\?next=/);
  });
});

test('customer groups: create, rename, add several members, remove, delete', async ({ page, request }, testInfo) => {
  const admin = adminAccount(testInfo);
  const token = await adminToken(request, admin);
  const tag = tagFor('groups');
  await guests(request, token, tag, 3);

  await page.goto('/app/customer-groups');
  await signIn(page, admin);
  await expect(page).toHaveURL(/\/app\/customer-groups$/);
  await expectNoAxeViolations(page);

  await test.step('create', async () => {
    await hydrated(page);
    await page.getByLabel('Name', { exact: true }).fill(`Club ${tag}`);
    await page.getByRole('button', { name: 'Create group' }).click();
    await expect(page).toHaveURL(/\/app\/customer-groups\/cusgroup_[^/?]+\?created=1$/);
    await expect(page.getByTestId('group-name')).toHaveText(`Club ${tag}`);
    await expect(page.getByRole('status')).toHaveText('The customer group was created.');
    await expectNoAxeViolations(page);
  });

  await test.step('a taken name is an inline error', async () => {
    await page.goto('/app/customer-groups');
    await hydrated(page);
    await page.getByLabel('Name', { exact: true }).fill(`Club ${tag}`);
    await page.getByRole('button', { name: 'Create group' }).click();
    await expect(page.getByText('A customer group with this name already exists.')).toBeVisible();
    await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Search by name', { exact: true }).fill(tag);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: `Club ${tag}` }).click();
  });

  await test.step('rename', async () => {
    await hydrated(page);
    await page.getByLabel('Group name', { exact: true }).fill(`Society ${tag}`);
    await page.getByRole('button', { name: 'Rename' }).click();
    await expect(page.getByTestId('group-name')).toHaveText(`Society ${tag}`);
    await expect(page.getByRole('status')).toHaveText('The customer group was renamed.');
  });

  await test.step('add several members', async () => {
    await hydrated(page);
    await page.getByLabel('Find customers', { exact: true }).fill(tag);
    await page.getByRole('button', { name: 'Find' }).click();
    await expect(page.getByTestId('candidate-row')).toHaveCount(3);
    await hydrated(page);
    await page.getByLabel(`Select First01 ${tag}`).check();
    await page.getByLabel(`Select First02 ${tag}`).check();
    await page.getByRole('button', { name: 'Add selected' }).click();
    await expect(page.getByTestId('member-row')).toHaveCount(2);
    await expect(page.getByTestId('member-count')).toHaveText('1–2 of 2 members');
    await expectNoAxeViolations(page);
  });

  await test.step('remove a member', async () => {
    await hydrated(page);
    await page.getByTestId('member-table').getByLabel(`Select First01 ${tag}`).check();
    await page.getByRole('button', { name: 'Remove selected' }).click();
    await expect(page.getByTestId('member-row')).toHaveCount(1);
    await expect(page.getByTestId('member-row')).toContainText(`${tag}-02@example.com`);
  });

  await test.step('delete after confirming', async () => {
    await page.getByRole('link', { name: 'Delete group' }).click();
    await expect(page.getByRole('heading', { name: `Delete the group “Society ${tag}”?` })).toBeVisible();
    await expectNoAxeViolations(page);
    await hydrated(page);
    await page.getByRole('button', { name: 'Delete group' }).click();
    await expect(page).toHaveURL(/\/app\/customer-groups\?deleted=1$/);
    await expect(page.getByRole('status')).toHaveText('The customer group was deleted.');
    await page.getByLabel('Search by name', { exact: true }).fill(tag);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByTestId('empty-state')).toContainText('No customer groups match');
  });
});

test('a customer session cannot open the back office', async ({ page }) => {
  await register(page, { first: 'Cora', last: 'Customer', email: uniqueEmail('not-admin') });
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/app');
  await expect(page).toHaveURL(/\/app\/login\?next=%2Fapp%2Fcustomers$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.goto('/app/customer-groups');
  await expect(page).toHaveURL(/\/app\/login\?next=/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('sign in (a wrong password first) and filter the list', async ({ page, request }, testInfo) => {
    const admin = adminAccount(testInfo);
    const token = await adminToken(request, admin);
    const tag = tagFor('nojs');
    const ids = await guests(request, token, tag, 3);
    const group = (await adminPost(request, token, '/admin/customer-groups', { name: `NoJS ${tag}` })).customer_group;
    await adminPost(request, token, `/admin/customer-groups/${group.id}/customers`, { add: [ids[2]] });

    await page.goto('/app/customers');
    await signIn(page, { email: admin.email, password: 'not the password' });
    await expect(page.getByText('Invalid email or password')).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveValue(admin.email);
    await expectNoAxeViolations(page, { javaScriptEnabled: false });
    await signIn(page, admin);
    await expect(page).toHaveURL(/\/app\/customers$/);

    await page.getByLabel('Search', { exact: true }).fill(tag);
    await page.getByLabel('Account', { exact: true }).selectOption('false');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('customer-count')).toHaveText('1–3 of 3 customers');
    await page.getByLabel('Group', { exact: true }).selectOption({ label: `NoJS ${tag}` });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('customer-count')).toHaveText('1 of 1 customer');
    await expect(rows(page)).toContainText(`${tag}-03@example.com`);
    await expectNoAxeViolations(page, { javaScriptEnabled: false });
  });
});
