// Playwright drives Debian's Chromium against the release build, started here
// on its own port with a throw-away SQLite database and the demo data.
import { defineConfig } from '@playwright/test';
import * as path from 'path';

const port = Number(process.env.E2E_PORT ?? 3100);
const root = path.resolve(__dirname, '..');
const dataDir = path.join(__dirname, '.tmp', `run-${Date.now()}`);

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
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
  },
  webServer: {
    command: `mkdir -p "${dataDir}" && exec target/release/contact-center`,
    cwd: root,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    env: {
      APP_SERVER__ADDRESS: `127.0.0.1:${port}`,
      APP_DATABASE__URL: `sqlite://${dataDir}/e2e.db`,
      APP_DEMO__SEED: 'true',
      APP_EMULATOR__ENABLED: 'true',
      // The demo host page (a stand-in PMS) on another origin: http://localhost:<port + 2>.
      APP_DEMO_HOST__ADDRESS: `127.0.0.1:${port + 2}`,
      APP_EMBEDDING__LAUNCH_SECRET: 'e2e-launch-secret-0123456789abcdefghij',
      APP_SECURITY__MASTER_KEY: 'KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=',
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_ENV: 'PROD',
      RUST_LOG: 'info',
    },
  },
});
