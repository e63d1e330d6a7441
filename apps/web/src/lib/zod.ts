/**
 * zod as the web app gets it: the build resolves `zod` to this module (vite.config.ts), so that
 * `zod-config` runs before any schema is built, wherever and whenever zod first loads. zod is
 * not in the first script: it comes with the first answer to parse (lib/api-client.ts).
 */
import './zod-config';

export * from 'zod/v4';
export { default } from 'zod/v4';
