/**
 * Demo data from the BoK network's public page (bok-network-page.txt beside this file, copied
 * from the network's page at centralbibliotek.dk). Texts are the network's own, in Danish.
 */

export const network = {
  slug: 'bok',
  name: 'BoK – Netværk for Brugeroplevet Kvalitet',
  shortName: 'BoK',
  tagline: 'Hvad synes brugerne er kvalitet?',
  intro:
    'Hvad synes brugerne er kvalitet? Det kan du blive klogere på i BoK, Roskilde Centralbiblioteks nye netværk for Brugeroplevet Kvalitet.',
  about: [
    'I netværket vil vi sammen opbygge kompetencer, vilje og mod til at arbejde med brugeroplevet kvalitet i praksis. Du er med andre ord ikke alene. I netværket kan vi inspirere og styrke hinanden, så det bliver sjovere og nemmere at arbejde med metoderne.',
    'Netværket skal styrke deltagernes viden om, brug af og samarbejde om brugeroplevet kvalitet. Vi vil beskæftige os med hele spektret af dataindsamlingsmetoder, facilitering af brugere, samt brug af resultater i bred forstand.',
  ].join('\n\n'),
  purpose:
    'Netværkets opgave er i fællesskab at opbygge viden og kompetencer, som anvendes i praksis inden for feltet brugeroplevet kvalitet. Opgaven er endvidere at skabe en ”gøre kultur”, hvor deltagerne hjemme arbejder test- og ad hoc relateret i forhold til de temaer, som behandles på netværksmøderne.',
  targetGroup:
    'Målgruppen for netværket er biblioteksansatte i regionen, der arbejder med feltet – eller skal i gang med det.',
  commitmentsIntro:
    'Det betyder, at deltagerne forpligter sig til at være aktive på netværkets møder og til at afprøve og arbejde med metoderne på eget bibliotek. Det kunne være:',
  commitments: [
    'At fortælle om egne oplevelser med feltet, dele ud af erfaringer og viden til de andre deltagere',
    'At være aktive i at danne relationer i netværket',
    'At teste små forløb hjemme i relation til de temaer som har været på møderne',
    'At komme med forslag til temaer',
  ],
  meetingFormat:
    'BoK er et åbent netværk som mødes 2-4 gange årligt. Ved møderne tages der udgangspunkt i faste punkter, mens temaerne vil være meget varierende. Sparring og erfaringsudveksling er et fast punkt på dagsordnen.',
  venuePolicy:
    'Møderne afholdes primært på et af regionens biblioteker, men kan også lægges andre steder, hvis det er oplagt i forhold til temaet.',
  callToAction: 'Kom og vær med – og husk arbejdstøjet!',
  coordinatorName: 'Isabella Gothen',
  coordinatorEmail: 'isabellag@roskilde.dk',
  coordinatorOrganisation: 'Roskilde Centralbibliotek',
};

/** The six themes the network page says it will work with, in the page's order. */
export const themes = [
  { slug: 'kvalitative-brugerundersoegelsesmetoder', title: 'Kvalitative brugerundersøgelsesmetoder' },
  { slug: 'design-thinking-metoder', title: 'Design thinking metoder' },
  { slug: 'lokale-brugerundersoegelser', title: 'Lokale brugerundersøgelser' },
  { slug: 'bibdok-og-dine-lokale-indsatser', title: 'BibDok og dine lokale indsatser' },
  { slug: 'kvantitative-brugerundersoegelsesmetoder', title: 'Kvantitative brugerundersøgelsesmetoder' },
  { slug: 'facilitering-af-brugere', title: 'Facilitering af brugere' },
];

export interface SeedLibrary {
  slug: string;
  name: string;
  municipality: string;
  street?: string;
  postalCode?: string;
  city?: string;
}

/**
 * Every library in the page's followers list, plus the two venue libraries named in its
 * meeting announcements. Street addresses only where we are sure of them.
 */
