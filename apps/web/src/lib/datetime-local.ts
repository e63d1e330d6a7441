// `<input type="datetime-local">` speaks the coordinator's wall-clock time; the API speaks instants.

/** "2026-09-10T09:00" → an ISO instant; an unreadable value is passed on for the schema to refuse, empty as undefined. */
export function localToInstant(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** An instant as the input shows it. */
export function instantToLocal(instant: string): string {
  const date = new Date(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
