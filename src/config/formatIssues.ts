import type { z } from 'zod';

export interface ConfigProblem {
  /** Dotted path of the bad field, e.g. `layers[1].url`; empty for the whole document. */
  field: string;
  message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

export function toProblems(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((i) => ({ field: formatPath(i.path), message: i.message }));
}
