// Live guest chats (F7, F8) on «Отель «Волна»»: an administrator maps users,
// two browsers see the dialogs their IntellectDialog employees may see, live,
// a reply leaves as the right employee, and a dropped connection loses nothing.
import { test, expect, open, VOLNA_ADMIN, VOLNA_STAFF, DEMO_API_KEY, DEMO_WHATSAPP_PROVIDER } from './fixtures';
import { signIn } from './actions';
import { APIRequestContext, FrameLocator, Page } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

const ASSIGNED_EMPLOYEE = 'b6f8a0c2-0001-4000-8000-0000e0000003'; // Петров: only assigned dialogs
const ASSIGNED_GUEST = { phone: '+79035556677', name: 'Екатерина Морозова' }; // transferred to Петров
const OTHER_GUEST = { phone: '+79161234567', name: 'Алексей Иванов' }; // nobody's

/** Calls a server function as the signed-in user of `page`. */
async function rpc(page: Page, name: string, form: Record<string, string>): Promise<any> {
  const response = await page.request.post(`/rpc/${name}`, {
    form,
    headers: { origin: new URL(page.url()).origin },
  });
  expect(response.ok(), `${name}: ${await response.text()}`).toBeTruthy();
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

async function guestWrites(request: APIRequestContext, phone: string, text: string): Promise<void> {
  const response = await request.post('/intellectdialog-emulator/control/guest-messages', { data: { phone, text } });
  expect(response.ok()).toBeTruthy();
}

async function mapUser(page: Page, email: string, search: string, employee: string): Promise<void> {
  const row = page.locator(`[data-testid=mapping-row][data-user="${email}"]`);
  await row.getByRole('button').first().click();
  const menu = row.getByTestId('mapping-menu');
  await menu.getByRole('searchbox').fill(search);
  await menu.getByRole('option', { name: new RegExp(employee) }).click();
  await expect(page.getByTestId('mapping-outcome')).toContainText(employee);
  await expect(row.getByRole('button').first()).toHaveText(employee);
}

/** Waits until the page's chat stream is open (the feed marks `<body>`). */
async function streamConnected(page: Page | FrameLocator): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-chat-stream', 'connected');
}

function chatItem(page: Page, name: string) {
  return page.getByTestId('chat-list').getByTestId('chat').filter({ hasText: name });
}

test('an administrator connects «Волна» and maps hotel users to IntellectDialog users', async ({ page }) => {
  await signIn(page, VOLNA_ADMIN);
  // The connection itself is walked through in setup.spec.ts; here it is quick.
  let view = await rpc(page, 'check_api_key', { api_key: DEMO_API_KEY, version: '0' });
  view = await rpc(page, 'save_integration_settings', {
    provider_id: DEMO_WHATSAPP_PROVIDER, send_interval_secs: '60', version: String(view.version),
  });
  await rpc(page, 'set_integration_active', { active: 'true', version: String(view.version) });

  await open(page, '/guests/contact-center/intellectdialog');
  await page.getByRole('link', { name: 'Аккаунты пользователей' }).click();
  const staffRow = page.locator(`[data-testid=mapping-row][data-user="${VOLNA_STAFF.email}"]`);
  await expect(staffRow.getByRole('button').first()).toHaveText('Не выбрано');

  await mapUser(page, VOLNA_ADMIN.email, 'Смирн', 'Смирнова Ольга');
  await mapUser(page, VOLNA_STAFF.email, 'бронир', 'Петров Иван');
  // The drop-down says what each employee may see.
  await staffRow.getByRole('button').first().click();
  await expect(staffRow.getByRole('option', { name: /Соколова Мария.*только назначенные диалоги/ })).toBeVisible();
  await staffRow.getByRole('option', { name: 'Не выбрано' }).click();
  await expect(page.getByTestId('mapping-outcome')).toContainText('снято');
  await mapUser(page, VOLNA_STAFF.email, 'Петров', 'Петров Иван');
});

