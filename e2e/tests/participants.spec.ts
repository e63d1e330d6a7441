import { devices } from '@playwright/test';
import { parseCsv } from '../../apps/api/test/csv';
import { expect, expectNoSeriousA11yViolations, test, uniqueEmail, waitForMail } from '../support/fixtures';
import { signIn } from '../support/sign-in';

test.describe('the participants of a meeting', () => {
  test('filter, add by hand, seat from the waitlist, export, and check two in on a phone, one offline', async ({
    page,
    browser,
    coordinator,
    createMeeting,
    db,
  }) => {
    const meeting = await createMeeting({ title: 'Deltagerliste i praksis', capacity: 2 });
    const people = [
      { name: 'Mette Ærbødig', email: uniqueEmail('mette') },
      { name: '=Bo Formel', email: uniqueEmail('bo') },
      { name: 'Åse Ventesen', email: uniqueEmail('aase') },
    ];
    for (const person of people) {
      const response = await page.request.post(`/api/v1/meetings/${meeting.id}/registrations`, {
        data: { ...person, libraryName: 'Køge Bibliotekerne', dietaryNeeds: 'Vegetar', consent: true },
      });
      expect(response.status()).toBe(201);
    }

    await signIn(page, coordinator);
    await page.goto(`/koordinator/moeder/${meeting.id}`);
    await page.getByRole('link', { name: 'Deltagere' }).click();
    const table = page.getByTestId('participants');
    await expect(table.getByRole('row')).toHaveCount(4);
    await expect(page.getByTestId('participant-counts')).toContainText('2 af 2 pladser taget · 1 på venteliste');
    await expect(page.getByTestId('headcount')).toContainText('Vegetar: 2');
    await expectNoSeriousA11yViolations(page);

    // Filters: by name, and by status.
    await page.getByLabel('Søg i navn, e-mail eller bibliotek').fill('ærbød');
    await expect(table.getByRole('row')).toHaveCount(2);
    await page.getByLabel('Søg i navn, e-mail eller bibliotek').fill('');
    await page.getByLabel('Status').selectOption({ label: 'Venteliste' });
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table).toContainText('Åse Ventesen');
    await page.getByLabel('Status').selectOption({ label: 'Alle' });
    await expect(table.getByRole('row')).toHaveCount(4);

    // Åse from the waitlist: the meeting is full, so only after saying so.
    await page.getByRole('button', { name: 'Giv Åse Ventesen en plads' }).click();
    await page.getByRole('button', { name: 'Giv Åse Ventesen en plads alligevel' }).click();
    await expect(table.getByRole('row', { name: /Åse Ventesen/ })).toContainText('Tilmeldt');
    const aase = people[2]!.email;
    await waitForMail(aase, /^Du har fået en plads:/);

    // Someone who phoned: added by hand, on the waitlist (full), told by e-mail.
    const phoned = uniqueEmail('ringede');
    const form = page.getByTestId('add-participant');
    await form.getByLabel('Navn', { exact: true }).fill('Karen Ringede');
    await form.getByLabel('E-mail').fill(phoned);
    await form.getByRole('button', { name: 'Tilføj deltageren' }).click();
    await expect(form.getByRole('status')).toContainText('Karen Ringede er på ventelisten som nummer 1.');
    await waitForMail(phoned, /^Du er på ventelisten:/);

    // The export, as Excel reads it.
    const csvHref = await page.getByRole('link', { name: 'Hent som CSV (Excel)' }).getAttribute('href');
    const csv = await page.request.get(csvHref!);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const text = (await csv.body()).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header!.slice(0, 3)).toEqual(['Navn', 'E-mail', 'Bibliotek']);
    expect(rows.map((row) => row[0])).toEqual(
      expect.arrayContaining(['Mette Ærbødig', "'=Bo Formel", 'Åse Ventesen', 'Karen Ringede']),
    );
    expect(rows.find((row) => row[0] === 'Mette Ærbødig')?.[2]).toBe('Køge Bibliotekerne');

    // The printable list: the table and the headcount, without the dashboard's controls.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('participants')).toBeVisible();
    await expect(page.getByTestId('headcount')).toBeVisible();
    await expect(page.getByTestId('add-participant')).toBeHidden();
    await expect(page.getByTestId('message-composer')).toBeHidden();
    await expect(page.locator('.dashboard__nav')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Udskriv deltagerlisten' })).toBeHidden();
    await page.emulateMedia({ media: 'screen' });

    // At the door, on a phone: two check in, the second while the venue's connection is down.
    const door = await browser.newContext({ ...devices['Pixel 7'] });
    const phone = await door.newPage();
    await signIn(phone, coordinator);
    await phone.goto(`/koordinator/moeder/${meeting.id}/tjek-ind`);
    await expect(phone.getByTestId('check-in-counts')).toHaveText('0 af 3 er kommet');
    await expectNoSeriousA11yViolations(phone);
    await phone.getByLabel('Søg efter navn eller bibliotek').fill('mette aerb');
    await expect(phone.getByTestId('check-in-list').getByRole('listitem')).toHaveCount(1);
    await phone.getByRole('button', { name: 'Tjek Mette Ærbødig ind' }).tap();
    await expect(phone.getByTestId('check-in-last')).toContainText('Mette Ærbødig er tjekket ind.');

    await door.setOffline(true);
    await phone.getByLabel('Søg efter navn eller bibliotek').fill('ase');
    await phone.getByRole('button', { name: 'Tjek Åse Ventesen ind' }).tap();
    await expect(phone.getByTestId('check-in-pending')).toContainText('Ingen forbindelse. 1 tjek-ind er gemt');
    await expect(phone.getByTestId('check-in-counts')).toHaveText('2 af 3 er kommet');
    await door.setOffline(false);
    await expect(phone.getByTestId('check-in-pending')).toBeHidden();

    const checkedIn = async () =>
      (
        await db.query<{ email: string }>(
          `SELECT email FROM "Registration" WHERE "meetingId" = $1 AND "checkedInAt" IS NOT NULL ORDER BY email`,
          [meeting.id],
        )
      ).rows.map((row) => row.email);
    await expect.poll(checkedIn).toEqual([people[0]!.email, aase].sort());
    await door.close();

    // The dashboard's list shows them arrived.
    await page.reload();
    await page.getByLabel('Tjekket ind').selectOption({ label: 'Tjekket ind' });
    await expect(page.getByTestId('participants').getByRole('row')).toHaveCount(3);

    // A word to those who came: previewed, sent, and at the SMTP receiver for exactly them.
    const composer = page.getByTestId('message-composer');
    await composer.getByLabel('Til').selectOption({ label: 'Dem, der er tjekket ind' });
    await composer.getByLabel('Emne').fill('Tak for i dag');
    await composer.getByLabel('Besked').fill('Tak fordi I kom.\n\nSlides fra oplægget følger i næste uge.');
    await composer.getByRole('button', { name: 'Se beskeden, før den sendes' }).click();
    await expect(composer.getByTestId('message-preview')).toContainText('Den går til 2 deltagere.');
    await expectNoSeriousA11yViolations(page);
    await composer.getByRole('button', { name: 'Send til 2 deltagere' }).click();
    await expect(composer.getByText('Beskeden er sendt til 2 deltagere.')).toBeVisible();
    for (const email of [people[0]!.email, aase]) {
      const mail = await waitForMail(email, /^Tak for i dag$/);
      expect(mail.text).toContain('Slides fra oplægget følger i næste uge.');
      expect(mail.text).toContain('Deltagerliste i praksis');
    }
    const { rows: messageMails } = await db.query<{ toAddress: string }>(
      `SELECT "toAddress" FROM "OutboxEmail" WHERE "meetingId" = $1 AND kind = 'meeting_message'`,
      [meeting.id],
    );
    expect(messageMails.map((row) => row.toAddress).sort()).toEqual([people[0]!.email, aase].sort());
    await expect(composer.getByTestId('message-history')).toContainText('Tak for i dag');

    // And the coordinator reads what was done in the meeting's history.
    await page.getByRole('link', { name: 'Tilbage til mødet' }).click();
    await page.getByRole('link', { name: 'Historik' }).click();
    const log = page.getByTestId('audit-log');
    await expect(log.getByRole('row', { name: /Tjekket ind.*Mette Ærbødig/ })).toBeVisible();
    await expect(log.getByRole('row', { name: /Tjekket ind.*Åse Ventesen/ })).toBeVisible();
    await expect(log.getByRole('row', { name: /Flyttet af koordinatoren.*Åse Ventesen/ })).toContainText(
      coordinator.name,
    );
    await expect(log.getByRole('row', { name: /Tilføjet af koordinatoren.*Karen Ringede/ })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test('the meeting asks its own question: the coordinator adds it, staff answer it, the list and the CSV show it', async ({
    page,
    browser,
    coordinator,
    createMeeting,
  }) => {
    const meeting = await createMeeting({ title: 'Spørgsmål i praksis' });
    await signIn(page, coordinator);
    await page.goto(`/koordinator/moeder/${meeting.id}`);
    const editor = page.getByTestId('questions-editor');
    await editor.getByRole('button', { name: 'Tilføj spørgsmål' }).click();
    const question = editor.getByTestId('question-item').first();
    await question.getByLabel('Spørgsmål').fill('Hvilket spor vælger du?');
    await question.getByLabel('Slags svar').selectOption({ label: 'Ét valg' });
    await question.getByLabel('Muligheder').fill('Formidling\nData og målinger');
    await question.getByLabel('Skal besvares').check();
    await editor.getByRole('button', { name: 'Gem spørgsmålene' }).click();
    await expect(editor.getByText('Spørgsmålene er gemt.')).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    const staff = await browser.newContext();
    const staffPage = await staff.newPage();
    await staffPage.goto(`/moeder/${meeting.slug}`);
    const form = staffPage.getByTestId('registration-form');
    const email = uniqueEmail('spor');
    await form.getByLabel('Navn').fill('Sofie Spørger');
    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Bibliotek', { exact: true }).selectOption({ label: 'Roskilde Bibliotekerne' });
    await form.getByLabel(/Jeg giver samtykke/).check();
    await staffPage.getByTestId('registration-submit').click();
    // Unanswered: named in the summary, nothing sent.
    await expect(staffPage.getByTestId('error-summary')).toContainText('Svar på spørgsmålet.');
    await expectNoSeriousA11yViolations(staffPage);
    await form.getByRole('group', { name: 'Hvilket spor vælger du?' }).getByLabel('Data og målinger').check();
    await staffPage.getByTestId('registration-submit').click();
    await expect(staffPage.getByTestId('registration-confirmation')).toBeVisible();
    await staff.close();

    await page.getByRole('link', { name: 'Deltagere' }).click();
    await expect(page.getByTestId('participants').getByRole('row', { name: /Sofie Spørger/ })).toContainText(
      'Hvilket spor vælger du?: Data og målinger',
    );
    await expect(page.getByTestId('headcount')).toContainText('Data og målinger: 1');
    const csv = await page.request.get(
      (await page.getByRole('link', { name: 'Hent som CSV (Excel)' }).getAttribute('href'))!,
    );
    const [header, ...rows] = parseCsv((await csv.body()).toString('utf8').slice(1));
    expect(header!.at(-1)).toBe('Hvilket spor vælger du?');
    expect(rows.find((row) => row[0] === 'Sofie Spørger')?.at(-1)).toBe('Data og målinger');
  });
});
