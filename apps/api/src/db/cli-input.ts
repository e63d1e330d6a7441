import { createInterface } from 'node:readline';

/**
 * The first line of standard input, without its line ending: how scripts hand a CLI a secret
 * (`printf '%s\n' "$PASSWORD" | pnpm coordinator:create …`), never on the command line, where
 * `ps` and shell history would see it. On a terminal it asks, without echoing what is typed.
 */
export async function readSecretLine(prompt: string): Promise<string> {
  if (process.stdin.isTTY) return readFromTerminal(process.stdin, prompt);
  const lines = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of lines) return line.replace(/\r$/, '');
    return '';
  } finally {
    lines.close();
  }
}

/** Raw mode: the terminal does not echo, and the line is built here (Backspace works, Ctrl-C stops). */
function readFromTerminal(input: NodeJS.ReadStream, prompt: string): Promise<string> {
  process.stderr.write(prompt);
  input.setRawMode(true);
  return new Promise<string>((resolve, reject) => {
    let line = '';
    const done = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      outcome();
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(() => resolve(line));
        if (char === '\u0003') return done(() => reject(new Error('Cancelled.')));
        line = char === '\u007f' ? [...line].slice(0, -1).join('') : line + char;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
