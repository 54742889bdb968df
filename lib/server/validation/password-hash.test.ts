import { describe, expect, it } from 'vitest';
import { classifyPassword, PasswordTally } from './password-hash';

describe('classifyPassword', () => {
  it('recognises bcrypt with its cost, argon2, scrypt and pbkdf2 forms', () => {
    const salt = 'a'.repeat(53);
    expect(classifyPassword(`$2b$12$${salt}`)).toEqual({ kind: 'hash', scheme: 'bcrypt', cost: 12 });
    expect(classifyPassword(`$2a$10$${salt}`)).toEqual({ kind: 'hash', scheme: 'bcrypt', cost: 10 });
    expect(classifyPassword(`$2y$04$${salt}`)).toEqual({ kind: 'hash', scheme: 'bcrypt', cost: 4 });
    expect(classifyPassword('$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG')).toEqual({ kind: 'hash', scheme: 'argon2' });
    expect(classifyPassword('$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo')).toEqual({ kind: 'hash', scheme: 'argon2' });
    expect(classifyPassword('$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E')).toEqual({ kind: 'hash', scheme: 'scrypt' });
    expect(classifyPassword('pbkdf2_sha256$260000$abcdefghijklmnop$q5G2bu5jKmsPtTmL1zZp+2z6h1eBWjVq8PqGkFrJkgQ=')).toEqual({ kind: 'hash', scheme: 'pbkdf2' });
    expect(classifyPassword('$pbkdf2-sha256$29000$N2ZsrdV6D2HMuZdSytn7nw$rpSPQbtzTANrRUavpoRWLrb5BqVXhWWWB9xL/Kp0Fic')).toEqual({ kind: 'hash', scheme: 'pbkdf2' });
  });

  it('takes anything else for plaintext, and absent or empty for empty', () => {
    for (const value of ['hunter2', 'correct horse battery staple', '$2b$10$short', 'e10adc3949ba59abbe56e057f20f883e', 12345, { a: 1 }]) expect(classifyPassword(value).kind).toBe('plaintext');
    for (const value of [undefined, null, '']) expect(classifyPassword(value).kind).toBe('empty');
  });

  it('tallies documents, never values', () => {
    const tally = new PasswordTally();
    expect(tally.add('password', 'hunter2')).toBe(true);
    tally.notePlaintextDocument('u1', 3);
    expect(tally.add('passwordHash', `$2b$10$${'b'.repeat(53)}`)).toBe(false);
    expect({ plaintext: tally.plaintextDocuments, ids: tally.plaintextIds, schemes: [...tally.schemes] }).toEqual({ plaintext: 1, ids: ['u1'], schemes: [['bcrypt cost 10', 1]] });
    expect(JSON.stringify({ ...tally, schemes: [...tally.schemes], fields: [...tally.fields] })).not.toContain('hunter2');
  });
});
