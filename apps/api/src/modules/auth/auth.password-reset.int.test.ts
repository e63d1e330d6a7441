import { mailboxListSchema, mailboxMessageSchema } from '@bok/shared/emails';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBrowser, createCoordinator, newPassword, signIn, testClock } from '../../../test/auth';
import { startTestEmailWorker } from '../../../test/email-worker';
import { uniqueEmail } from '../../../test/factories';
import { type SmtpReceiver, startSmtpReceiver } from '../../../test/smtp-receiver';
import { useTestApp } from '../../../test/test-app';
import { testConfig } from '../../lib/config';
import { PASSWORD_RESET_URL_PLACEHOLDER } from '../emails/emails.templates';
import { passwordResetValidMinutes } from './auth.service';

const MINUTE = 60_000;
const clock = testClock();
const { app, database } = useTestApp({ now: clock.now, config: { devMailbox: true } });
const db = () => database().prisma;

const requestReset = (email: string, locale?: 'da' | 'en') =>
  app().inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset',
    payload: { email, ...(locale ? { locale } : {}) },
  });
const confirm = (token: string, password: string) =>
  app().inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password } });

/** The newest e-mail to `email` as the development mailbox shows it (link put in), and its token. */
async function resetMail(email: string) {
  const list = mailboxListSchema.parse(
    (await app().inject({ url: `/api/dev/mailbox?to=${encodeURIComponent(email)}` })).json(),
  );
  const message = mailboxMessageSchema.parse(
    (await app().inject({ url: `/api/dev/mailbox/${list.items[0]!.id}` })).json(),
  );
  const token = /\/koordinator\/ny-adgangskode#token=([\w-]{43})/.exec(message.text)?.[1];
  return { message, token: token!, count: list.items.length };
}

describe('password reset', () => {
  it('answers 202 whatever the address, and e-mails a link only to a coordinator', async () => {
    const unknown = uniqueEmail('ukendt');
    const answer = await requestReset(unknown);
    expect(answer.statusCode).toBe(202);
    expect(await db().outboxEmail.count({ where: { toAddress: unknown } })).toBe(0);

    const coordinator = await createCoordinator(db());
    const known = await requestReset(coordinator.email.toUpperCase());
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(answer.body);
    const rows = await db().outboxEmail.findMany({ where: { toAddress: coordinator.email } });
    expect(rows.map((row) => row.kind)).toEqual(['coordinator_password_reset']);
  });

  it('keeps the token out of the outbox: the stored text has a placeholder, the link is put in on the way out', async () => {
    const coordinator = await createCoordinator(db());
    await requestReset(coordinator.email);
    const { message, token } = await resetMail(coordinator.email);
    expect(message.subject).toBe('Nulstil din adgangskode til BoK Møder');
    expect(message.text).toContain(`${testConfig.publicUrl}/koordinator/ny-adgangskode#token=${token}`);
    const row = await db().outboxEmail.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.textBody).toContain(PASSWORD_RESET_URL_PLACEHOLDER);
    expect(JSON.stringify(row)).not.toContain(token);
    const reset = await db().passwordReset.findFirstOrThrow({ where: { coordinatorId: coordinator.id } });
    expect(reset.tokenHash).not.toContain(token);
  });

  it('sets the new password once, ends every session, and the link does not work twice', async () => {
    const coordinator = await createCoordinator(db());
    const browsers = [await signIn(app(), coordinator), await signIn(app(), coordinator)];
    await requestReset(coordinator.email);
    const { token } = await resetMail(coordinator.email);

    const password = newPassword();
    expect((await confirm(token, password)).statusCode).toBe(204);
    for (const browser of browsers) {
      const response = await app().inject({ method: 'GET', url: '/api/v1/auth/session', headers: asBrowser(browser) });
      expect(response.statusCode).toBe(401);
    }
    await expect(signIn(app(), coordinator)).rejects.toThrow(/401/);
    await signIn(app(), { email: coordinator.email, password });

    const again = await confirm(token, newPassword());
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('reset_link_invalid');
    await signIn(app(), { email: coordinator.email, password });

    const audit = await db().auditLog.findMany({
      where: { entityId: coordinator.id, action: { startsWith: 'auth.password_reset' } },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((entry) => entry.action)).toEqual(['auth.password_reset_requested', 'auth.password_reset']);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('expires after its time', async () => {
    const coordinator = await createCoordinator(db());
    await requestReset(coordinator.email);
    const { token } = await resetMail(coordinator.email);
    clock.advance((passwordResetValidMinutes + 1) * MINUTE);
    const late = await confirm(token, newPassword());
    expect(late.statusCode).toBe(400);
    expect(late.json().code).toBe('reset_link_invalid');
    await signIn(app(), coordinator);
  });

  it('refuses a common or short password and leaves the link usable', async () => {
    const coordinator = await createCoordinator(db());
    await requestReset(coordinator.email);
    const { token } = await resetMail(coordinator.email);
    const common = await confirm(token, 'Password1234');
    expect(common.statusCode).toBe(400);
    expect(common.json().errors).toEqual([{ field: 'password', message: 'password_too_common', code: 'custom' }]);
    expect((await confirm(token, 'elleve tegn')).json().errors[0].message).toBe('password_too_short');
    expect((await confirm(token, newPassword())).statusCode).toBe(204);
  });

  it('a newer link replaces the older one; a few an hour at most', async () => {
    const coordinator = await createCoordinator(db());
    await requestReset(coordinator.email);
    const first = await resetMail(coordinator.email);
    await requestReset(coordinator.email);
    const second = await resetMail(coordinator.email);
    expect(second.token).not.toBe(first.token);
    expect((await confirm(first.token, newPassword())).json().code).toBe('reset_link_invalid');

    await requestReset(coordinator.email);
    await requestReset(coordinator.email);
    expect(await db().outboxEmail.count({ where: { toAddress: coordinator.email } })).toBe(3);
    expect((await confirm(second.token, newPassword())).json().code).toBe('reset_link_invalid');
    clock.advance(61 * MINUTE);
    expect((await requestReset(coordinator.email)).statusCode).toBe(202);
    expect(await db().outboxEmail.count({ where: { toAddress: coordinator.email } })).toBe(4);
  });
});

describe('the password-reset e-mail over SMTP', () => {
  let smtp: SmtpReceiver;
  let worker: Awaited<ReturnType<typeof startTestEmailWorker>>;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    worker = await startTestEmailWorker(database(), { smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await worker?.stop();
    await smtp?.close();
  });

  it('goes out in Danish or English with a working link', async () => {
    for (const [locale, subject, phrase] of [
      ['da', 'Nulstil din adgangskode til BoK Møder', 'Kære Test Koordinator'],
      ['en', 'Reset your BoK Møder password', 'Dear Test Koordinator'],
    ] as const) {
      const coordinator = await createCoordinator(db());
      await requestReset(coordinator.email, locale);
      const mails = await smtp.waitFor((all) =>
        all.some((mail) => mail.to && JSON.stringify(mail.to).includes(coordinator.email)),
      );
      const mail = mails.find((each) => JSON.stringify(each.to).includes(coordinator.email));
      expect(mail!.subject).toBe(subject);
      expect(mail!.text).toContain(phrase);
      expect(mail!.text).toContain(`${passwordResetValidMinutes}`);
      const token = /#token=([\w-]{43})/.exec(mail!.text ?? '')?.[1];
      expect(mail!.html).toContain(`#token=${token}`);
      expect((await confirm(token!, newPassword())).statusCode).toBe(204);
    }
  });
});
