// PMS API tokens on the Contact Center settings: issued once with a copy
// button, listed with their last use, revoked after confirming; staff do not
// see the block.
import { test, expect, BRIZ_ADMIN, BRIZ_STAFF } from './fixtures';
import { signIn } from './actions';

test('an administrator issues a token, the PMS uses it, and it is revoked', async ({ page, request, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, BRIZ_ADMIN);
  const block = page.getByTestId('pms-tokens');
  await expect(block.getByRole('heading', { name: 'Токены API для PMS' })).toBeVisible();

  await block.getByRole('button', { name: 'Выпустить токен' }).click();
  await expect(block.locator('#pms-token-label-error')).toHaveText('Заполните это поле.');
  await block.getByLabel('Название').fill('Shelter PMS');
  await block.getByRole('button', { name: 'Выпустить токен' }).click();

  const token = await block.getByTestId('pms-token-value').textContent();
  expect(token).toMatch(/^ccpms_/);
  await block.getByRole('button', { name: 'Копировать' }).click();
  await expect(block.getByRole('button', { name: 'Скопировано' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  const row = block.getByTestId('pms-token').filter({ hasText: 'Shelter PMS' });
  await expect(row).toContainText('Не использовался');

  const used = await request.get('/api/v1/staff-users', { headers: { Authorization: `Bearer ${token}` } });
  expect(used.status()).toBe(200);
  await page.reload();
  // «Последний запрос» now shows when the PMS used it.
  await expect(row.locator('td').nth(2)).toHaveText(/^\d\d\.\d\d\.\d{4} \d\d:\d\d UTC$/);
  // Shown once: after a reload only the label is left.
  await expect(block.getByTestId('pms-token-value')).toHaveCount(0);

  await row.getByRole('button', { name: 'Отозвать' }).click();
  const dialog = page.getByRole('dialog', { name: 'Отозвать токен?' });
  await expect(dialog).toContainText('«Shelter PMS»');
  await dialog.getByTestId('confirm-revoke-pms-token').click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toHaveCount(0);
  const refused = await request.get('/api/v1/staff-users', { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
});

test('staff do not see the PMS tokens', async ({ page }) => {
  await signIn(page, BRIZ_STAFF);
  await expect(page.getByTestId('integration-card-intellectdialog')).toBeVisible();
  await expect(page.getByTestId('pms-tokens')).toHaveCount(0);
});
