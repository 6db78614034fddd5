// Requesting an IntellectDialog account (F3), by both ways in.
import { test, expect, SEVER_ADMIN, VOLNA_STAFF } from './fixtures';
import { signIn } from './actions';
import { Page } from '@playwright/test';

async function fillAndSend(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Заявка на подключение IntellectDialog' });
  await expect(dialog.getByLabel('Средство размещения')).not.toHaveValue('');
  await dialog.getByRole('button', { name: 'Отправить' }).click();
  await expect(dialog.locator('#phone-error')).toHaveText('Заполните это поле.');
  await dialog.getByLabel('Телефон').fill('+7 (862) 555-01-23');
  await dialog.getByLabel('Комментарий').fill('Нужен WhatsApp для сервисных рассылок');
  await dialog.getByRole('button', { name: 'Отправить' }).click();
  await expect(dialog.getByTestId('request-sent')).toContainText('Менеджер IntellectDialog свяжется с вами');
  await dialog.getByRole('button', { name: 'Закрыть' }).click();
  await expect(page.getByTestId('account-requests').getByTestId('request-status').first()).toHaveText(/Отправ|повторим/);
}

test('«Начать настройку» leads to the request form, even without the module', async ({ page }) => {
  await signIn(page, SEVER_ADMIN);
  const card = page.getByTestId('integration-card-intellectdialog');

  await card.getByRole('button', { name: 'Начать настройку' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Оставить заявку IntellectDialog' }).click();

  await expect(page.getByRole('dialog').getByLabel('Средство размещения')).toHaveValue('Гостиница «Север»');
  await fillAndSend(page);
});

test('«Подключить» → «Оставьте заявку» leads to the same form', async ({ page }) => {
  await signIn(page, VOLNA_STAFF);
  const card = page.getByTestId('integration-card-intellectdialog');

  await card.getByRole('button', { name: 'Подключить' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Оставьте заявку' }).click();

  await expect(page.getByRole('dialog').getByLabel('Контактное лицо')).toHaveValue('Анна Кузнецова');
  await fillAndSend(page);
});
