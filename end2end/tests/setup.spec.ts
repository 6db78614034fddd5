// The administrator's path from nothing to an active integration (F4–F6, F9,
// F10), on «Отель «Бриз»» so the other specs keep an untouched property.
import { test, expect, open, BRIZ_ADMIN, BRIZ_STAFF, DEMO_API_KEY, DEMO_WHATSAPP_PROVIDER } from './fixtures';
import { signIn } from './actions';
import { APIRequestContext, Page } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

async function setFaults(request: APIRequestContext, faults: object | null): Promise<void> {
  const url = '/intellectdialog-emulator/control/faults';
  const response = faults
    ? await request.put(url, { data: faults })
    : await request.delete(url, { headers: { 'content-type': 'application/json' } });
  expect(response.ok()).toBeTruthy();
}

async function openSettingsFromCard(page: Page): Promise<void> {
  const card = page.getByTestId('integration-card-intellectdialog');
  await card.getByRole('button', { name: 'Подключить' }).click();
  await page.getByRole('dialog').getByRole('link', { name: 'Подключить IntellectDialog' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Подключение Intellect Dialog' })).toBeVisible();
}

async function checkKey(page: Page, key: string): Promise<void> {
  await page.getByLabel('ApiKey').fill(key);
  await page.getByRole('button', { name: 'Проверить интеграцию' }).click();
}

test('a wrong key gets an input error notification and stays for correction', async ({ page }) => {
  await signIn(page, BRIZ_ADMIN);
  await openSettingsFromCard(page);

  await checkKey(page, 'idk-wrong-key-0000000000');

  await expect(page.getByTestId('integration-error')).toContainText('Ошибка ввода данных');
  await expect(page.getByLabel('ApiKey')).toHaveValue('idk-wrong-key-0000000000');
});

test('an outage is explained as such, and a retry connects once IntellectDialog is back', async ({ page, request }) => {
  await signIn(page, BRIZ_ADMIN);
  await open(page, '/guests/contact-center/intellectdialog');
  await setFaults(request, { outage: true });

  try {
    await checkKey(page, DEMO_API_KEY);
    const error = page.getByTestId('integration-error');
    await expect(error).toContainText('IntellectDialog сейчас недоступен');
    await expect(error).not.toContainText('Ошибка ввода данных');
  } finally {
    await setFaults(request, null);
  }
  await page.getByRole('button', { name: 'Повторить' }).click();

  await expect(page.getByTestId('integration-notice')).toContainText('Интеграция настроена');
  await expect(page.getByTestId('integration-notice')).toContainText('ООО «Отель Волна»');
  await expect(page.getByLabel('ApiKey')).toHaveAttribute('placeholder', /^•+4f30$/);
});

test('the provider is chosen among the organisation\'s two and saved', async ({ page }) => {
  await signIn(page, BRIZ_ADMIN);
  await open(page, '/guests/contact-center/intellectdialog');
  const select = page.getByLabel('Тип и название');
  await expect(select.locator('option')).toHaveCount(3);
  await expect(select.locator('option', { hasText: 'не для сервисных рассылок' })).toHaveCount(1);

  await select.selectOption(DEMO_WHATSAPP_PROVIDER);
  await page.getByRole('button', { name: 'Сохранить' }).click();

  await expect(page.getByTestId('integration-notice')).toHaveText('Настройки сохранены');
  await open(page, '/guests/contact-center/intellectdialog');
  await expect(page.getByLabel('Тип и название')).toHaveValue(DEMO_WHATSAPP_PROVIDER);
});

test('activating with unsaved changes asks first; «Отмена» returns, «Активировать» saves and activates', async ({ page }) => {
  await signIn(page, BRIZ_ADMIN);
  await open(page, '/guests/contact-center/intellectdialog');
  const toggle = page.getByRole('switch', { name: 'Активировать интеграцию' });
  await page.getByLabel(/Интервал между сервисными сообщениями/).fill('600');

  await toggle.click();
  const dialog = page.getByRole('dialog', { name: 'Активация рассылки' });
  await dialog.getByRole('button', { name: 'Отмена' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-checked', 'false');

  await toggle.click();
  await dialog.getByRole('button', { name: 'Активировать' }).click();

  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('activation-status')).toHaveText('Активировано');
  await expect(page.getByLabel(/Интервал между сервисными сообщениями/)).toHaveValue('600');
  await expect(page.getByTestId('audit-log')).toContainText('Интеграция активирована');
  await open(page, '/guests/contact-center');
  await expect(page.getByTestId('integration-status')).toHaveText('Активировано');
  await open(page, '/guests/mailings');
  const mailings = page.getByTestId('mailings');
  await expect(mailings.locator('tbody tr')).toHaveCount(3);
  await expect(mailings).toContainText('welcome-письмо');
  await expect(mailings).toContainText('Работа с негарантированными бронированиями');
  await expect(mailings.locator('tbody tr').first()).toContainText('Выключена');
});

test('the card\'s own switch turns the integration off and on again', async ({ page }) => {
  await signIn(page, BRIZ_ADMIN);
  const card = page.getByTestId('integration-card-intellectdialog');
  const toggle = card.getByRole('switch', { name: 'Активировать интеграцию' });
  await expect(toggle).toHaveAttribute('aria-checked', 'true');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(card.getByTestId('integration-status')).toHaveText('Подключено');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(card.getByTestId('integration-status')).toHaveText('Активировано');
});

test('a staff user sees the integration read-only', async ({ page }) => {
  await signIn(page, BRIZ_STAFF);
  await open(page, '/guests/contact-center/intellectdialog');

  await expect(page.getByText('Изменять подключение может только администратор.')).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Активировать интеграцию' })).toBeDisabled();
  await expect(page.getByLabel('ApiKey')).toBeDisabled();
  await expect(page.getByTestId('audit-log')).toHaveCount(0);
});
