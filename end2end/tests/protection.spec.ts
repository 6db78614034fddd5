// Sender protection on «Отель «Волна»» (connected and activated by
// chats.spec.ts): an administrator sets caps and a window and sees them on
// the number's panel, switching a mailing on asks first with the count, the
// forecast shows tomorrow's load, a guest's «СТОП» opts them out, and a
// number WhatsApp blocks pauses itself until an administrator resumes it.
import { test, expect, open, VOLNA_ADMIN, DEMO_WHATSAPP_PROVIDER } from './fixtures';
import { signIn } from './actions';
import { APIRequestContext, Page } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

const SETTINGS = '/guests/contact-center/intellectdialog';
const PMS_TOKEN = 'ccpms_demo-volna-5b1e9d3c7a2f4e68';
// A demo booking whose welcome is planned three days ahead (see demo_bookings.rs).
const LATER_BOOKING = { number: 'VOL-1011', phone: '+79125551010' };

/** `DD.MM.YYYY` of the Moscow date `days` after today. */
function moscowDate(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  const parts = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' })
    .formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}.${part('month')}.${part('year')}`;
}

async function setProvider(request: APIRequestContext, change: object): Promise<void> {
  const response = await request.put(`/intellectdialog-emulator/control/providers/${DEMO_WHATSAPP_PROVIDER}`, { data: change });
  expect(response.ok(), await response.text()).toBeTruthy();
}

async function saveProtection(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Сохранить защиту' }).click();
  await expect(page.getByTestId('protection-saved')).toBeVisible();
}

test('an administrator sets caps and a window and sees them on the panel', async ({ page }) => {
  await signIn(page, VOLNA_ADMIN);
  await open(page, SETTINGS);
  const protection = page.getByTestId('sender-protection');
  await expect(protection.getByRole('heading', { name: 'Защита номера от блокировки' })).toBeVisible();
  // Safe defaults without reading anything.
  await expect(protection.getByLabel('Не больше сообщений в час')).toHaveValue('12');
  await expect(protection.getByLabel('Не больше сообщений в сутки')).toHaveValue('100');

  await protection.getByLabel('Не больше сообщений в час').fill('6');
  await protection.getByLabel('Не больше сообщений в сутки').fill('40');
  await protection.getByLabel('С', { exact: true }).fill('08:00');
  await protection.getByLabel('До', { exact: true }).fill('22:00');
  await saveProtection(page);

  const panel = page.getByTestId('sender-panel');
  await expect(panel.getByTestId('window')).toContainText('08:00–22:00');
  await expect(panel.getByTestId('sent-hour')).toContainText('/ 6');
  // A new number: day 1 of the warm-up caps today at 20, under the daily 40.
  await expect(panel.getByTestId('sent-today')).toContainText('/ 20');
  await expect(panel.getByTestId('warmup')).toContainText('прогрев: день 1 из 7');

  // A refused value is named beside its field.
  await protection.getByLabel('Не больше сообщений в час').fill('900');
  await page.getByRole('button', { name: 'Сохранить защиту' }).click();
  await expect(page.getByTestId('protection-invalid')).toBeVisible();
  await expect(protection.locator('#hourly_cap-error')).not.toBeEmpty();
  await protection.getByLabel('Не больше сообщений в час').fill('6');
  await saveProtection(page);
});

test('switching a mailing on asks first with the count, and the forecast shows tomorrow', async ({ page }) => {
  await signIn(page, VOLNA_ADMIN);
  await open(page, '/guests/mailings');
  const welcome = page.getByRole('switch', { name: 'welcome-письмо' });
  await welcome.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('switch-preview')).toHaveText(/Будет отправлено сейчас: \d+, в ближайшие сутки: \d+\./);
  // «Отмена» leaves it off.
  await dialog.getByRole('button', { name: 'Отмена' }).click();
  await expect(welcome).toHaveAttribute('aria-checked', 'false');
  await welcome.click();
  await page.getByTestId('confirm-switch-on').click();
  await expect(welcome).toHaveAttribute('aria-checked', 'true');

  await page.reload();
  const chart = page.getByTestId('forecast-chart');
  await expect(chart).toBeVisible();
  const tomorrow = moscowDate(1);
  const bars = chart.locator(`rect[data-hour^="${tomorrow}"]`);
  await expect(bars.first()).toBeAttached();
  const planned = await bars.evaluateAll((rects) => rects.reduce((sum, rect) => sum + Number(rect.getAttribute('data-planned')), 0));
  expect(planned, `tomorrow's planned sends on the chart`).toBeGreaterThan(0);
  await expect(page.getByTestId('forecast-list')).toContainText('VOL-1009');
});

