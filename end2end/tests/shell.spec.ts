import { test, expect, open, SEVER_ADMIN, VOLNA_ADMIN, VOLNA_STAFF } from './fixtures';
import { openTab, signIn, switchLanguage } from './actions';

test('the navigation leads through «Мои гости» to every section', async ({ page }) => {
  await signIn(page, VOLNA_STAFF);
  await expect(page.getByRole('navigation', { name: 'breadcrumbs' })).toContainText('Управление гостями › Мои гости');

  await openTab(page, 'Рассылки');
  await expect(page.getByRole('heading', { level: 1, name: 'Рассылки' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Рассылки' })).toHaveAttribute('aria-current', 'page');

  await openTab(page, 'Чаты с гостями');
  await expect(page.getByRole('heading', { level: 1, name: 'Чаты с гостями' })).toBeVisible();

  await openTab(page, 'Контакт-центр');
  await expect(page.getByRole('heading', { name: 'Подключение контакт-центра' })).toBeVisible();
  await expect(page.getByTestId('integration-card-intellectdialog')).toContainText('IntellectDialog');
});

test('the language switch turns the app to English and the choice survives a reload', async ({ page }) => {
  await signIn(page, VOLNA_ADMIN);

  await switchLanguage(page, 'English');
  await expect(page.getByRole('heading', { name: 'Contact center connection' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');

  await open(page, '/guests/mailings');
  await expect(page.getByRole('heading', { level: 1, name: 'Mailings' })).toBeVisible();

  await switchLanguage(page, 'Русский');
  await expect(page.getByRole('heading', { level: 1, name: 'Рассылки' })).toBeVisible();
});

test('a property without the Contact Center module sees what is missing and cannot connect', async ({ page }) => {
  await signIn(page, SEVER_ADMIN);

  const card = page.getByTestId('integration-card-intellectdialog');
  await expect(card.getByTestId('subscription-gate')).toContainText('модуль «Контакт-центр»');
  await expect(card.getByTestId('subscription-gate')).toContainText('тариф «Базовый»');
  await expect(card.getByRole('button', { name: 'Подключить' })).toBeDisabled();
  await expect(card.getByRole('button', { name: 'Начать настройку' })).toBeEnabled();
});

test('a subscribed property can open the connection instructions', async ({ page }) => {
  await signIn(page, VOLNA_ADMIN);
  const card = page.getByTestId('integration-card-intellectdialog');
  await expect(card.getByTestId('subscription-gate')).toHaveCount(0);

  await card.getByRole('button', { name: 'Подключить' }).click();

  const dialog = page.getByRole('dialog', { name: 'Подключение IntellectDialog' });
  await expect(dialog).toContainText('Задержка отправки (сек.)');
  await dialog.getByRole('button', { name: 'Закрыть' }).click();
  await expect(dialog).toHaveCount(0);
});

test('an unknown address shows a page that leads back', async ({ page }) => {
  await open(page, '/nowhere');

  await expect(page.getByRole('heading', { name: 'Страница не найдена' })).toBeVisible();
  await page.getByRole('link', { name: 'Вернуться в «Контакт-центр»' }).click();
  await expect(page).toHaveURL(/\/login\?next=\/guests\/contact-center/);
});
