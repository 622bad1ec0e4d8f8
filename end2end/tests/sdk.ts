import Medusa, { FetchError } from '@medusajs/js-sdk';

// The official Medusa client, unchanged, as the conformance tests drive it from Node.

type Fetch = typeof globalThis.fetch;

/**
 * A cookie jar for Node's fetch (which has none), sending the Origin a page of this site
 * would send: what a browser does for the SDK in session mode.
 */
export function withCookieJar(origin: string): { restore: () => void; cookies: () => string } {
  const original: Fetch = globalThis.fetch;
  let jar = '';
  globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar) headers.set('cookie', jar);
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') headers.set('origin', origin);
    const response = await original(input, { ...init, headers });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0];
      jar = pair.endsWith('=') ? '' : pair;
    }
    return response;
  }) as Fetch;
  return { restore: () => (globalThis.fetch = original), cookies: () => jar };
}

/** A client keeping its token in memory, with the publishable key when one is given. */
export function sdk(baseUrl: string, type: 'jwt' | 'session', key: string | undefined) {
  const memory = new Map<string, string>();
  return new Medusa({
    baseUrl,
    publishableKey: key,
    auth: {
      type,
      jwtTokenStorageMethod: 'custom',
      storage: {
        getItem: (key: string) => memory.get(key) ?? null,
        setItem: (key: string, value: string) => void memory.set(key, value),
        removeItem: (key: string) => void memory.delete(key),
      },
    },
  });
}

/** The error a call that must fail throws; fails the test when the call succeeds. */
export async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    return error as FetchError;
  }
  throw new Error('the call succeeded');
}
