/** What the modules need to know about their surroundings; built from env in server.ts. */
export interface AppConfig {
  /** Public address of the app, for e-mailed links and calendar entries (no trailing slash). */
  publicUrl: string;
  /** Key for derived secrets (manage tokens). */
  appSecret: string;
  mailFrom: string;
  reminderDaysBefore: number;
  registrationRateLimit: number;
  /** Lifetime of a cached public answer (READ_CACHE_TTL_MS); 0: no cache. */
  readCacheTtlMs: number;
  /** Serve the development mailbox (/api/dev/mailbox): only without SMTP and outside production. */
  devMailbox: boolean;
  /** Let other machines than this one read the development mailbox (a shared demo server). */
  devMailboxFromAnywhere: boolean;
}

export const testConfig: AppConfig = {
  publicUrl: 'http://localhost:3000',
  appSecret: 'test-secret-test-secret-test-secret',
  mailFrom: 'BoK Møder <bok@roskilde.dk>',
  reminderDaysBefore: 3,
  registrationRateLimit: 1000,
  readCacheTtlMs: 800,
  devMailbox: true,
  devMailboxFromAnywhere: false,
};
