/**
 * `?page=2`; anything else falls back to the first page rather than an error. A plain function,
 * not a zod schema: the router checks it on every page, before zod has loaded.
 */
export function validateArchiveSearch(search: Record<string, unknown>): { page?: number } {
  const { page } = search;
  return typeof page === 'number' && Number.isInteger(page) && page >= 1 ? { page } : {};
}
