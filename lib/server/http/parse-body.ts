import type { z } from 'zod';
import { AppError } from '../../shared/errors';

const MAX_BODY_BYTES = 1_000_000;

/**
 * Reads and validates a JSON request body. Every problem is reported at once with its path, so a
 * script author fixes them in one go; bodies over 1 MB are refused before parsing.
 */
export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError('bad_request', `Request body too large (over ${MAX_BODY_BYTES} bytes).`);
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new AppError('bad_request', `Request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
    throw new AppError('bad_request', `Invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, { details });
  }
  return parsed.data;
}

/** Validates a request's query string with a schema; every problem reported at once (`bad_request`). */
export function parseQuery<S extends z.ZodType>(req: { nextUrl: URL }, schema: S): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(query)', message: i.message }));
    throw new AppError('bad_request', `Invalid query: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, { details });
  }
  return parsed.data;
}
