import type { Locale } from '@bok/shared/common';
import type { EmailKind } from '@bok/shared/emails';
import type { RegistrationStatus } from '@bok/shared/registrations';
import { networkTimeZone } from '@bok/shared/time';
import {
  buildCalendar,
  type CalendarMeeting,
  type CalendarMethod,
  type CalendarPerson,
  meetingPageUrl,
  venueLine,
} from '../calendar/calendar.ics';

/** Everything an e-mail is written from: the facts of its event (kept with it) and the meeting as it is when written. */
/** The e-mails about a registration and its meeting; coordinators' e-mails are written by their own template. */
export type RegistrationEmailKind = Exclude<EmailKind, 'coordinator_password_reset'>;

export interface EmailContext {
  kind: RegistrationEmailKind;
  locale: Locale;
  recipient: CalendarPerson;
  registration: {
    status: RegistrationStatus;
    waitlistPosition: number | null;
    /** Holds a seat, or held one until this change: their calendar has the meeting. */
    hadSeat: boolean;
    /** A request to confirm: until when the place is held (ISO instant). */
    confirmBy?: string | undefined;
  };
  meeting: CalendarMeeting;
  organizer: CalendarPerson;
  publicUrl: string;
  /** The registration's manage link; MANAGE_URL_PLACEHOLDER for an e-mail that is to be stored. */
  manageUrl: string;
  /** For reminders: when "now" is, to say how soon the meeting is. */
  now: Date;
  /** For a coordinator's message: its subject and text, as written (in one language). */
  message?: { subject: string; body: string } | undefined;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** The calendar attachment, when the e-mail changes the registrant's calendar. */
  ics: string | null;
}

interface Copy {
  subject: string;
  /** Paragraphs before the meeting's details. */
  intro: string[];
  /** Label of the manage link, or null to leave it out (nothing left to manage). */
  manageLabel: string | null;
}

interface Labels {
  greeting: (name: string) => string;
  /** For an address nobody has vouched for yet: no name the registrant typed. */
  greetingWithoutName: string;
  when: string;
  where: string;
  meetingPage: string;
  signOff: string;
  dateLocale: string;
  noVenue: string;
}

const labels: Record<Locale, Labels> = {
  da: {
    greeting: (name) => `Kære ${name}`,
    greetingWithoutName: 'Hej',
    when: 'Tid',
    where: 'Sted',
    meetingPage: 'Mødets side',
    signOff: 'Venlig hilsen\nBoK – Bibliotekernes netværk',
    dateLocale: 'da-DK',
    noVenue: 'Oplyses senere',
  },
  en: {
    greeting: (name) => `Dear ${name}`,
    greetingWithoutName: 'Hello',
    when: 'When',
    where: 'Where',
    meetingPage: 'Meeting page',
    signOff: 'Kind regards\nBoK – the libraries’ network',
    dateLocale: 'en-GB',
    noVenue: 'To be announced',
  },
};

/** The whole days from now until the meeting's Copenhagen date, never negative. */
function daysUntil(meeting: CalendarMeeting, now: Date): number {
  const date = (instant: Date) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: networkTimeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(instant);
  // Both are calendar dates at UTC midnight: the difference is whole days, whatever DST does.
  const diff = (Date.parse(date(meeting.startsAt)) - Date.parse(date(now))) / 86_400_000;
  return Math.max(0, Math.round(diff));
}

