// The participant list as a file that Danish Excel opens as it is: UTF-8 with a BOM (else æ, ø, å
// come out garbled), `;` between fields (Danish Excel's list separator, the comma being the decimal
// sign), CRLF between rows, and no cell that Excel would run as a formula.
import type { Locale } from '@bok/shared/common';
import type { Participant } from '@bok/shared/participants';
import { answerText, type Question } from '@bok/shared/questions';
import { networkTimeZone } from '@bok/shared/time-zone';

const columns = {
  da: {
    name: 'Navn',
    email: 'E-mail',
    library: 'Bibliotek',
    jobTitle: 'Stilling',
    status: 'Status',
    waitlistPosition: 'Plads på ventelisten',
    createdAt: 'Tilmeldt',
    checkedInAt: 'Tjekket ind',
    dietaryNeeds: 'Kost',
    accessibilityNeeds: 'Tilgængelighed',
    comment: 'Kommentar',
    statuses: { confirmed: 'Tilmeldt', waitlisted: 'Venteliste', cancelled: 'Afmeldt' },
    yesNo: { yes: 'Ja', no: 'Nej' },
  },
  en: {
    name: 'Name',
    email: 'E-mail',
    library: 'Library',
    jobTitle: 'Job title',
    status: 'Status',
    waitlistPosition: 'Waitlist position',
    createdAt: 'Registered',
    checkedInAt: 'Checked in',
    dietaryNeeds: 'Dietary needs',
    accessibilityNeeds: 'Accessibility needs',
    comment: 'Comment',
    statuses: { confirmed: 'Confirmed', waitlisted: 'Waitlist', cancelled: 'Cancelled' },
    yesNo: { yes: 'Yes', no: 'No' },
  },
} as const;

/**
 * A cell Excel (or LibreOffice) would read as a formula — `=`, `+`, `-`, `@`, a tab or a carriage
 * return first — gets a leading apostrophe, which shows the text as typed (OWASP: CSV injection).
 */
export function neutralised(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: string): string {
  const text = neutralised(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Copenhagen wall-clock time, as Excel reads a date: "2027-03-11 10:05". */
function when(instant: string | null): string {
  if (!instant) return '';
  // Swedish formatting is ISO-like ("2027-03-11 10:05"), which Excel reads as a date in any language.
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: networkTimeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
}

/** One column per standard field, then one per question of the meeting, in its order. */
export function participantsCsv(participants: Participant[], questions: readonly Question[], locale: Locale): string {
  const label = columns[locale];
  const header = [
    label.name,
    label.email,
    label.library,
    label.jobTitle,
    label.status,
    label.waitlistPosition,
    label.createdAt,
    label.checkedInAt,
    label.dietaryNeeds,
    label.accessibilityNeeds,
    label.comment,
    ...questions.map((question) => question.label),
  ];
  const rows = participants.map((participant) => [
    participant.name,
    participant.email,
    participant.library?.name ?? participant.libraryName ?? '',
    participant.jobTitle ?? '',
    label.statuses[participant.status],
    participant.waitlistPosition === null ? '' : String(participant.waitlistPosition),
    when(participant.createdAt),
    when(participant.checkedInAt),
    participant.dietaryNeeds ?? '',
    participant.accessibilityNeeds ?? '',
    participant.comment ?? '',
    ...questions.map((question) => answerText(participant.answers[question.id], label.yesNo)),
  ]);
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(';')).join('\r\n')}\r\n`;
}
