// Shared test set-up: every test fails on an uncaught page error or on
// anything the Content-Security-Policy blocked, and pages are only touched
// after hydration (the app marks <body data-hydrated>).
import { test as base, expect, Page } from '@playwright/test';

export const VOLNA_ADMIN = { email: 'admin@volna.example', password: 'Volna-Admin-2026' };
export const VOLNA_STAFF = { email: 'anna@volna.example', password: 'Volna-Staff-2026' };
export const BRIZ_ADMIN = { email: 'admin@briz.example', password: 'Briz-Admin-2026' };
export const BRIZ_STAFF = { email: 'staff@briz.example', password: 'Briz-Staff-2026' };
export const DEMO_API_KEY = 'idk-demo-volna-6f1d2c9a8b7e4f30';
export const DEMO_WHATSAPP_PROVIDER = 'b6f8a0c2-0001-4000-8000-0000a0000001';
export const SEVER_ADMIN = { email: 'admin@sever.example', password: 'Sever-Admin-2026' };

export const test = base.extend<{ pageErrors: Error[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: Error[] = [];
      const blocked: string[] = [];
      page.on('pageerror', (error) => errors.push(error));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
          blocked.push(message.text());
        }
      });
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
      expect(blocked, 'what the Content-Security-Policy blocked').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens a path and waits until the WASM app has hydrated it. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}
