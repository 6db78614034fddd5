// Why a message will not go, in the user's language: a booking's timeline
// words each typed reason from the locale files (runs after setup.spec.ts,
// which connects «Бриз» and switches its welcome-письмо on).
import { test, expect, BRIZ_ADMIN, open } from './fixtures';
import { signIn, switchLanguage } from './actions';

// The demo booking without a guest phone (see app/src/ssr/demo_bookings.rs).
const NO_PHONE_BOOKING = 'BRZ-1010';

test('a booking\'s timeline says why nothing is sent, in Russian and in English', async ({ page }) => {
  await signIn(page, BRIZ_ADMIN);
  await open(page, '/guests/mailings/welcome');
  await page.getByLabel('Номер бронирования').fill(NO_PHONE_BOOKING);
  await page.getByRole('button', { name: 'Показать' }).click();
  // One row per mailing, welcome-письмо first.
  const welcome = page.getByTestId('booking-timeline').locator('tbody tr').first();
  await expect(welcome).toContainText('welcome-письмо');
  await expect(welcome).toHaveAttribute('data-state', 'skipped');
  await expect(welcome).toContainText('Не будет отправлено');
  await expect(welcome).toContainText('нет телефона гостя');

  await switchLanguage(page, 'English');
  await expect(welcome).toContainText('Will not be sent');
  await expect(welcome).toContainText('no guest phone');
  await expect(welcome).not.toContainText('нет телефона');
  await switchLanguage(page, 'Русский');
});
