import { describe, expect, it } from 'vitest';
import { calendarLinks, googleCalendarUrl, venueText } from './calendar-links';

/** Splits a link into its address and decoded parameters, the way a browser reads it. */
function parse(link: string) {
  const [address = '', search = ''] = link.split('?');
  const params = new Map(
    search.split('&').map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return [decodeURIComponent(key), decodeURIComponent(value.replaceAll('+', ' '))] as const;
    }),
  );
  return { address, params };
}

const event = {
  title: 'Netværksmøde: Læselyst & fællesskab',
  // 29 March 2026 is the day Copenhagen moves to summer time: 09:00 CEST is 07:00 UTC.
  startsAt: '2026-03-29T07:00:00.000Z',
  endsAt: new Date('2026-03-29T11:30:00Z'),
  description: 'Program og sparring',
  location: 'Roskilde Bibliotek, Dronning Margrethes Vej 14, 4000 Roskilde',
  url: 'https://bok.example/moeder/laeselyst',
};

describe('calendarLinks', () => {
  it('gives Google the UTC instants, title, place and a description ending with the meeting page', () => {
    const { address, params } = parse(googleCalendarUrl(event));
    expect(address).toBe('https://calendar.google.com/calendar/render');
    expect(params.get('action')).toBe('TEMPLATE');
    expect(params.get('text')).toBe(event.title);
    expect(params.get('dates')).toBe('20260329T070000Z/20260329T113000Z');
    expect(params.get('location')).toBe(event.location);
    expect(params.get('details')).toBe('Program og sparring\n\nhttps://bok.example/moeder/laeselyst');
    expect(params.get('ctz')).toBe('Europe/Copenhagen');
  });

  it('gives Outlook.com and Microsoft 365 the compose deep link with ISO instants', () => {
    const links = calendarLinks(event);
    for (const [link, host] of [
      [links.outlook, 'outlook.live.com'],
      [links.office365, 'outlook.office.com'],
    ] as const) {
      const { address, params } = parse(link);
      expect(address).toBe(`https://${host}/calendar/0/deeplink/compose`);
      expect(params.get('rru')).toBe('addevent');
      expect(params.get('subject')).toBe(event.title);
      expect(params.get('startdt')).toBe('2026-03-29T07:00:00Z');
      expect(params.get('enddt')).toBe('2026-03-29T11:30:00Z');
      expect(params.get('location')).toBe(event.location);
      expect(params.get('body')).toContain(event.url);
    }
  });

  it('leaves out an unknown place and shortens a long description', () => {
    const { params } = parse(googleCalendarUrl({ ...event, location: null, url: null, description: 'x'.repeat(5000) }));
    expect(params.has('location')).toBe(false);
    const details = params.get('details')!;
    expect(details.length).toBe(1000);
    expect(details.endsWith('…')).toBe(true);
  });
});

describe('venueText', () => {
  it('joins the parts that are known', () => {
    expect(
      venueText({
        library: {
          name: 'Roskilde Bibliotek',
          street: 'Dronning Margrethes Vej 14',
          postalCode: '4000',
          city: 'Roskilde',
        },
        room: 'Salen',
      }),
    ).toBe('Roskilde Bibliotek, Salen, Dronning Margrethes Vej 14, 4000 Roskilde');
    expect(venueText({ library: null, room: null })).toBe('');
  });
});
