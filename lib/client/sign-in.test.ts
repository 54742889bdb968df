import { describe, expect, it } from 'vitest';
import { safeNextPath } from './sign-in';

describe('safeNextPath', () => {
  it('follows same-site paths only', () => {
    expect(safeNextPath('/plan?tab=1')).toBe('/plan?tab=1');
    expect(safeNextPath('/%09/still-here')).toBe('/%09/still-here'); // an encoded tab stays in the path
    for (const bad of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example', 'javascript:alert(1)', '', null, undefined]) {
      expect(safeNextPath(bad)).toBe('/');
    }
  });
});
