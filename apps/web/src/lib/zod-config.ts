// zod probes `new Function` to compile faster parsers; our CSP forbids eval (script-src 'self'),
// so the probe only produces a CSP violation in the console. The interpreted parsers are plenty.
// zod probes as each object schema is built, so this must run before any is: see zod.ts.
import { config } from 'zod/v4/core';

config({ jitless: true });
