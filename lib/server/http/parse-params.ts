import type { z } from 'zod';
import { AppError } from '../../shared/errors';

/**
 * Validates a route's path parameters with a schema (`bad_request` listing every problem). Next decodes
 * them; a value too long or malformed is refused before it reaches a service.
 */
export function parseParams<S extends z.ZodType>(params: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(path)', message: i.message }));
    throw new AppError('bad_request', `Invalid path: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, { details });
  }
  return parsed.data;
}