/** "kl. 14.35 onsdag den 2. december" in Copenhagen time. */
function formatDeadline(iso: string | undefined, locale: Locale): string {
  if (!iso) return '?';
  return new Intl.DateTimeFormat(labels[locale].dateLocale, {
    timeZone: networkTimeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

function copyFor(context: EmailContext): Copy {
  const { meeting, registration, locale } = context;
  const deadline = formatDeadline(registration.confirmBy, locale);
  const title = meeting.title;
  const confirmed = registration.status === 'confirmed';
  const reason = meeting.cancellationReason;
  if (context.kind === 'meeting_message') {
    // The coordinator's words as written; around them, the recipient's own language.
    const message = context.message ?? { subject: title, body: '' };
    return {
      subject: message.subject,
      intro: [
        locale === 'en'
          ? `A message from the coordinator about “${title}”:`
          : `En besked fra koordinatoren om „${title}“:`,
        ...message.body.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== ''),
      ],
      manageLabel: locale === 'en' ? 'See, change or cancel your registration' : 'Se, ret eller afmeld din tilmelding',
    };
  }
  if (locale === 'en') {
    switch (context.kind) {
      case 'registration_confirmed':
        return {
          subject: `Registration confirmed: ${title}`,
          intro: [`Thank you for registering. You have a seat at “${title}”.`, 'The calendar invitation is attached.'],
          manageLabel: 'See, change or cancel your registration',
        };
      case 'registration_waitlisted':
        return {
          subject: `You are on the waiting list: ${title}`,
          intro: [
            `“${title}” is full, so you are on the waiting list as number ${registration.waitlistPosition ?? '?'}.`,
            'If a seat becomes free, you get it automatically and we will e-mail you.',
          ],
          manageLabel: 'See your place or leave the waiting list',
        };
      case 'registration_promoted':
        return {
          subject: `You have a seat: ${title}`,
          intro: [
            `Good news: a seat became free, and it is yours. You are now registered for “${title}”.`,
            'The calendar invitation is attached.',
          ],
          manageLabel: 'See, change or cancel your registration',
        };
      case 'registration_cancelled':
        return {
          subject: `Registration cancelled: ${title}`,
          intro: [
            `Your registration for “${title}” is cancelled.`,
            'You are welcome to register again while registration is open.',
          ],
          manageLabel: null,
        };
      case 'registration_manage_link':
        return {
          subject: `Your registration: ${title}`,
          intro: [
            `Someone (probably you) tried to register this address for “${title}”. You are already registered, so nothing has changed.`,
          ],
          manageLabel: 'See, change or cancel your registration',
        };
      case 'registration_confirm_request':
        return {
          subject: `Confirm your registration: ${title}`,
          intro: [
            `This address was registered for “${title}”. ${
              confirmed
                ? 'A seat is'
                : `A place on the waiting list (number ${registration.waitlistPosition ?? '?'}) is`
            } held for it until ${deadline}.`,
            'Open the link and confirm to keep it. If it is not confirmed by then, it goes to the next in line.',
            'If you did not register, ignore this e-mail: nothing more will be sent to you.',
          ],
          manageLabel: 'Confirm your registration',
        };
      case 'meeting_reminder': {
        const days = daysUntil(meeting, context.now);
        const soon = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
        return {
          subject: `Reminder: ${title}`,
          intro: [`A reminder: “${title}” is ${soon}. We look forward to seeing you.`],
          manageLabel: 'Cannot come after all? Cancel here so someone else gets the seat',
        };
      }
      case 'meeting_changed':
        return {
          subject: `Changed: ${title}`,
          intro: [
            `The details of “${title}” have changed. Here is the meeting as it is now.`,
            ...(confirmed ? ['The updated calendar entry is attached.'] : []),
          ],
          manageLabel: 'See, change or cancel your registration',
        };
      case 'meeting_cancelled':
        return {
          subject: `Cancelled: ${title}`,
          intro: [
            `Unfortunately “${title}” is cancelled.`,
            ...(reason ? [reason] : []),
            'Your registration has lapsed; there is nothing you need to do.',
          ],
          manageLabel: null,
        };
    }
  }
  switch (context.kind) {
    case 'registration_confirmed':
      return {
        subject: `Tilmelding bekræftet: ${title}`,
        intro: [`Tak for din tilmelding. Du har en plads til „${title}“.`, 'Kalenderinvitationen er vedhæftet.'],
        manageLabel: 'Se, ret eller afmeld din tilmelding',
      };
    case 'registration_waitlisted':
      return {
        subject: `Du er på ventelisten: ${title}`,
        intro: [
          `„${title}“ er fuldt booket, så du er på ventelisten som nummer ${registration.waitlistPosition ?? '?'}.`,
          'Bliver der en plads ledig, får du den automatisk, og vi skriver til dig.',
        ],
        manageLabel: 'Se din plads eller forlad ventelisten',
      };
    case 'registration_promoted':
      return {
        subject: `Du har fået en plads: ${title}`,
        intro: [
          `Godt nyt: der er blevet en plads ledig, og den er din. Du er nu tilmeldt „${title}“.`,
          'Kalenderinvitationen er vedhæftet.',
        ],
        manageLabel: 'Se, ret eller afmeld din tilmelding',
      };
    case 'registration_cancelled':
      return {
        subject: `Tilmelding afmeldt: ${title}`,
        intro: [
          `Din tilmelding til „${title}“ er afmeldt.`,
          'Du er velkommen til at tilmelde dig igen, så længe tilmeldingen er åben.',
        ],
        manageLabel: null,
      };
    case 'registration_manage_link':
      return {
        subject: `Din tilmelding: ${title}`,
        intro: [
          `Nogen (formentlig dig) forsøgte at tilmelde denne adresse til „${title}“. Du er allerede tilmeldt, så intet er ændret.`,
        ],
        manageLabel: 'Se, ret eller afmeld din tilmelding',
      };
    case 'registration_confirm_request':
      return {
        subject: `Bekræft din tilmelding: ${title}`,
        intro: [
          `Denne adresse er blevet tilmeldt „${title}“. ${
            confirmed ? 'En plads' : `En plads på ventelisten (nummer ${registration.waitlistPosition ?? '?'})`
          } holdes til den indtil ${deadline}.`,
          'Åbn linket og bekræft for at beholde den. Er den ikke bekræftet inden da, går den videre til den næste.',
          'Har du ikke tilmeldt dig, kan du se bort fra denne e-mail: du får ikke flere.',
        ],
        manageLabel: 'Bekræft din tilmelding',
      };
    case 'meeting_reminder': {
      const days = daysUntil(meeting, context.now);
      const soon = days === 0 ? 'i dag' : days === 1 ? 'i morgen' : `om ${days} dage`;
      return {
        subject: `Påmindelse: ${title}`,
        intro: [`En påmindelse: „${title}“ er ${soon}. Vi glæder os til at se dig.`],
        manageLabel: 'Kan du alligevel ikke komme? Afmeld her, så en anden kan få pladsen',
      };
    }
    case 'meeting_changed':
      return {
        subject: `Ændret: ${title}`,
        intro: [
          `Oplysningerne om „${title}“ er ændret. Her er mødet, som det ser ud nu.`,
          ...(confirmed ? ['Den opdaterede kalenderaftale er vedhæftet.'] : []),
        ],
        manageLabel: 'Se, ret eller afmeld din tilmelding',
      };
    case 'meeting_cancelled':
      return {
        subject: `Aflyst: ${title}`,
        intro: [
          `Desværre er „${title}“ aflyst.`,
          ...(reason ? [reason] : []),
          'Din tilmelding er bortfaldet; du skal ikke gøre noget.',
        ],
        manageLabel: null,
      };
  }
}

/** Which calendar message the e-mail carries: only people with a seat have the meeting in their calendar. */
function calendarMethodFor(context: EmailContext): CalendarMethod | null {
  switch (context.kind) {
    case 'registration_confirmed':
    case 'registration_promoted':
      return 'REQUEST';
    case 'meeting_changed':
      return context.registration.hadSeat ? 'REQUEST' : null;
    case 'registration_cancelled':
    case 'meeting_cancelled':
    // Moved from a seat back to the waitlist by the coordinator: the meeting leaves their calendar.
    case 'registration_waitlisted':
      return context.registration.hadSeat ? 'CANCEL' : null;
    default:
      return null;
  }
}

/** "onsdag den 10. juni 2026, 09.00–13.00" in Copenhagen time, whatever the server's zone. */
export function formatMeetingTime(meeting: Pick<CalendarMeeting, 'startsAt' | 'endsAt'>, locale: Locale): string {
  const dateLocale = labels[locale].dateLocale;
  const day = new Intl.DateTimeFormat(dateLocale, {
    timeZone: networkTimeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const time = new Intl.DateTimeFormat(dateLocale, { timeZone: networkTimeZone, hour: '2-digit', minute: '2-digit' });
  const sameDay = day.format(meeting.startsAt) === day.format(meeting.endsAt);
  if (sameDay) return `${day.format(meeting.startsAt)}, ${time.formatRange(meeting.startsAt, meeting.endsAt)}`;
  return `${day.format(meeting.startsAt)} ${time.format(meeting.startsAt)} – ${day.format(meeting.endsAt)} ${time.format(meeting.endsAt)}`;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/**
 * Stands in for the manage link in e-mails as the outbox stores them: the link carries the
 * registrant's token, which must not be kept. Nothing in it is changed by HTML escaping, so it
 * reads the same in the text and in the HTML.
 */
export const MANAGE_URL_PLACEHOLDER = '{{bok-manage-url}}';

/** Puts the manage link where MANAGE_URL_PLACEHOLDER stands: as it is in the text, escaped in the HTML. */
export function insertManageUrl(body: string, manageUrl: string, format: 'text' | 'html'): string {
  const link = format === 'html' ? escapeHtml(manageUrl) : manageUrl;
  // A function, so that `$&` and the like in the link are not read as replacement patterns.
  return body.replaceAll(MANAGE_URL_PLACEHOLDER, () => link);
}

const paragraphHtml = (text: string) => `<p>${escapeHtml(text).replaceAll('\n', '<br>')}</p>`;

export function renderEmail(context: EmailContext): RenderedEmail {
  const label = labels[context.locale];
  const copy = copyFor(context);
  const greeting =
    context.kind === 'registration_confirm_request'
      ? label.greetingWithoutName
      : label.greeting(context.recipient.name);
  const pageUrl = meetingPageUrl(context.publicUrl, context.meeting.slug);
  const when = formatMeetingTime(context.meeting, context.locale);
  const where = venueLine(context.meeting) || label.noVenue;

  const text = [
    greeting,
    ...copy.intro,
    [
      context.meeting.title,
      `${label.when}: ${when}`,
      `${label.where}: ${where}`,
      `${label.meetingPage}: ${pageUrl}`,
    ].join('\n'),
    ...(copy.manageLabel ? [`${copy.manageLabel}:\n${context.manageUrl}`] : []),
    label.signOff,
  ].join('\n\n');

  const html = [
    '<!doctype html>',
    `<html lang="${context.locale}"><head><meta charset="utf-8"><title>${escapeHtml(copy.subject)}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40em;">',
    paragraphHtml(greeting),
    ...copy.intro.map(paragraphHtml),
    `<table role="presentation" style="border-left: 4px solid #0b5cad; padding-left: 1em; margin: 1em 0;">`,
    `<tr><td colspan="2"><strong>${escapeHtml(context.meeting.title)}</strong></td></tr>`,
    `<tr><td>${escapeHtml(label.when)}</td><td>${escapeHtml(when)}</td></tr>`,
    `<tr><td>${escapeHtml(label.where)}</td><td>${escapeHtml(where)}</td></tr>`,
    `<tr><td colspan="2"><a href="${escapeHtml(pageUrl)}">${escapeHtml(label.meetingPage)}</a></td></tr>`,
    '</table>',
    ...(copy.manageLabel
      ? [`<p><a href="${escapeHtml(context.manageUrl)}">${escapeHtml(copy.manageLabel)}</a></p>`]
      : []),
    paragraphHtml(label.signOff),
    '</body></html>',
  ].join('\n');

  const method = calendarMethodFor(context);
  const ics = method
    ? buildCalendar({
        method,
        meetings: [context.meeting],
        publicUrl: context.publicUrl,
        organizer: context.organizer,
        attendee: context.recipient,
      })
    : null;

  return { subject: copy.subject, text, html, ics };
}

/**
 * Stands in for the password-reset link in the stored e-mail, like MANAGE_URL_PLACEHOLDER: the
 * link is a password too, put in only on the way out (emails.render.ts).
 */
export const PASSWORD_RESET_URL_PLACEHOLDER = '{{bok-password-reset-url}}';

export function insertPasswordResetUrl(body: string, resetUrl: string, format: 'text' | 'html'): string {
  const link = format === 'html' ? escapeHtml(resetUrl) : resetUrl;
  return body.replaceAll(PASSWORD_RESET_URL_PLACEHOLDER, () => link);
}

export interface PasswordResetEmailContext {
  locale: Locale;
  recipient: CalendarPerson;
  /** PASSWORD_RESET_URL_PLACEHOLDER for an e-mail that is to be stored. */
  resetUrl: string;
  validMinutes: number;
}

interface PasswordResetCopy {
  subject: string;
  intro: string;
  linkLabel: string;
  outro: string;
}

// Typed per language: a missing English text is a compile error, not Danish sent to an English reader.
const passwordResetCopy: Record<Locale, (minutes: number) => PasswordResetCopy> = {
  da: (minutes) => ({
    subject: 'Nulstil din adgangskode til BoK Møder',
    intro: 'Nogen (formentlig dig) har bedt om at nulstille adgangskoden til din koordinatorkonto i BoK Møder.',
    linkLabel: `Vælg en ny adgangskode (linket virker én gang og i ${minutes} minutter)`,
    outro:
      'Har du ikke bedt om det, kan du se bort fra denne e-mail: din adgangskode er uændret. ' +
      'Når du vælger en ny, bliver du logget ud alle steder.',
  }),
  en: (minutes) => ({
    subject: 'Reset your BoK Møder password',
    intro: 'Someone (probably you) asked to reset the password of your coordinator account in BoK Møder.',
    linkLabel: `Choose a new password (the link works once, for ${minutes} minutes)`,
    outro:
      'If you did not ask for this, ignore this e-mail: your password has not changed. ' +
      'Choosing a new one signs you out everywhere.',
  }),
};

export function renderPasswordResetEmail(context: PasswordResetEmailContext): RenderedEmail {
  const label = labels[context.locale];
  const copy = passwordResetCopy[context.locale](context.validMinutes);
  const text = [
    label.greeting(context.recipient.name),
    copy.intro,
    `${copy.linkLabel}:\n${context.resetUrl}`,
    copy.outro,
    label.signOff,
  ].join('\n\n');
  const html = [
    '<!doctype html>',
    `<html lang="${context.locale}"><head><meta charset="utf-8"><title>${escapeHtml(copy.subject)}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40em;">',
    paragraphHtml(label.greeting(context.recipient.name)),
    paragraphHtml(copy.intro),
    `<p><a href="${escapeHtml(context.resetUrl)}">${escapeHtml(copy.linkLabel)}</a></p>`,
    paragraphHtml(copy.outro),
    paragraphHtml(label.signOff),
    '</body></html>',
  ].join('\n');
  return { subject: copy.subject, text, html, ics: null };
}
