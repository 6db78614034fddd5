// What a person does: sign in, switch language, go to a section.
import { Page } from '@playwright/test';
import { open, waitForHydration } from './fixtures';

export async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await open(page, '/login');
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel(/Пароль|Password/).fill(user.password);
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
  await page.waitForURL('**/guests/contact-center');
  await waitForHydration(page);
}

export async function switchLanguage(page: Page, language: 'Русский' | 'English'): Promise<void> {
  await page.getByRole('button', { name: language }).click();
}

export async function openTab(page: Page, name: RegExp | string): Promise<void> {
  await page.getByRole('navigation', { name: /Разделы|sections/ }).getByRole('link', { name }).click();
}
