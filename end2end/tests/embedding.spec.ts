// The app embedded in a host PMS: the demo host page (another origin, so a
// cross-site frame) mints launch tokens and shows the app in an iframe.
import { FrameLocator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

const appPort = Number(process.env.E2E_PORT ?? 3100);
const HOST = `http://localhost:${appPort + 2}`;
const APP_ORIGIN = `http://127.0.0.1:${appPort}`;

/** Opens the demo host page and launches the app as one of its users. */
async function launchAs(page: Page, user: RegExp, pagePath = 'Контакт-центр'): Promise<FrameLocator> {
  await page.goto(`${HOST}/`);
  await page.getByLabel('Пользователь PMS').selectOption({ label: (await optionLabel(page, user)) });
  await page.getByLabel('Открыть страницу').selectOption({ label: pagePath });
  await page.getByRole('button', { name: 'Открыть Контакт-центр' }).click();
  const frame = page.frameLocator('iframe#app');
  await expect(frame.locator('body')).toHaveAttribute('data-hydrated', 'true');
  return frame;
}

async function optionLabel(page: Page, user: RegExp): Promise<string> {
  const labels = await page.getByLabel('Пользователь PMS').locator('option').allTextContents();
  const label = labels.find((text) => user.test(text));
  if (!label) throw new Error(`no demo PMS user matches ${user}: ${labels.join(', ')}`);
  return label;
}

function appFrame(page: Page) {
  const frame = page.frames().find((candidate) => candidate.url().startsWith(APP_ORIGIN));
  if (!frame) throw new Error('the app frame is not there');
  return frame;
}

test('a staff user launched from the host works inside the cross-site frame', async ({ page, context }) => {
  const frame = await launchAs(page, /Анна Кузнецова/);

  await expect(frame.getByTestId('current-user')).toContainText('Анна Кузнецова · сотрудник');
  await expect(frame.getByTestId('current-property')).toHaveText('Отель «Волна»');
  // The session cookie was accepted by Chromium in the cross-site frame, partitioned.
  const session = (await context.cookies(APP_ORIGIN)).find((cookie) => cookie.name === 'cc_session');
  expect(session, 'a session cookie in the frame').toBeTruthy();
  expect(session?.sameSite).toBe('None');
  expect(session?.secure).toBe(true);
  expect(session?.partitionKey, 'partitioned by the host site').toBe('http://localhost');

  // Navigation inside the frame loads the section through a server function.
  await frame.getByRole('navigation', { name: 'Разделы «Мои гости»' }).getByRole('link', { name: 'Рассылки' }).click();
  await expect(frame.getByRole('heading', { level: 1, name: 'Рассылки' })).toBeVisible();
  // The app tells the host which page is open.
  await expect(page.locator('#frame-title')).toContainText('Рассылки');

  // The language switch persists in the frame: a reload of the frame keeps it (and the session).
  await frame.getByRole('button', { name: 'English' }).click();
  await expect(frame.getByRole('heading', { level: 1, name: 'Mailings' })).toBeVisible();
  await appFrame(page).goto(`${APP_ORIGIN}/guests/contact-center`);
  await expect(frame.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(frame.getByRole('heading', { name: 'Contact center connection' })).toBeVisible();
  await expect(frame.getByTestId('current-user')).toContainText('Анна Кузнецова · staff');

  // The host asks the app to open a page.
  await page.getByRole('button', { name: 'Чаты с гостями' }).click();
  await expect(frame.getByRole('heading', { level: 1, name: 'Guest chats' })).toBeVisible();
  await expect(page.locator('#frame-title')).toContainText('Guest chats');
});

test('an admin launched on a chosen page can act, and signing out in the frame says how to come back', async ({ page }) => {
  const frame = await launchAs(page, /Ольга Смирнова/, 'Рассылки');

  await expect(frame.getByRole('heading', { level: 1, name: 'Рассылки' })).toBeVisible();
  await expect(frame.getByTestId('current-user')).toContainText('Ольга Смирнова · администратор');

  // A state-changing server function (sign-out) passes the CSRF check inside the frame.
  await frame.getByRole('button', { name: 'Выйти' }).click();
  await expect(frame.getByRole('heading', { name: 'Вход в личный кабинет' })).toBeVisible();
  await expect(frame.getByTestId('embedded-notice')).toContainText('откройте его из PMS ещё раз');

  // A password still works inside the frame: the sign-in asks for a cookie the frame keeps.
  await expect(frame.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await frame.getByLabel('E-mail').fill('admin@volna.example');
  await frame.getByLabel('Пароль').fill('Volna-Admin-2026');
  await frame.getByRole('button', { name: 'Войти' }).click();
  await expect(frame.getByTestId('current-user')).toContainText('Ольга Смирнова · администратор');
});

test('a PMS user unknown to the Contact Center is created by the first launch', async ({ page }) => {
  const frame = await launchAs(page, /Мария Новикова/);

  await expect(frame.getByTestId('current-user')).toContainText('Мария Новикова · сотрудник');
});
