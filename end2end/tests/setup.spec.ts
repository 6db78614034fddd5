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

// F10–F11: with the integration active, switching welcome-письмо on sends it
// to the demo bookings already within its window (the default "send at once"
// for bookings past their send moment), one interval apart.
test('welcome-письмо switched on sends a due demo booking: planned → sent → delivered', async ({ page, request }) => {
  // Slow delivery reports down so "sent" can be seen before "delivered".
  const timings = await request.put('/intellectdialog-emulator/control/timings', {
    data: { delivered_after_ms: 6000, read_after_ms: 600000 },
  });
  expect(timings.ok()).toBeTruthy();
  await signIn(page, BRIZ_ADMIN);
  // This test runs at any hour: the number may send outside the default 09:00–21:00.
  await open(page, '/guests/contact-center/intellectdialog');
  await page.getByTestId('sender-protection').getByTestId('window-on').uncheck();
  await page.getByRole('button', { name: 'Сохранить защиту' }).click();
  await expect(page.getByTestId('protection-saved')).toBeVisible();
  await open(page, '/guests/mailings');
  const mailings = page.getByTestId('mailings');

  // «Способ отправки»: the WhatsApp Web method lists all three.
  await page.getByLabel('Способ отправки').selectOption({ label: 'WhatsApp Web (IntellectDialog)' });
  await expect(mailings.locator('tbody tr')).toHaveCount(3);
  await page.getByLabel('Способ отправки').selectOption({ label: 'Все способы' });

  const welcome = page.getByRole('switch', { name: 'welcome-письмо' });
  await welcome.click();
  // It asks first, saying how many guests it messages now and within a day.
  await expect(page.getByTestId('switch-preview')).toContainText('Будет отправлено сейчас:');
  await page.getByTestId('confirm-switch-on').click();
  await expect(welcome).toHaveAttribute('aria-checked', 'true');

  await page.getByRole('link', { name: 'welcome-письмо' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'welcome-письмо' })).toBeVisible();
  const queue = page.getByTestId('mailing-queue');
  // The others wait for the number's interval.
  await expect(queue.locator('tr[data-state="planned"]').first()).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(queue.locator('tr[data-state="sent"]').first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(async () => {
    await page.reload();
    await expect(queue.locator('tr[data-state="delivered"]').first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(queue.locator('tr[data-state="delivered"]').first()).toContainText('Доставлено');
  await expect(page.getByTestId('sender')).toContainText('сегодня отправлено 1');

  const sent = await request.get('/intellectdialog-emulator/control/sent-messages');
  const messages = (await sent.json()).messages as Array<{ provider_id: string; text: string; phone: string }>;
  const welcomes = messages.filter((message) => message.text.includes('Отель «Бриз»'));
  expect(welcomes).toHaveLength(1);
  expect(welcomes[0].provider_id).toBe(DEMO_WHATSAPP_PROVIDER);

  // The booking's timeline says what it got.
  const row = queue.locator('tr[data-state="delivered"]').first();
  const number = (await row.locator('td').first().textContent())?.trim() ?? '';
  await page.getByLabel('Номер бронирования').fill(number);
  await page.getByRole('button', { name: 'Показать' }).click();
  await expect(page.getByTestId('booking-timeline')).toContainText('welcome-письмо');
  await expect(page.getByTestId('booking-timeline')).toContainText('Доставлено');
});

test('a template with an unknown placeholder is refused before saving, and the preview follows the text', async ({ page }) => {
  await signIn(page, BRIZ_ADMIN);
  await open(page, '/guests/mailings/feedback');
  const template = page.getByLabel('Текст на русском');

  await template.fill('Спасибо, {guest_name}! Оцените {hotel}.');
  await expect(page.getByTestId('settings-problems')).toContainText('неизвестная подстановка {hotel}');
  await expect(page.getByRole('button', { name: 'Сохранить настройки' })).toBeDisabled();

  await template.fill('Спасибо, {guest_name}! Будем рады видеть вас в {property_name} снова.');
  await expect(page.getByTestId('preview-ru')).toHaveText('Спасибо, Анна Иванова! Будем рады видеть вас в Отель «Бриз» снова.');
  await page.getByRole('button', { name: 'Сохранить настройки' }).click();
  await expect(page.getByTestId('settings-saved')).toHaveText('Настройки сохранены, расписание пересчитано.');
  await page.reload();
  await expect(page.getByLabel('Текст на русском')).toHaveValue('Спасибо, {guest_name}! Будем рады видеть вас в {property_name} снова.');
});
