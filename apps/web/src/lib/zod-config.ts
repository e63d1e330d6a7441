import { z } from 'zod';

// zod probes `new Function` to compile faster parsers; our CSP forbids eval (script-src 'self'),
// so the probe only produces a CSP violation in the console. The interpreted parsers are plenty.
z.config({ jitless: true });