export const libraries: SeedLibrary[] = [
  {
    slug: 'roskilde-bibliotekerne',
    name: 'Roskilde Bibliotekerne',
    municipality: 'Roskilde',
    postalCode: '4000',
    city: 'Roskilde',
  },
  {
    slug: 'roskilde-bibliotek',
    name: 'Roskilde Bibliotek',
    municipality: 'Roskilde',
    street: 'Dronning Margrethes Vej 14',
    postalCode: '4000',
    city: 'Roskilde',
  },
  {
    slug: 'naestved-bibliotek-og-borgerservice',
    name: 'Næstved Bibliotek Og Borgerservice',
    municipality: 'Næstved',
    postalCode: '4700',
    city: 'Næstved',
  },
  {
    slug: 'naestved-bibliotek',
    name: 'Næstved Bibliotek',
    municipality: 'Næstved',
    street: 'Kvægtorvet 1',
    postalCode: '4700',
    city: 'Næstved',
  },
  {
    slug: 'slagelse-bibliotekerne',
    name: 'Slagelse Bibliotekerne',
    municipality: 'Slagelse',
    postalCode: '4200',
    city: 'Slagelse',
  },
  {
    slug: 'guldborgsund-bibliotekerne',
    name: 'Guldborgsund Bibliotekerne',
    municipality: 'Guldborgsund',
    postalCode: '4800',
    city: 'Nykøbing F',
  },
  {
    slug: 'biblioteket-frederiksberg',
    name: 'Biblioteket Frederiksberg',
    municipality: 'Frederiksberg',
    postalCode: '2000',
    city: 'Frederiksberg',
  },
  {
    slug: 'fredericia-bibliotek',
    name: 'Fredericia Bibliotek',
    municipality: 'Fredericia',
    postalCode: '7000',
    city: 'Fredericia',
  },
  { slug: 'odsherred-bibliotek-og-kulturhuse', name: 'Odsherred Bibliotek Og Kulturhuse', municipality: 'Odsherred' },
  { slug: 'stevns-bibliotekerne', name: 'Stevns Bibliotekerne', municipality: 'Stevns' },
  {
    slug: 'holbaek-bibliotek',
    name: 'Holbæk Bibliotek',
    municipality: 'Holbæk',
    street: 'Kanalstræde 2',
    postalCode: '4300',
    city: 'Holbæk',
  },
  { slug: 'greve-bibliotek', name: 'Greve Bibliotek', municipality: 'Greve', postalCode: '2670', city: 'Greve' },
  { slug: 'bornholms-biblioteker', name: 'Bornholms Biblioteker', municipality: 'Bornholm' },
  {
    slug: 'solroed-bibliotek',
    name: 'Solrød Bibliotek',
    municipality: 'Solrød',
    postalCode: '2680',
    city: 'Solrød Strand',
  },
  { slug: 'rudersdal-bibliotekerne', name: 'Rudersdal Bibliotekerne', municipality: 'Rudersdal' },
  {
    slug: 'hilleroed-bibliotekerne',
    name: 'Hillerød Bibliotekerne',
    municipality: 'Hillerød',
    postalCode: '3400',
    city: 'Hillerød',
  },
  {
    slug: 'vordingborg-bibliotekerne',
    name: 'Vordingborg Bibliotekerne',
    municipality: 'Vordingborg',
    postalCode: '4760',
    city: 'Vordingborg',
  },
  {
    slug: 'koege-bibliotekerne',
    name: 'Køge Bibliotekerne',
    municipality: 'Køge',
    street: 'Kirkestræde 18',
    postalCode: '4600',
    city: 'Køge',
  },
  { slug: 'faxe-kommunes-biblioteker', name: 'Faxe Kommunes Biblioteker', municipality: 'Faxe' },
  { slug: 'soroe-bibliotek', name: 'Sorø Bibliotek', municipality: 'Sorø', postalCode: '4180', city: 'Sorø' },
  {
    slug: 'ringsted-bibliotek',
    name: 'Ringsted Bibliotek',
    municipality: 'Ringsted',
    postalCode: '4100',
    city: 'Ringsted',
  },
];

