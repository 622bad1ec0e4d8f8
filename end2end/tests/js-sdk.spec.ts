import { test, expect } from '@playwright/test';
import { PASSWORD, publishableKey, uniqueEmail } from './helpers';
import { failure, sdk, withCookieJar } from './sdk';

// The official Medusa client, unchanged, against our server. It runs in Node, where fetch has
// no cookie jar; for session mode a small jar stands in for the browser's and sends the
// Origin a page of this site would send.

test('js-sdk: register, create the customer, log in, read and update the profile, log out (JWT)', async ({
  baseURL,
}, testInfo) => {
  const client = sdk(baseURL!, 'jwt', publishableKey(testInfo));
  const email = uniqueEmail('sdk-jwt');

  const registration = await client.auth.register('customer', 'emailpass', { email, password: PASSWORD });
  expect(typeof registration).toBe('string');
  const { customer } = await client.store.customer.create(
    { email, first_name: 'Grace', last_name: 'Hopper' },
    {},
    { Authorization: `Bearer ${registration}` },
  );
  expect(customer.id).toMatch(/^cus_/);
  expect(customer).toMatchObject({ email, first_name: 'Grace', last_name: 'Hopper', has_account: true });

  const token = await client.auth.login('customer', 'emailpass', { email, password: PASSWORD });
  expect(typeof token).toBe('string');
  const me = await client.store.customer.retrieve();
  expect(me.customer.id).toBe(customer.id);

  const updated = await client.store.customer.update({ phone: '+1 555 0100', metadata: { tier: 'gold' } });
  expect(updated.customer).toMatchObject({ phone: '+1 555 0100', metadata: { tier: 'gold' } });
  const removed = await client.store.customer.update({ metadata: { tier: '' } });
  expect(removed.customer.metadata ?? {}).toEqual({});

  const wrong = await failure(client.auth.login('customer', 'emailpass', { email, password: 'not the password' }));
  expect(wrong.status).toBe(401);
  expect(wrong.message).toBe('Invalid email or password');

  const taken = await failure(client.auth.register('customer', 'emailpass', { email, password: PASSWORD }));
  expect(taken.status).toBe(401);
  expect(taken.message).toBe('Identity with email already exists');

  await client.auth.logout();
  const afterLogout = await failure(client.store.customer.retrieve());
  expect(afterLogout.status).toBe(401);
});

test('js-sdk: session mode signs in with a cookie that stops working after logout', async ({ baseURL }, testInfo) => {
  const key = publishableKey(testInfo);
  const email = uniqueEmail('sdk-session');
  const setup = sdk(baseURL!, 'jwt', key);
  const registration = await setup.auth.register('customer', 'emailpass', { email, password: PASSWORD });
  await setup.store.customer.create({ email, first_name: 'Ada', last_name: 'Lovelace' }, {}, {
    Authorization: `Bearer ${registration}`,
  });

  const jar = withCookieJar(new URL(baseURL!).origin);
  try {
    const client = sdk(baseURL!, 'session', key);
    await client.auth.login('customer', 'emailpass', { email, password: PASSWORD });
    const cookie = jar.cookies();
    expect(cookie).toMatch(/^connect\.sid=/);

    const me = await client.store.customer.retrieve();
    expect(me.customer).toMatchObject({ email, first_name: 'Ada' });
    const updated = await client.store.customer.update({ company_name: 'Analytical Engines' });
    expect(updated.customer.company_name).toBe('Analytical Engines');

    await client.auth.logout();
    expect(jar.cookies()).toBe('');
    const copied = await fetch(`${baseURL}/store/customers/me`, {
      headers: { cookie, 'x-publishable-api-key': key },
    });
    expect(copied.status).toBe(401);
  } finally {
    jar.restore();
  }
});

test('js-sdk: /store needs a valid publishable key, /auth does not', async ({ baseURL }, testInfo) => {
  const email = uniqueEmail('sdk-key');
  const keyless = sdk(baseURL!, 'jwt', undefined);
  const registration = await keyless.auth.register('customer', 'emailpass', { email, password: PASSWORD });
  expect(typeof registration).toBe('string');
  const missing = await failure(keyless.store.customer.create({ email }));
  expect(missing.status).toBe(400);
  expect(missing.message).toBe(
    'Publishable API key required in the request header: x-publishable-api-key. You can manage your keys in settings in the dashboard.',
  );

  const wrong = sdk(baseURL!, 'jwt', `pk_${'0'.repeat(64)}`);
  await wrong.auth.register('customer', 'emailpass', { email: uniqueEmail('sdk-key'), password: PASSWORD });
  const invalid = await failure(wrong.store.customer.create({ email }));
  expect(invalid.status).toBe(400);
  expect(invalid.message).toBe('A valid publishable key is required to proceed with the request');

  const keyed = sdk(baseURL!, 'jwt', publishableKey(testInfo));
  const keyedEmail = uniqueEmail('sdk-key');
  await keyed.auth.register('customer', 'emailpass', { email: keyedEmail, password: PASSWORD });
  const { customer } = await keyed.store.customer.create({ email: keyedEmail });
  expect(customer.id).toMatch(/^cus_/);
});

test('js-sdk: a registration token refreshes into a signed-in one (JWT)', async ({ baseURL }, testInfo) => {
  const client = sdk(baseURL!, 'jwt', publishableKey(testInfo));
  const email = uniqueEmail('sdk-refresh');
  // register() keeps the registration token; create() sends it; refresh() swaps it for one that
  // names the new customer — Medusa's sign-up without logging in again.
  await client.auth.register('customer', 'emailpass', { email, password: PASSWORD });
  const { customer } = await client.store.customer.create({ email, first_name: 'Katherine' });
  const beforeRefresh = await failure(client.store.customer.retrieve());
  expect(beforeRefresh.status).toBe(401);

  const refreshed = await client.auth.refresh();
  expect(typeof (refreshed as { token: string }).token).toBe('string');
  const me = await client.store.customer.retrieve();
  expect(me.customer.id).toBe(customer.id);

  await client.auth.logout();
  const afterLogout = await failure(client.auth.refresh());
  expect(afterLogout.status).toBe(401);
});

test('js-sdk: refresh in session mode keeps the customer signed in', async ({ baseURL }, testInfo) => {
  const key = publishableKey(testInfo);
  const email = uniqueEmail('sdk-refresh-session');
  const setup = sdk(baseURL!, 'jwt', key);
  await setup.auth.register('customer', 'emailpass', { email, password: PASSWORD });
  await setup.store.customer.create({ email, first_name: 'Dorothy' });

  const jar = withCookieJar(new URL(baseURL!).origin);
  try {
    const client = sdk(baseURL!, 'session', key);
    await client.auth.login('customer', 'emailpass', { email, password: PASSWORD });
    const refreshed = await client.auth.refresh();
    expect(typeof (refreshed as { token: string }).token).toBe('string');
    const me = await client.store.customer.retrieve();
    expect(me.customer).toMatchObject({ email, first_name: 'Dorothy' });
    await client.auth.logout();
  } finally {
    jar.restore();
  }
});
