// Shared test set-up: every test fails on an uncaught page error, and pages
// are only touched after hydration (the app marks <body data-hydrated>).
import { test as base, expect, Page } from '@playwright/test';

export const VOLNA_ADMIN = { email: 'admin@volna.example', password: 'Volna-Admin-2026' };
export const VOLNA_STAFF = { email: 'anna@volna.example', password: 'Volna-Staff-2026' };
export const SEVER_ADMIN = { email: 'admin@sever.example', password: 'Sever-Admin-2026' };

export const test = base.extend<{ pageErrors: Error[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: Error[] = [];
      page.on('pageerror', (error) => errors.push(error));
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
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
