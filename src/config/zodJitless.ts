import { z } from 'zod';

/**
 * Zod compiles fast parsers with `new Function` when it may; under the server's
 * Content-Security-Policy (no 'unsafe-eval') even its probe for that is a violation. Imported
 * first by the page and by each worker that validates with zod.
 */
z.config({ jitless: true });
