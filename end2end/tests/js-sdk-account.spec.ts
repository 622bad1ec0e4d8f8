import { test, expect } from '@playwright/test';
import Medusa from '@medusajs/js-sdk';
import { PASSWORD, publishableKey, uniqueEmail } from './helpers';
import { failure, sdk, withCookieJar } from './sdk';

// The official client against the address book, the password reset request and token
// refresh, in JWT and in session mode, with a real publishable key.

/** Registers through the SDK, creates the customer and refreshes the token into a signed-in one. */
async function signUp(client: Medusa, email: string) {
  await client.auth.register('customer', 'emailpass', { email, password: PASSWORD });
  const { customer } = await client.store.customer.create({ email, first_name: 'Addie', last_name: 'Ress' });
  // The registration token has no customer yet; refreshing mints one that has.
  await client.auth.refresh();
  return customer;
}

async function addressBook(client: Medusa, customerId: string) {
  const created = await client.store.customer.createAddress({
    address_name: 'Home',
    first_name: 'Addie',
    address_1: '1 Main St',
    city: 'Springfield',
    postal_code: '12345',
    country_code: 'us',
    is_default_shipping: true,
  });
  expect(created.customer.id).toBe(customerId);
  expect(created.customer.addresses).toHaveLength(1);
  const home = created.customer.addresses[0];
  expect(home).toMatchObject({ city: 'Springfield', is_default_shipping: true, is_default_billing: false });

  const second = await client.store.customer.createAddress({
    address_name: 'Work',
    address_1: '2 Side St',
    city: 'Shelbyville',
    country_code: 'us',
    is_default_shipping: true,
  });
  const work = second.customer.addresses.find((a) => a.address_name === 'Work')!;
  const defaults = second.customer.addresses.filter((a) => a.is_default_shipping);
  expect(defaults.map((a) => a.id)).toEqual([work.id]);

  const list = await client.store.customer.listAddress({ city: 'Springfield', fields: 'id,city' });
  expect(list.count).toBe(1);
  expect(list.addresses).toEqual([{ id: home.id, city: 'Springfield' }]);
  const page = await client.store.customer.listAddress({ limit: 1, offset: 1 });
  expect(page).toMatchObject({ count: 2, limit: 1, offset: 1 });
  expect(page.addresses).toHaveLength(1);

  const one = await client.store.customer.retrieveAddress(home.id);
  expect(one.address).toMatchObject({ id: home.id, address_1: '1 Main St', customer_id: customerId });

  const updated = await client.store.customer.updateAddress(home.id, { city: 'Capital City' });
  expect(updated.customer.addresses.find((a) => a.id === home.id)?.city).toBe('Capital City');

  const slim = await client.store.customer.retrieve({ fields: 'id,email,*addresses' });
  expect(Object.keys(slim.customer).sort()).toEqual(['addresses', 'email', 'id']);
  expect(slim.customer.addresses).toHaveLength(2);
  const withoutAddresses = await client.store.customer.retrieve({ fields: '-addresses' });
  expect(withoutAddresses.customer).not.toHaveProperty('addresses');

  const deleted = await client.store.customer.deleteAddress(home.id);
  expect(deleted).toMatchObject({ id: home.id, object: 'address', deleted: true });
  expect(deleted.parent?.id).toBe(customerId);
  const gone = await failure(client.store.customer.retrieveAddress(home.id));
  expect(gone.status).toBe(404);
  expect(gone.message).toBe(`Address with id: ${home.id} was not found`);
}

test('js-sdk (JWT): address book, fields, reset request and token refresh', async ({ baseURL }, testInfo) => {
  const key = publishableKey(testInfo);
  const client = sdk(baseURL!, 'jwt', key);
  const email = uniqueEmail('sdk-addr-jwt');
  const customer = await signUp(client, email);
  const me = await client.store.customer.retrieve();
  expect(me.customer.id).toBe(customer.id);

  await addressBook(client, customer.id);

  // The same answer for an account that exists and one that does not.
  await expect(client.auth.resetPassword('customer', 'emailpass', { identifier: email })).resolves.toBeUndefined();
  await expect(
    client.auth.resetPassword('customer', 'emailpass', { identifier: uniqueEmail('nobody') }),
  ).resolves.toBeUndefined();

  const refreshed = await client.auth.refresh();
  expect(typeof refreshed.token).toBe('string');
  expect((await client.store.customer.retrieve()).customer.id).toBe(customer.id);
});

test('js-sdk (session): address book, reset request and token refresh', async ({ baseURL }, testInfo) => {
  const key = publishableKey(testInfo);
  const email = uniqueEmail('sdk-addr-session');
  const setup = sdk(baseURL!, 'jwt', key);
  const customer = await signUp(setup, email);

  const jar = withCookieJar(new URL(baseURL!).origin);
  try {
    const client = sdk(baseURL!, 'session', key);
    await client.auth.login('customer', 'emailpass', { email, password: PASSWORD });
    expect(jar.cookies()).toMatch(/connect\.sid=/);

    await addressBook(client, customer.id);
    await client.auth.resetPassword('customer', 'emailpass', { identifier: email });

    const refreshed = await client.auth.refresh();
    expect(typeof refreshed.token).toBe('string');
    expect((await client.store.customer.retrieve()).customer.id).toBe(customer.id);

    await client.auth.logout();
    expect((await failure(client.store.customer.listAddress())).status).toBe(401);
  } finally {
    jar.restore();
  }
});