test('each user sees live only the dialogs their employee may see; a reply leaves as that employee', async ({ browser, request }) => {
  const staffContext = await browser.newContext({ locale: 'ru-RU' });
  const adminContext = await browser.newContext({ locale: 'ru-RU' });
  const staff = await staffContext.newPage();
  const admin = await adminContext.newPage();
  await signIn(staff, VOLNA_STAFF);
  await signIn(admin, VOLNA_ADMIN);
  await open(staff, '/guests/chats');
  await open(admin, '/guests/chats');
  await expect(staff.getByText('как пользователь IntellectDialog «Петров Иван»')).toBeVisible();
  await expect(admin.getByText('как пользователь IntellectDialog «Смирнова Ольга»')).toBeVisible();
  // The connection is up before the guests write.
  await streamConnected(staff);
  await streamConnected(admin);

  await guestWrites(request, ASSIGNED_GUEST.phone, 'Можно заселиться в 10 утра?');
  await guestWrites(request, OTHER_GUEST.phone, 'Нужна детская кроватка');

  // Live, without a reload: the staff user gets only the assigned dialog.
  await expect(chatItem(staff, ASSIGNED_GUEST.name)).toContainText('Можно заселиться в 10 утра?');
  await expect(staff.getByTestId('unread-badge')).toBeVisible();
  await expect(chatItem(admin, ASSIGNED_GUEST.name)).toContainText('Можно заселиться в 10 утра?');
  await expect(chatItem(admin, OTHER_GUEST.name)).toContainText('Нужна детская кроватка');
  await expect(admin.getByTestId('unread-badge')).toBeVisible();
  // Events reach a stream in order: once a later message of the assigned
  // guest is there, the other guest's (earlier) one would have been too.
  await guestWrites(request, ASSIGNED_GUEST.phone, 'Спасибо заранее!');
  await expect(chatItem(staff, ASSIGNED_GUEST.name)).toContainText('Спасибо заранее!');
  await expect(chatItem(staff, OTHER_GUEST.name)).toHaveCount(0);

  // «Мои» keeps the dialogs transferred to the user's employee; the search filters.
  await admin.getByRole('button', { name: 'Мои' }).click();
  await expect(chatItem(admin, OTHER_GUEST.name)).toHaveCount(0);
  await admin.getByRole('button', { name: 'Все' }).click();
  await admin.getByRole('searchbox').fill('кроватка');
  await expect(chatItem(admin, ASSIGNED_GUEST.name)).toHaveCount(0);
  await expect(chatItem(admin, OTHER_GUEST.name)).toHaveCount(1);
  await admin.getByRole('searchbox').fill('');

  // Both open the assigned dialog; the staff user replies (Enter sends).
  await chatItem(admin, ASSIGNED_GUEST.name).click();
  await chatItem(staff, ASSIGNED_GUEST.name).click();
  const thread = staff.getByTestId('thread');
  await expect(thread.getByTestId('message').filter({ hasText: 'Можно заселиться в 10 утра?' })).toBeVisible();
  await expect(chatItem(staff, ASSIGNED_GUEST.name).getByTestId('chat-unread')).toHaveCount(0);
  const box = thread.getByRole('textbox', { name: 'Ответ гостю' });
  await box.fill('Здравствуйте! Да,');
  await box.press('Shift+Enter');
  await box.pressSequentially('номер будет готов.');
  await expect(box).toHaveValue('Здравствуйте! Да,\nномер будет готов.');
  await box.press('Enter');
  const reply = thread.getByTestId('message').filter({ hasText: 'номер будет готов.' });
  await expect(reply).toHaveAttribute('data-state', /sent|delivered|read/);
  await expect(box).toHaveValue('');

  const sent = await (await request.get('/intellectdialog-emulator/control/sent-messages')).json();
  const last = sent.messages[sent.messages.length - 1];
  expect(last.text).toBe('Здравствуйте! Да,\nномер будет готов.');
  expect(last.employee_id).toBe(ASSIGNED_EMPLOYEE);
  expect(last.provider_id).toBe(DEMO_WHATSAPP_PROVIDER);
  expect(last.phone).toBe(ASSIGNED_GUEST.phone);

  // The administrator sees the reply appear in the open dialog, live.
  await expect(admin.getByTestId('thread').getByTestId('message').filter({ hasText: 'номер будет готов.' })).toBeVisible();
  await expect(chatItem(admin, ASSIGNED_GUEST.name)).toContainText('номер будет готов.');
  await staffContext.close();
  await adminContext.close();
});

