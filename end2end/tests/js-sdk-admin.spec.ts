import { test, expect } from '@playwright/test';
import { adminAccount, PASSWORD, publishableKey, uniqueEmail } from './helpers';
import { failure, sdk, withCookieJar } from './sdk';

// The official client's admin calls (customers, their addresses and groups, customer groups)
// against our server, signed in as an admin made by `server create-admin`. The client is
// configured with a publishable key, as a storefront-and-admin app would be: admin routes
// ignore it, as Medusa's do.

test('js-sdk admin: customers, their addresses and groups (JWT)', async ({ baseURL }, testInfo) => {
  const { email: adminEmail, password } = adminAccount(testInfo);
  const admin = sdk(baseURL!, 'jwt', publishableKey(testInfo));
  const token = await admin.auth.login('user', 'emailpass', { email: adminEmail, password });
  expect(typeof token).toBe('string');
  const { user } = await admin.admin.user.me();
  expect(user.id).toMatch(/^user_/);

  const tag = `sdk${Date.now()}${Math.floor(Math.random() * 1e4)}`;
  const email = `${tag}@example.com`;
  const { customer } = await admin.admin.customer.create({
    email,
    first_name: 'Marie',
    last_name: 'Curie',
    phone: '+33 1 23 45 67 89',
    metadata: { source: 'sdk' },
  });
  expect(customer.id).toMatch(/^cus_/);
  expect(customer).toMatchObject({
    email,
    first_name: 'Marie',
    last_name: 'Curie',
    has_account: false,
    created_by: user.id,
    metadata: { source: 'sdk' },
  });

  const duplicate = await failure(admin.admin.customer.create({ email }));
  expect(duplicate.status).toBe(400);
  expect(duplicate.message).toBe(`Customer with email: ${email}, has_account: false, already exists.`);

  const found = await admin.admin.customer.list({ q: tag.toUpperCase(), limit: 20 });
  expect(found.count).toBe(1);
  expect(found.limit).toBe(20);
  expect(found.customers.map((c) => c.id)).toEqual([customer.id]);

  const updated = await admin.admin.customer.update(customer.id, { phone: '+33 9 87 65 43 21' });
  expect(updated.customer).toMatchObject({ id: customer.id, phone: '+33 9 87 65 43 21', first_name: 'Marie' });

  const { customer_group: group } = await admin.admin.customerGroup.create({ name: `Physicists ${tag}` });
  expect(group).toMatchObject({ name: `Physicists ${tag}`, created_by: user.id });
  await admin.admin.customer.batchCustomerGroups(customer.id, { add: [group.id] });
  const withGroups = await admin.admin.customer.retrieve(customer.id, { fields: '*groups' });
  expect(withGroups.customer.groups?.map((g) => g.id)).toEqual([group.id]);
  const members = await admin.admin.customer.list({ groups: [group.id] } as never);
  expect(members.customers.map((c) => c.id)).toEqual([customer.id]);

  const withAddress = await admin.admin.customer.createAddress(customer.id, {
    first_name: 'Marie',
    last_name: 'Curie',
    address_1: '11 rue Pierre et Marie Curie',
    city: 'Paris',
    postal_code: '75005',
    country_code: 'fr',
    is_default_shipping: true,
  });
  expect(withAddress.customer.id).toBe(customer.id);
  const addresses = await admin.admin.customer.listAddresses(customer.id);
  expect(addresses.count).toBe(1);
  const address = addresses.addresses[0];
  expect(address).toMatchObject({ city: 'Paris', country_code: 'fr', customer_id: customer.id });
  await admin.admin.customer.updateAddress(customer.id, address.id, { city: 'Warsaw', country_code: 'pl' });
  const reread = await admin.admin.customer.retrieveAddress(customer.id, address.id);
  expect(reread.address).toMatchObject({ id: address.id, city: 'Warsaw', country_code: 'pl' });
  const removedAddress = await admin.admin.customer.deleteAddress(customer.id, address.id);
  expect(removedAddress).toMatchObject({ id: address.id, object: 'customer_address', deleted: true });
  expect((await admin.admin.customer.listAddresses(customer.id)).count).toBe(0);

  await admin.admin.customerGroup.batchCustomers(group.id, { remove: [customer.id] });
  const afterRemove = await admin.admin.customer.retrieve(customer.id, { fields: '*groups' });
  expect(afterRemove.customer.groups).toEqual([]);

  const renamed = await admin.admin.customerGroup.update(group.id, { name: `Chemists ${tag}` });
  expect(renamed.customer_group.name).toBe(`Chemists ${tag}`);
  const groups = await admin.admin.customerGroup.list({ q: `chemists ${tag}` });
  expect(groups.customer_groups.map((g) => g.id)).toEqual([group.id]);
  const deletedGroup = await admin.admin.customerGroup.delete(group.id);
  expect(deletedGroup).toEqual({ id: group.id, object: 'customer_group', deleted: true });

  const deleted = await admin.admin.customer.delete(customer.id);
  expect(deleted).toEqual({ id: customer.id, object: 'customer', deleted: true });
  const gone = await failure(admin.admin.customer.retrieve(customer.id));
  expect(gone.status).toBe(404);
  expect(gone.message).toBe(`Customer with id: ${customer.id} not found`);
  expect((await admin.admin.customer.list({ q: tag })).count).toBe(0);
});

test('js-sdk admin: session mode, and a customer is not an admin', async ({ baseURL }, testInfo) => {
  const key = publishableKey(testInfo);
  const { email: adminEmail, password } = adminAccount(testInfo);

  const shopper = sdk(baseURL!, 'jwt', key);
  const email = uniqueEmail('sdk-not-admin');
  await shopper.auth.register('customer', 'emailpass', { email, password: PASSWORD });
  await shopper.store.customer.create({ email });
  await shopper.auth.login('customer', 'emailpass', { email, password: PASSWORD });
  const refused = await failure(shopper.admin.customer.list());
  expect(refused.status).toBe(401);

  const jar = withCookieJar(new URL(baseURL!).origin);
  try {
    const admin = sdk(baseURL!, 'session', key);
    await admin.auth.login('user', 'emailpass', { email: adminEmail, password });
    expect(jar.cookies()).toMatch(/^connect\.sid=/);
    const listed = await admin.admin.customer.list({ limit: 1 });
    expect(listed.limit).toBe(1);
    expect(listed.count).toBeGreaterThanOrEqual(1);
    await admin.auth.logout();
    const afterLogout = await failure(admin.admin.customer.list());
    expect(afterLogout.status).toBe(401);
  } finally {
    jar.restore();
  }
});
