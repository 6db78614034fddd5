import { test, expect, open, VOLNA_ADMIN } from './fixtures';
import { signIn } from './actions';

test('the demo admin signs in and lands on the Contact Center', async ({ page }) => {
  await signIn(page, VOLNA_ADMIN);

  await expect(page.getByRole('heading', { level: 1, name: 'Контакт-центр' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toContainText('Ольга Смирнова');
  await expect(page.getByTestId('current-property')).toHaveText('Отель «Волна»');
});

test('a wrong password is explained and the user stays on the sign-in page', async ({ page }) => {
  await open(page, '/login');

  await page.getByLabel('E-mail').fill(VOLNA_ADMIN.email);
  await page.getByLabel('Пароль').fill('wrong-password');
  await page.getByRole('button', { name: 'Войти' }).click();

  await expect(page.getByTestId('sign-in-error')).toHaveText(/Неверный e-mail или пароль/);
  await expect(page).toHaveURL(/\/login/);
});

test('empty and malformed fields get a message beside the field', async ({ page }) => {
  await open(page, '/login');

  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.locator('#email-error')).toHaveText('Заполните это поле.');

  await page.getByLabel('E-mail').fill('admin-at-volna');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.locator('#email-error')).toHaveText(/name@example.com/);
  await expect(page.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
});

test('signing out returns to the sign-in page and protects the app again', async ({ page }) => {
  await signIn(page, VOLNA_ADMIN);

  await page.getByRole('button', { name: 'Выйти' }).click();
  await page.waitForURL('**/login');
  await open(page, '/guests/mailings');

  await expect(page).toHaveURL(/\/login\?next=\/guests\/mailings/);
});
