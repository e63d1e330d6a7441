/** What the modules need to know about their surroundings; built from env in server.ts. */
export interface AppConfig {
  /** Public address of the app, for e-mailed links and calendar entries (no trailing slash). */
  publicUrl: string;
  /** Key for derived secrets (manage tokens). */
  appSecret: string;
  mailFrom: string;
  reminderDaysBefore: number;
  registrationRateLimit: number;
  /** Serve the development mailbox (/api/dev/mailbox): only without SMTP and outside production. */
  devMailbox: boolean;
  /** Let other machines than this one read the development mailbox (a shared demo server). */
  devMailboxFromAnywhere: boolean;
  auth: AuthConfig;
}

/** Coordinator sign-in (docs/decisions/0006-coordinator-sign-in.md). */
export interface AuthConfig {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginFailuresPerAccount: number;
  loginFailuresPerIp: number;
}

export const defaultAuthConfig: AuthConfig = {
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  loginFailuresPerAccount: 5,
  loginFailuresPerIp: 20,
};

export const testConfig: AppConfig = {
  publicUrl: 'http://localhost:3000',
  appSecret: 'test-secret-test-secret-test-secret',
  mailFrom: 'BoK Møder <bok@roskilde.dk>',
  reminderDaysBefore: 3,
  registrationRateLimit: 1000,
  devMailbox: true,
  devMailboxFromAnywhere: false,
  auth: defaultAuthConfig,
};