/** The page's followers list, one entry a follower, as it stands (names are not public). */
export const followerLibraries = [
  'Slagelse Bibliotekerne',
  'Guldborgsund Bibliotekerne',
  'Guldborgsund Bibliotekerne',
  'Biblioteket Frederiksberg',
  'Roskilde Bibliotekerne',
  'Guldborgsund Bibliotekerne',
  'Fredericia Bibliotek',
  'Næstved Bibliotek Og Borgerservice',
  'Odsherred Bibliotek Og Kulturhuse',
  'Roskilde Bibliotekerne',
  'Roskilde Bibliotekerne',
  'Stevns Bibliotekerne',
  'Roskilde Bibliotekerne',
  'Holbæk Bibliotek',
  'Greve Bibliotek',
  'Roskilde Bibliotekerne',
  'Bornholms Biblioteker',
  'Solrød Bibliotek',
  'Greve Bibliotek',
  'Rudersdal Bibliotekerne',
  'Rudersdal Bibliotekerne',
  'Roskilde Bibliotekerne',
  'Hillerød Bibliotekerne',
  'Vordingborg Bibliotekerne',
  'Guldborgsund Bibliotekerne',
  'Roskilde Bibliotekerne',
  'Køge Bibliotekerne',
  'Roskilde Bibliotekerne',
  'Slagelse Bibliotekerne',
  'Roskilde Bibliotekerne',
  'Faxe Kommunes Biblioteker',
  'Næstved Bibliotek Og Borgerservice',
  'Roskilde Bibliotekerne',
  'Sorø Bibliotek',
  'Vordingborg Bibliotekerne',
  'Køge Bibliotekerne',
  'Ringsted Bibliotek',
  'Roskilde Bibliotekerne',
  'Roskilde Bibliotekerne',
];

export type SeedAgendaKind = 'welcome' | 'talk' | 'workshop' | 'sparring' | 'break' | 'lunch' | 'other';

export interface SeedAgendaItem {
  /** Local Copenhagen wall-clock time, "HH:MM". */
  from: string;
  to: string;
  title: string;
  kind: SeedAgendaKind;
  speakerName?: string;
  speakerOrganisation?: string;
  description?: string;
}

export interface SeedMeeting {
  slug: string;
  title: string;
  summary: string;
  description: string;
  status: 'announced' | 'open' | 'held';
  /** A fixed local date "YYYY-MM-DD", or days from the seeding day (demo meetings). */
  date: string | { daysFromToday: number };
  from: string;
  to: string;
  venueLibrarySlug: string;
  venueRoom?: string;
  capacity: number;
  /** Registration opens this many days before the meeting (announced meetings). */
  registrationOpensDaysBefore?: number;
  /** Registration closes this many days before the meeting. */
  registrationClosesDaysBefore: number;
  themeSlugs: string[];
  agenda: SeedAgendaItem[];
}

const sparring: SeedAgendaItem = {
  from: '13:00',
  to: '13:45',
  title: 'Sparring og erfaringsudveksling',
  kind: 'sparring',
  description: 'Fast punkt: hvad har I afprøvet hjemme siden sidst, og hvad har I brug for sparring på?',
};

