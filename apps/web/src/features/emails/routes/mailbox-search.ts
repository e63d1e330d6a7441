/**
 * `?to=address`: only e-mails to that address (trimmed, 1–254 characters; anything else is no
 * filter). A plain function, not a zod schema: the router checks it before zod has loaded.
 */
export function validateMailboxSearch(search: Record<string, unknown>): { to?: string } {
  const to = typeof search.to === 'string' ? search.to.trim() : '';
  return to.length >= 1 && to.length <= 254 ? { to } : {};
}