test('a forged guest message naming another phone changes nothing: the next reply still goes to the guest', async ({ page, request }) => {
  await signIn(page, VOLNA_ADMIN);
  await open(page, '/guests/chats');
  await streamConnected(page);
  await chatItem(page, ASSIGNED_GUEST.name).click();
  const messages = page.getByTestId('thread').getByTestId('message');
  await expect(messages.first()).toBeVisible();

  // An attacker who learned the webhook URL (it travels in logs and proxies).
  const overview = await (await request.get('/intellectdialog-emulator/control')).json();
  const webhook = new URL(overview.organisations[0].webhook.url).pathname;
  const stored = await request.post('/intellectdialog-emulator/control/guest-messages', {
    data: { phone: ASSIGNED_GUEST.phone, text: 'Подлинное, но ещё не объявленное', announce: false },
  });
  const genuine = await stored.json();
  const attacker = '+79990006666';
  const forgeries = [
    // IntellectDialog's own message, "from" the attacker's phone.
    { ...genuine, event: 'new_message', message_id: genuine.id, person_phone: attacker },
    // A message IntellectDialog never had, in the guest's dialog.
    { ...genuine, event: 'new_message', id: 'forged-e2e', message_id: 'forged-e2e', person_phone: attacker,
      text: 'Пишите мне на новый номер' },
  ];
  for (const forged of forgeries) {
    const answer = await request.post(webhook, { data: forged });
    expect(answer.status()).toBe(200);
  }
  // A later genuine event through the same stream: the forged ones would have come first.
  await guestWrites(request, ASSIGNED_GUEST.phone, 'А это пишу я, гость');
  await expect(messages.filter({ hasText: 'А это пишу я, гость' })).toHaveCount(1);
  await expect(messages.filter({ hasText: 'Пишите мне на новый номер' })).toHaveCount(0);

  const box = page.getByTestId('thread').getByRole('textbox', { name: 'Ответ гостю' });
  await box.fill('Ответ остаётся у гостя');
  await box.press('Enter');
  await expect(messages.filter({ hasText: 'Ответ остаётся у гостя' })).toHaveAttribute('data-state', /sent|delivered|read/);
  const sent = await (await request.get('/intellectdialog-emulator/control/sent-messages')).json();
  const last = sent.messages[sent.messages.length - 1];
  expect(last.text).toBe('Ответ остаётся у гостя');
  expect(last.phone).toBe(ASSIGNED_GUEST.phone);
});

test('a guest message written while the browser is offline appears once it is back, never twice', async ({ browser, request }) => {
  const context = await browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await signIn(page, VOLNA_STAFF);
  await open(page, '/guests/chats');
  await chatItem(page, ASSIGNED_GUEST.name).click();
  const messages = page.getByTestId('thread').getByTestId('message');
  await expect(messages.first()).toBeVisible();
  await streamConnected(page);

  await context.setOffline(true);
  await expect(page.getByTestId('chats-offline')).toBeVisible();
  // The emulator answers once the app took the webhook: the message is stored
  // and announced by now, and an offline tab cannot have it.
  await guestWrites(request, ASSIGNED_GUEST.phone, 'Пока вас не было: я приеду к обеду.');
  await expect(messages.filter({ hasText: 'Пока вас не было' })).toHaveCount(0);

  await context.setOffline(false);
  await expect(messages.filter({ hasText: 'Пока вас не было' })).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByTestId('chats-offline')).toBeHidden();
  await streamConnected(page);
  // A later message through the same stream: any second copy of the first
  // would have come before it.
  await guestWrites(request, ASSIGNED_GUEST.phone, 'И ещё: буду с собакой.');
  await expect(messages.filter({ hasText: 'буду с собакой' })).toHaveCount(1);
  await expect(messages.filter({ hasText: 'Пока вас не было' })).toHaveCount(1);
  await context.close();
});

test('inside a host page, the unread count of the user\'s dialogs is posted to the host', async ({ page, request }) => {
  const host = `http://localhost:${Number(process.env.E2E_PORT ?? 3100) + 2}`;
  await page.goto(`${host}/`);
  const users = await page.getByLabel('Пользователь PMS').locator('option').allTextContents();
  await page.getByLabel('Пользователь PMS').selectOption({ label: users.find((label) => /Анна Кузнецова/.test(label)) });
  await page.getByRole('button', { name: 'Открыть Контакт-центр' }).click();
  const frame = page.frameLocator('iframe#app');
  await expect(frame.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await streamConnected(frame);

  await guestWrites(request, ASSIGNED_GUEST.phone, 'Ещё вопрос про парковку');
  await expect(page.locator('#unread-chip')).toBeVisible();
  await expect(page.locator('#unread')).not.toHaveText('0');
  await expect(frame.getByTestId('unread-badge')).toHaveText(await page.locator('#unread').textContent() ?? '');
  // A dialog of someone else's employee does not count.
  const before = Number(await page.locator('#unread').textContent());
  await guestWrites(request, OTHER_GUEST.phone, 'Это не для Анны');
  // Then one for Anna's employee: the count grows by that one alone (events
  // arrive in order, so the other dialog's would have counted first).
  await guestWrites(request, ASSIGNED_GUEST.phone, 'И где зарядка для машины?');
  await expect(frame.getByTestId('unread-badge')).toHaveText(String(before + 1));
  await expect(page.locator('#unread')).toHaveText(String(before + 1));
});

test('a staff user without a mapping is told whom to ask', async ({ page }) => {
  await signIn(page, { email: 'ivan@volna.example', password: 'Volna-Staff-2026' });
  await open(page, '/guests/chats');
  await expect(page.getByTestId('chats-unavailable')).toContainText('Попросите администратора (Ольга Смирнова)');
});
