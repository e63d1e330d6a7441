/**
 * The stack the end-to-end tests click through: a fresh database on real PostgreSQL, a real SMTP
 * receiver (with a small HTTP API to read what arrived), and the built app as `npm start` runs it.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { adminUrl, appPort, appUrl, databaseName, e2eDatabaseUrl, mailboxPort, smtpPort } from './constants';

interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  attachments: Array<{ filename: string | null; contentType: string; content: string }>;
  receivedAt: string;
}

const received: ReceivedMail[] = [];

async function recreateDatabase() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  await admin.end();
}

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((address) =>
          address.value.map((entry) => (entry.address ?? '').toLowerCase()),
        );
        received.push({
          to,
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          html: typeof mail.html === 'string' ? mail.html : null,
          attachments: mail.attachments.map((attachment) => ({
            filename: attachment.filename ?? null,
            contentType: attachment.contentType,
            content: attachment.content.toString('utf8'),
          })),
          receivedAt: new Date().toISOString(),
        });
        callback();
      })
      .catch(callback);
  },
});

const mailbox = createServer((request, response) => {
  const url = new URL(request.url ?? '/', `http://127.0.0.1:${mailboxPort}`);
  if (url.pathname === '/messages') {
    const to = url.searchParams.get('to')?.toLowerCase();
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(to ? received.filter((mail) => mail.to.includes(to)) : received));
    return;
  }
  response.statusCode = 404;
  response.end();
});

await recreateDatabase();
await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
await new Promise<void>((resolve) => mailbox.listen(mailboxPort, '127.0.0.1', resolve));

const server = fileURLToPath(new URL('../../apps/api/dist/server.js', import.meta.url));
const app = spawn(process.execPath, ['--enable-source-maps', server], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(appPort),
    HOST: '127.0.0.1',
    PUBLIC_URL: appUrl,
    DATABASE_URL: e2eDatabaseUrl(),
    APP_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    LOG_LEVEL: 'warn',
    REGISTRATION_RATE_LIMIT: '1000',
  },
});

function shutdown() {
  app.kill('SIGTERM');
  smtp.close();
  mailbox.close();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
app.on('exit', (code) => {
  smtp.close();
  mailbox.close();
  process.exit(code ?? 0);
});
