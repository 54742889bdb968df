import type { z } from 'zod';
import { AppError } from '../../shared/errors';

/** The largest request body any API route accepts, in bytes (the launcher refuses larger declared ones too). */
export const MAX_BODY_BYTES = 1_000_000;

/** The refusal of a body over the limit (`payload_too_large`, 413); the launcher's gate sends the same one. */
export function bodyTooLarge(limit = MAX_BODY_BYTES): AppError {
  return new AppError('payload_too_large', `Request body too large (over ${limit} bytes).`);
}

/**
 * Reads a request body as UTF-8 text, counting bytes as they arrive: a declared `Content-Length` over
 * `limit` is refused without reading anything, and a body that turns out larger (chunked, or a lying
 * length) is refused as soon as it passes `limit` — the stream is cancelled, so at most `limit` bytes
 * plus one chunk are ever held. Throws `payload_too_large` (413).
 */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > limit) {
    req.body?.cancel().catch(() => undefined);
    throw bodyTooLarge(limit);
  }
  if (!req.body) return '';
  const reader = req.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts.join('') + decoder.decode();
    bytes += value.byteLength;
    if (bytes > limit) {
      reader.cancel().catch(() => undefined);
      throw bodyTooLarge(limit);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
}

/**
 * Reads and validates a JSON request body. Every problem is reported at once with its path, so a
 * script author fixes them in one go; bodies over 1 MB are refused while reading (`payload_too_large`),
 * before anything is parsed.
 */
export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await readBodyText(req);
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
