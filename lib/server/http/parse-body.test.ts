import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonBody } from './parse-body';

const schema = z.strictObject({ name: z.string().min(1), count: z.number().int() });
const request = (body: string) => new Request('http://x/', { method: 'POST', body });

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
  it('refuses oversized bodies before parsing', async () => {
    await expect(parseJsonBody(request(`{"name":"${'x'.repeat(1_100_000)}","count":1}`), schema)).rejects.toMatchObject({ message: expect.stringContaining('too large') });
  });
});
