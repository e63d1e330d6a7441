import ICAL from 'ical.js';
import { expect, expectNoSeriousA11yViolations, test, uniqueEmail, waitForMail } from '../support/fixtures';
import { register } from '../support/registration';

/** The manage link in an e-mail's text: the token rides in the fragment, which never reaches the server. */
function manageLinkIn(text: string): string {
  const link = /https?:\/\/\S+\/tilmelding\/[\w-]+#token=[\w-]+/.exec(text)?.[0];
  if (!link) throw new Error(`No manage link in:\n${text}`);
  return link;
}

test.describe('registering for a meeting', () => {
  test('register, get the confirmation e-mail with an invitation, manage and cancel through its link', async ({
    page,
    createMeeting,
  }) => {
    const meeting = await createMeeting({ title: 'Læselyst i praksis' });
    const email = uniqueEmail('mette');
    await page.goto(`/moeder/${meeting.slug}`);
    const seatsBefore = await page.getByTestId('seats').textContent();

    await register(page, { name: 'Mette Testesen', email });
    const confirmation = page.getByTestId('registration-confirmation');
    await expect(confirmation).toHaveAttribute('data-status', 'confirmed');
    await expect(confirmation.getByRole('heading', { name: 'Du er tilmeldt' })).toBeVisible();
    await expect(page.getByTestId('seats')).not.toHaveText(seatsBefore ?? '');

    const mail = await waitForMail(email, /^Tilmelding bekræftet: Læselyst i praksis/);
    const invitation = mail.attachments.find((attachment) => attachment.contentType.startsWith('text/calendar'));
    expect(invitation).toBeDefined();
    const calendar = new ICAL.Component(ICAL.parse(invitation!.content));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstSubcomponent('vevent')?.getFirstPropertyValue('summary')).toBe('Læselyst i praksis');

    const link = manageLinkIn(mail.text);
    const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token')!;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1, name: 'Din tilmelding' })).toBeVisible();
    // The token leaves the address bar once read, and no request carries it in its address (server logs).
    await expect(page).not.toHaveURL(/token=/);
    expect(requested.filter((url) => url.includes(token))).toEqual([]);
    await expect(page.getByTestId('registration-status')).toHaveAttribute('data-status', 'confirmed');
    await expectNoSeriousA11yViolations(page);

    await page.getByTestId('cancel-registration').click();
    await page.getByTestId('confirm-cancel').click();
    await expect(page.getByTestId('registration-status')).toHaveAttribute('data-status', 'cancelled');
    await waitForMail(email, /^Tilmelding afmeldt: Læselyst i praksis/);
  });

  test('with one seat, the second person is waitlisted and gets the seat when the first cancels', async ({
    page,
    createMeeting,
  }) => {
    const { slug } = await createMeeting({ capacity: 1 });
    const first = uniqueEmail('foerste');
    const second = uniqueEmail('anden');

    await page.goto(`/moeder/${slug}`);
    await register(page, { name: 'Første Deltager', email: first });
    await expect(page.getByTestId('registration-confirmation')).toHaveAttribute('data-status', 'confirmed');

    await page.goto(`/moeder/${slug}`);
    await expect(page.getByTestId('registration-submit')).toHaveText('Skriv mig på ventelisten');
    await register(page, { name: 'Anden Deltager', email: second, library: 'Køge Bibliotekerne' });
    const waitlisted = page.getByTestId('registration-confirmation');
    await expect(waitlisted).toHaveAttribute('data-status', 'waitlisted');
    await expect(page.getByTestId('waitlist-position')).toContainText('nummer 1');
    const waitlistMail = await waitForMail(second, /^Du er på ventelisten/);

    const firstMail = await waitForMail(first, /^Tilmelding bekræftet/);
    await page.goto(manageLinkIn(firstMail.text));
    await page.getByTestId('cancel-registration').click();
    await page.getByTestId('confirm-cancel').click();
    await expect(page.getByTestId('registration-status')).toHaveAttribute('data-status', 'cancelled');

    await waitForMail(second, /^Du har fået en plads/);
    await page.goto(manageLinkIn(waitlistMail.text));
    await expect(page.getByTestId('registration-status')).toHaveAttribute('data-status', 'confirmed');
  });

  test('register from a phone @phone', async ({ page, isMobile, createMeeting }) => {
    test.skip(!isMobile, 'phone only');
    const { slug } = await createMeeting();
    const email = uniqueEmail('telefon');
    await page.goto(`/moeder/${slug}`);
    const form = page.getByTestId('registration-form');
    await form.getByLabel('Navn').fill('Telefon Testesen');
    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Bibliotek', { exact: true }).selectOption({ label: 'Køge Bibliotekerne' });
    await form.getByLabel(/Jeg giver samtykke/).tap();
    await page.getByTestId('registration-submit').tap();
    await expect(page.getByTestId('registration-confirmation')).toHaveAttribute('data-status', 'confirmed');
    await waitForMail(email, /^Tilmelding bekræftet/);
  });

  test('names the fields that need fixing, in the language of the page', async ({ page, createMeeting }) => {
    const { slug } = await createMeeting();
    await page.goto(`/moeder/${slug}`);
    await page.getByTestId('registration-form').getByLabel('E-mail').fill('ikke-en-adresse');
    await page.getByTestId('registration-submit').click();
    const summary = page.getByTestId('error-summary');
    await expect(summary).toBeVisible();
    await expect(summary.getByRole('link')).not.toHaveCount(0);
    await expect(page.getByTestId('registration-form').getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousA11yViolations(page);
  });

  test('on a meeting that asks for it, the seat is held until the registrant confirms from the e-mail', async ({
    page,
    createMeeting,
  }) => {
    const meeting = await createMeeting({ title: 'Brugerrejser', confirmationRequired: true, seatsPerLibrary: 2 });
    const email = uniqueEmail('holdt');
    await page.goto(`/moeder/${meeting.slug}`);
    await expect(page.getByTestId('rule-confirmation')).toContainText('pladsen holdes til dig i 60 minutter');
    await expect(page.getByTestId('rule-seats-per-library')).toContainText('Højst 2 pladser pr. bibliotek');

    await register(page, { name: 'Køb billig medicin her', email });
    const confirmation = page.getByTestId('registration-confirmation');
    await expect(confirmation.getByRole('heading', { name: 'Bekræft fra din e-mail' })).toBeVisible();
    await expect(page.getByTestId('hold-deadline')).toContainText('Vi holder en plads til dig indtil');

    // The request to confirm: no calendar yet, and nothing the registrant typed.
    const request = await waitForMail(email, /^Bekræft din tilmelding: Brugerrejser/);
    expect(request.text).not.toContain('medicin');
    expect(request.attachments.filter((attachment) => attachment.contentType.startsWith('text/calendar'))).toEqual([]);

    await page.goto(manageLinkIn(request.text));
    const status = page.getByTestId('registration-status');
    await expect(status).toHaveAttribute('data-held', 'true');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Bekræft tilmeldingen' }).click();
    await expect(page.getByTestId('confirmed-notice')).toContainText('din tilmelding er bekræftet');
    await expect(status).not.toHaveAttribute('data-held', 'true');
    await expect(status).toContainText('Du er tilmeldt mødet.');

    const confirmed = await waitForMail(email, /^Tilmelding bekræftet: Brugerrejser/);
    expect(confirmed.attachments.some((attachment) => attachment.contentType.startsWith('text/calendar'))).toBe(true);
  });
});
