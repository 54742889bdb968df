import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_BODY_BYTES, parseJsonBody, readBodyText } from './parse-body';

const schema = z.strictObject({ name: z.string().min(1), count: z.number().int() });
const request = (body: string, headers: Record<string, string> = {}) => new Request('http://x/', { method: 'POST', body, headers });
const streamRequest = (body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) => new Request('http://x/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
const tooLarge = { code: 'payload_too_large', status: 413, message: expect.stringContaining('too large') };

/** A body stream that never ends on its own: it records how much was pulled and whether it was cancelled. */
function endlessBody(chunkBytes = 64 * 1024) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

describe('parseJsonBody', () => {
  it('returns the parsed body', async () => {
    expect(await parseJsonBody(request('{"name":"a","count":2}'), schema)).toEqual({ name: 'a', count: 2 });
  });
  it('reports malformed JSON, every invalid field, and unknown fields', async () => {
    await expect(parseJsonBody(request('{"name":'), schema)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('not valid JSON') });
    await expect(parseJsonBody(request('{"name":"","count":"2","extra":1}'), schema)).rejects.toMatchObject({
      code: 'bad_request',
      details: expect.arrayContaining([{ path: 'name', message: expect.any(String) }, { path: 'count', message: expect.any(String) }, { path: '(body)', message: expect.stringContaining('extra') }]),
    });
  });
  it('refuses oversized bodies with 413 before parsing', async () => {
    await expect(parseJsonBody(request(`{"name":"${'x'.repeat(1_100_000)}","count":1}`), schema)).rejects.toMatchObject(tooLarge);
  });
});

describe('readBodyText', () => {
  it('reads an empty body, and multi-byte characters split across chunks', async () => {
    expect(await readBodyText(new Request('http://x/', { method: 'POST' }))).toBe('');
    const bytes = new TextEncoder().encode('{"name":"élan ✓"}');
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 11)); // cuts "é" in half
        controller.enqueue(bytes.slice(11));
        controller.close();
      },
    });
    expect(await readBodyText(streamRequest(split))).toBe('{"name":"élan ✓"}');
  });
  it('counts bytes, not characters', async () => {
    const body = 'é'.repeat(MAX_BODY_BYTES / 2 + 1); // fewer characters than the limit, more bytes
    await expect(readBodyText(request(body))).rejects.toMatchObject(tooLarge);
  });
  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const { seen, stream } = endlessBody();
    const req = streamRequest(stream, { 'content-length': String(MAX_BODY_BYTES + 1) });
    const pulledBefore = seen.pulled; // a stream fills its (one-chunk) queue on creation
    await expect(readBodyText(req)).rejects.toMatchObject(tooLarge);
    expect(seen.pulled).toBe(pulledBefore);
    expect(seen.cancelled).toBe(true);
  });
  it('stops reading an endless stream as soon as it passes the limit, and cancels it', async () => {
    const { stream, seen } = endlessBody();
    await expect(readBodyText(streamRequest(stream))).rejects.toMatchObject(tooLarge);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThan(MAX_BODY_BYTES + 4 * 64 * 1024);
  });
  it('does not trust a small Content-Length: the bytes that arrive are counted', async () => {
    await expect(readBodyText(request('x'.repeat(MAX_BODY_BYTES + 10), { 'content-length': '10' }))).rejects.toMatchObject(tooLarge);
  });
});
