import { defineConfig, devices } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

// The release server built by `cargo leptos build --release`, started once per database.
// scripts/test.sh creates the PostgreSQL database and passes it in E2E_POSTGRES_URL.
const root = path.resolve(__dirname, '..');
const serverBin = process.env.SERVER_BIN ?? path.join(root, 'target/release/server');
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.join(root, 'target/site');
// Kept in the environment: Playwright loads this file again in each worker process, and the
// workers (which inherit the environment) must find the same directory.
const runDir = (process.env.E2E_RUN_DIR ??= path.join(os.tmpdir(), `ca-e2e-${process.pid}`));

const backends = [
  { name: 'sqlite', port: 3110, databaseUrl: `sqlite://${runDir}/e2e.db` },
  ...(process.env.E2E_POSTGRES_URL
    ? [{ name: 'postgres', port: 3111, databaseUrl: process.env.E2E_POSTGRES_URL }]
    : []),
];

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
  projects: backends.map((backend) => ({
    name: backend.name,
    use: { ...chromium, baseURL: `http://127.0.0.1:${backend.port}` },
    // For tests that run the server binary's commands against the same database
    // (e.g. `create-publishable-key`): see tests/helpers.ts.
    metadata: { serverBin, databaseUrl: backend.databaseUrl },
  })),
  webServer: backends.map((backend) => ({
    command: `mkdir -p ${runDir} && exec ${serverBin} serve`,
    url: `http://127.0.0.1:${backend.port}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${backend.port}`,
      LEPTOS_SITE_ROOT: siteRoot,
      DATABASE_URL: backend.databaseUrl,
      // Emails land here, one .eml file each; names sort by time, so the newest is last.
      OUTBOX_DIR: path.join(runDir, `outbox-${backend.name}`),
      RUST_LOG: 'warn',
      // Every test signs in from 127.0.0.1: the whole suite is one client address, so the
      // per-address limit is raised above what the suite uses. The per-account limit (which
      // account.spec.ts checks) stays as shipped.
      AUTH_RATE_LIMIT_PER_ADDRESS: '1000/15m',
    },
  })),
});
