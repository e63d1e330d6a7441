import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

type Behaviour = 'accept' | { reject: number } | 'stall';

/**
 * A real SMTP server on an ephemeral loopback port: what arrives is parsed with mailparser.
 * `nextBehaviours` scripts the answers to the coming DATA commands (reject with a code, stall);
 * after them it accepts.
 */
export async function startSmtpReceiver() {
  const received: ParsedMail[] = [];
  const nextBehaviours: Behaviour[] = [];
  let attempts = 0;
  const dataStartedWaiters: Array<() => void> = [];
  const stalled: Array<() => void> = [];

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Stalled and killed clients must not hold up the end of a test.
    closeTimeout: 500,
    onData(stream, _session, callback) {
      attempts += 1;
      const behaviour = nextBehaviours.shift() ?? 'accept';
      for (const waiter of dataStartedWaiters.splice(0)) waiter();
      if (behaviour === 'stall') {
        // Swallow the message but never answer; the client is killed meanwhile.
        stream.resume();
        stalled.push(() => callback(Object.assign(new Error('released'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          if (typeof behaviour === 'object') {
            callback(
              Object.assign(new Error(`Scripted rejection ${behaviour.reject}`), { responseCode: behaviour.reject }),
            );
            return;
          }
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  // A client killed mid-conversation shows up as a socket error: expected here.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    script(...behaviours: Behaviour[]) {
      nextBehaviours.push(...behaviours);
    },
    /** DATA commands seen, whatever was answered. */
    get attempts() {
      return attempts;
    },
    /** Resolves when the next DATA command starts. */
    nextData(): Promise<void> {
      return new Promise((resolve) => dataStartedWaiters.push(resolve));
    },
    async waitFor(predicate: (mails: ParsedMail[]) => boolean, timeoutMs = 20_000): Promise<ParsedMail[]> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(`SMTP receiver: condition not met within ${timeoutMs} ms (${received.length} received)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    async close() {
      for (const release of stalled.splice(0)) release();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type SmtpReceiver = Awaited<ReturnType<typeof startSmtpReceiver>>;

/** The calendar part of a received e-mail, as text: the text/calendar alternative or the .ics attachment. */
export function calendarOf(mail: ParsedMail): string | undefined {
  const part = mail.attachments.find((attachment) => /calendar|ics/i.test(attachment.contentType));
  return part?.content.toString('utf8');
}