export const meetings: SeedMeeting[] = [
  {
    // The page gives the date and place; the hours are assumed to match the March meeting's.
    slug: '2016-12-15-lytteposter',
    title: 'Lytteposter',
    summary: 'Hvordan du aktivt kan ”lytte” efter, hvordan brugerne oplever biblioteket.',
    description:
      'Temaet er Lytteposter, og det kommer til at handle om, hvordan du aktivt kan ”lytte” efter, hvordan brugerne oplever biblioteket. Der kommer cases på, hvordan du kan gøre det i praksis.',
    status: 'held',
    date: '2016-12-15',
    from: '10:00',
    to: '14:00',
    venueLibrarySlug: 'roskilde-bibliotek',
    capacity: 40,
    registrationClosesDaysBefore: 2,
    themeSlugs: ['kvalitative-brugerundersoegelsesmetoder'],
    agenda: [
      { from: '10:00', to: '10:15', title: 'Velkomst', kind: 'welcome' },
      { from: '10:15', to: '12:00', title: 'Lytteposter: cases fra praksis', kind: 'talk' },
      { from: '12:00', to: '13:00', title: 'Frokost', kind: 'lunch' },
      sparring,
      { from: '13:45', to: '14:00', title: 'Opsamling og næste møde', kind: 'other' },
    ],
  },
  {
    slug: '2017-03-24-segmentering',
    title: 'Segmentering',
    summary: 'Strategisk valg af målgruppe, samt brugerinvolveringspolitik – hvorfor skal vi involvere brugerne.',
    description:
      'Temaet for mødet er segmentering: Strategisk valg af målgruppe, samt brugerinvolveringspolitik – hvorfor skal vi involvere brugerne.\n\nMette Tew, projektkoordinator fra Køge Bibliotekerne, vil med udgangspunkt i Tænketankens segmenteringsundersøgelse fortælle om strategisk valg af målgrupper.',
    status: 'held',
    date: '2017-03-24',
    from: '10:00',
    to: '14:00',
    venueLibrarySlug: 'naestved-bibliotek',
    capacity: 40,
    registrationClosesDaysBefore: 2,
    themeSlugs: ['kvantitative-brugerundersoegelsesmetoder'],
    agenda: [
      { from: '10:00', to: '10:15', title: 'Velkomst', kind: 'welcome' },
      {
        from: '10:15',
        to: '11:30',
        title: 'Strategisk valg af målgrupper',
        kind: 'talk',
        speakerName: 'Mette Tew',
        speakerOrganisation: 'Køge Bibliotekerne',
        description: 'Med udgangspunkt i Tænketankens segmenteringsundersøgelse.',
      },
      {
        from: '11:30',
        to: '12:00',
        title: 'Brugerinvolveringspolitik – hvorfor skal vi involvere brugerne?',
        kind: 'workshop',
      },
      { from: '12:00', to: '13:00', title: 'Frokost', kind: 'lunch' },
      sparring,
      { from: '13:45', to: '14:00', title: 'Opsamling og næste møde', kind: 'other' },
    ],
  },
  {
    slug: 'design-thinking-i-praksis',
    title: 'Design thinking i praksis',
    summary: 'Fra brugerindsigt til prototype på en formiddag – og hjem at teste det.',
    description:
      'Vi arbejder hands-on med design thinking: fra brugerindsigt over idéudvikling til en lille prototype, som du kan tage med hjem og teste på dit eget bibliotek. Husk arbejdstøjet!',
    status: 'open',
    date: { daysFromToday: 38 },
    from: '10:00',
    to: '14:00',
    venueLibrarySlug: 'koege-bibliotekerne',
    venueRoom: 'Salen, 1. sal',
    capacity: 30,
    registrationClosesDaysBefore: 5,
    themeSlugs: ['design-thinking-metoder', 'facilitering-af-brugere'],
    agenda: [
      { from: '10:00', to: '10:15', title: 'Velkomst og kaffe', kind: 'welcome' },
      {
        from: '10:15',
        to: '11:00',
        title: 'Design thinking: metoden kort fortalt',
        kind: 'talk',
        speakerName: 'Isabella Gothen',
        speakerOrganisation: 'Roskilde Centralbibliotek',
      },
      { from: '11:00', to: '12:00', title: 'Workshop: fra brugerindsigt til prototype', kind: 'workshop' },
      { from: '12:00', to: '12:45', title: 'Frokost', kind: 'lunch' },
      { ...sparring, from: '12:45', to: '13:45' },
      { from: '13:45', to: '14:00', title: 'Opsamling: hvad tester vi hjemme?', kind: 'other' },
    ],
  },
  {
    slug: 'bibdok-og-lokale-brugerundersoegelser',
    title: 'BibDok og lokale brugerundersøgelser',
    summary: 'Save the date: hvordan dokumenterer vi effekten af vores lokale indsatser?',
    description:
      'Vi ser på, hvordan BibDok kan understøtte dine lokale brugerundersøgelser, og deler erfaringer med at dokumentere effekten af lokale indsatser. Tilmeldingen åbner senere – reservér allerede nu datoen.',
    status: 'announced',
    date: { daysFromToday: 122 },
    from: '10:00',
    to: '14:00',
    venueLibrarySlug: 'holbaek-bibliotek',
    capacity: 35,
    registrationOpensDaysBefore: 60,
    registrationClosesDaysBefore: 5,
    themeSlugs: ['bibdok-og-dine-lokale-indsatser', 'lokale-brugerundersoegelser'],
    agenda: [
      { from: '10:00', to: '10:15', title: 'Velkomst', kind: 'welcome' },
      { from: '10:15', to: '11:15', title: 'BibDok: dokumentation af lokale indsatser', kind: 'talk' },
      { from: '11:15', to: '12:00', title: 'Cases fra netværkets biblioteker', kind: 'workshop' },
      { from: '12:00', to: '12:45', title: 'Frokost', kind: 'lunch' },
      { ...sparring, from: '12:45', to: '13:45' },
      { from: '13:45', to: '14:00', title: 'Opsamling og forslag til temaer', kind: 'other' },
    ],
  },
];
