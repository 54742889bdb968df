import { describe, expect, it } from 'vitest';
import { generateToken, hashToken, looksLikeToken, tokenPrefix } from './token-secret';

describe('API token secrets', () => {
  it('are 256-bit, recognisable by prefix, and hashed deterministically', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).not.toBe(b);
    expect(looksLikeToken(a)).toBe(true);
    expect(tokenPrefix(a)).toHaveLength(12);
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(looksLikeToken(`${a}x`)).toBe(false);
    expect(looksLikeToken("fry_' OR 1=1 --")).toBe(false);
  });
});