test('a guest who writes «СТОП» gets no more mailings and the timeline says why', async ({ page, request }) => {
  const response = await request.post('/intellectdialog-emulator/control/guest-messages', {
    data: { phone: LATER_BOOKING.phone, text: 'СТОП' },
  });
  expect(response.ok()).toBeTruthy();
  await signIn(page, VOLNA_ADMIN);
  await open(page, '/guests/mailings/welcome');
  await page.getByLabel('Номер бронирования').fill(LATER_BOOKING.number);
  await page.getByRole('button', { name: 'Показать' }).click();
  const row = page.getByTestId('booking-timeline').locator('tbody tr').first();
  await expect(row).toHaveAttribute('data-state', 'skipped');
  await expect(row).toContainText('гость отказался от рассылок');

  await open(page, '/guests/mailings');
  await expect(page.getByTestId('opt-outs').getByTestId('opt-out')).toContainText(LATER_BOOKING.phone);
});

test('a number the emulator blocks pauses itself, says why, and an administrator resumes it', async ({ page, request }) => {
  test.setTimeout(120_000);
  await signIn(page, VOLNA_ADMIN);
  await open(page, SETTINGS);
  const protection = page.getByTestId('sender-protection');
  // Any hour and no caps in the way, so a send is tried at once whatever the time.
  await protection.getByTestId('window-on').uncheck();
  await protection.getByLabel('Не больше сообщений в час').fill('600');
  await protection.getByLabel('Не больше сообщений в сутки').fill('5000');
  // Checking it only asks first: the box stays clear until the warning is confirmed.
  await protection.getByTestId('warmed').click();
  await expect(page.getByRole('dialog')).toContainText('WhatsApp чаще всего блокирует именно новые номера');
  await page.getByTestId('confirm-warmed').click();
  await expect(protection.getByTestId('warmed')).toBeChecked();
  await saveProtection(page);
  await expect(page.getByTestId('sender-panel').getByTestId('warmup')).toContainText('отмечен как прогретый');

  await setProvider(request, { status: 'blocked' });
  // A guest arriving tomorrow: the welcome's moment passed, so it is due now.
  const arrival = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const booking = await request.put('/api/v1/bookings/VOL-BLOCK-1', {
    headers: { authorization: `Bearer ${PMS_TOKEN}` },
    data: {
      status: 'active', source: 'site', guaranteed: true,
      arrival: `${arrival}T14:00`, departure: `${arrival}T23:00`,
      guest: { name: 'Ирина Блок', phone: '+7 912 777-00-01', language: 'ru' },
      booked_at: new Date().toISOString(), modified_at: new Date().toISOString(),
    },
  });
  expect(booking.status(), await booking.text()).toBe(201);

  const panel = page.getByTestId('sender-panel');
  await open(page, '/guests/mailings');
  await expect(async () => {
    await page.reload();
    await expect(panel).toHaveAttribute('data-paused', 'true', { timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  await expect(panel.getByTestId('pause-reason')).toHaveText('WhatsApp заблокировал номер');
  await open(page, '/guests/contact-center');
  await expect(page.getByTestId('integration-card-intellectdialog')).toContainText('WhatsApp заблокировал номер');

  await setProvider(request, { status: 'active' });
  await open(page, '/guests/mailings');
  await panel.getByRole('button', { name: 'Возобновить' }).click();
  await expect(page.getByRole('dialog')).toContainText('WhatsApp заблокировал номер');
  await page.getByTestId('confirm-resume').click();
  await expect(panel).toHaveAttribute('data-paused', 'false');
});
