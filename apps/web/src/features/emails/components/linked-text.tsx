/** Web addresses in plain text; a trailing full stop or bracket belongs to the sentence, not the link. */
const urlPattern = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'])/g;

/** Plain text with its web addresses clickable, as a mail program shows it. */
export function LinkedText({ text }: { text: string }) {
  const parts = text.split(urlPattern);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          // The parts of one text never move, so their position is a stable key.
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

/**
 * The manage link in an e-mail (`…/tilmelding/{id}#token=…`), as a path on this site: the e-mail
 * carries the configured public address, which in development is not always where this page is served.
 */
export function manageLinkPath(text: string): string | null {
  for (const match of text.matchAll(urlPattern)) {
    try {
      const url = new URL(match[0]);
      if (/^\/tilmelding\/[^/]+$/.test(url.pathname) && new URLSearchParams(url.hash.slice(1)).get('token')) {
        return `${url.pathname}${url.hash}`;
      }
    } catch {
      // Not a URL after all.
    }
  }
  return null;
}
