/** Where the end-to-end stack runs: ports apart from a dev server's 3000. */
export const appPort = Number(process.env.E2E_APP_PORT ?? 3111);
export const mailboxPort = Number(process.env.E2E_MAILBOX_PORT ?? 3112);
export const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2526);
export const appUrl = `http://127.0.0.1:${appPort}`;
export const mailboxUrl = `http://127.0.0.1:${mailboxPort}`;

export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const databaseName = process.env.E2E_DATABASE_NAME ?? 'bok_e2e';

export function e2eDatabaseUrl(): string {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}
