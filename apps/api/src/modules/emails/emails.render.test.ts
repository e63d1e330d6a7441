import { describe, expect, it } from 'vitest';
import type { OutboxEmail } from '../../generated/prisma/client';
import { testConfig } from '../../lib/config';
import { manageTokenFor } from '../../lib/manage-token';
import { EmailNotRenderable, withManageUrl } from './emails.render';
import { MANAGE_URL_PLACEHOLDER } from './emails.templates';

const registrationId = '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f';

function row(overrides: Partial<OutboxEmail> = {}): OutboxEmail {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'registration_confirmed',
    dedupeKey: 'x',
    toAddress: 'bo@example.dk',
    toName: 'Bo',
    locale: 'da',
    payload: null,
    renderedAt: new Date(),
    subject: 'Emne',
    textBody: `Afmeld her:\n${MANAGE_URL_PLACEHOLDER}`,
    htmlBody: `<a href="${MANAGE_URL_PLACEHOLDER}">Afmeld</a>`,
    icsContent: null,
    registrationId,
    meetingId: null,
    status: 'pending',
    attempts: 0,
    lastError: null,
    messageId: null,
    createdAt: new Date(),
    sentAt: null,
    ...overrides,
  };
}

describe('withManageUrl', () => {
  it('puts the registration’s link in place of the placeholder, escaped in the HTML', () => {
    const config = { ...testConfig, publicUrl: 'https://bok.example/a&b$&' };
    const token = manageTokenFor(config.appSecret, registrationId);
    const filled = withManageUrl(row(), config);
    expect(filled.textBody).toBe(`Afmeld her:\nhttps://bok.example/a&b$&/tilmelding/${registrationId}#token=${token}`);
    expect(filled.htmlBody).toBe(
      `<a href="https://bok.example/a&amp;b$&amp;/tilmelding/${registrationId}#token=${token}">Afmeld</a>`,
    );
  });

  it('leaves an e-mail without a manage link as it is', () => {
    const plain = row({ textBody: 'Hej', htmlBody: null, registrationId: null });
    expect(withManageUrl(plain, testConfig)).toBe(plain);
  });

  it('cannot write the link of a registration that is gone', () => {
    expect(() => withManageUrl(row({ registrationId: null }), testConfig)).toThrow(EmailNotRenderable);
  });
});
