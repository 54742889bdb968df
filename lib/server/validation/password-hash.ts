/**
 * What a password-like field holds, judged by its form only: a recognised hash (and which), nothing
 * (absent, null, empty), or something else — which is taken for plaintext. The value itself never leaves
 * this function: callers keep counts, kinds and document ids, never the value or a piece of it.
 */
export type PasswordForm =
  | { kind: 'hash'; scheme: 'bcrypt' | 'argon2' | 'scrypt' | 'pbkdf2'; cost?: number }
  | { kind: 'empty' }
  | { kind: 'plaintext' };

const BCRYPT = /^\$2[abxy]\$(\d{2})\$[./A-Za-z0-9]{53}$/;
const ARGON2 = /^\$argon2(?:i|d|id)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+(?:,[a-z]+=[^$]*)*\$[A-Za-z0-9+/.=-]+\$[A-Za-z0-9+/.=-]+$/;
/** Modular crypt scrypt ($scrypt$ln=..,r=..,p=..$salt$hash, passlib), $7$ (libsodium/yescrypt-era scrypt). */
const SCRYPT = /^(?:\$scrypt\$ln=\d+,r=\d+,p=\d+\$[A-Za-z0-9+/.=-]+\$[A-Za-z0-9+/.=-]+|\$7\$[./A-Za-z0-9]{11,}\$[./A-Za-z0-9]{43,})$/;
/** Node-style `scrypt:N:r:p:salt:hash` and Django's `scrypt$…`. */
const SCRYPT_OTHER = /^(?:scrypt[:$]\d+[:$]\d+[:$]\d+[:$][A-Za-z0-9+/.=-]+[:$][A-Za-z0-9+/.=-]{16,})$/;
/** Django `pbkdf2_sha256$iterations$salt$hash`, passlib `$pbkdf2-sha256$iterations$salt$hash`, Werkzeug `pbkdf2:sha256:iterations$salt$hash`. */
const PBKDF2 = /^(?:pbkdf2_sha(?:1|256|512)\$\d+\$[^$]+\$[A-Za-z0-9+/=]{16,}|\$pbkdf2(?:-sha(?:1|256|512))?\$\d+\$[./A-Za-z0-9+=]+\$[./A-Za-z0-9+=]{16,}|pbkdf2:sha(?:1|256|512)(?::\d+)?\$[^$]+\$[0-9a-f]{32,})$/;

/**
 * Classifies one stored password value. Recognised: bcrypt (`$2a$`, `$2b$`, `$2y$`, `$2x$` with its cost),
 * argon2 (`i`, `d`, `id`), scrypt (modular crypt and common library forms), pbkdf2 (Django, passlib,
 * Werkzeug). Absent, null and empty strings are `empty`; any other value — a number, an object, a
 * short or unrecognised string — is `plaintext`.
 */
export function classifyPassword(value: unknown): PasswordForm {
  if (value === undefined || value === null || value === '') return { kind: 'empty' };
  if (typeof value !== 'string') return { kind: 'plaintext' };
  const bcrypt = BCRYPT.exec(value);
  if (bcrypt) return { kind: 'hash', scheme: 'bcrypt', cost: Number(bcrypt[1]) };
  if (ARGON2.test(value)) return { kind: 'hash', scheme: 'argon2' };
  if (SCRYPT.test(value) || SCRYPT_OTHER.test(value)) return { kind: 'hash', scheme: 'scrypt' };
  if (PBKDF2.test(value)) return { kind: 'hash', scheme: 'pbkdf2' };
  return { kind: 'plaintext' };
}

/** Counts of one collection's password-like fields, and the ids of documents holding plaintext (at most `limit`). */
export class PasswordTally {
  hashed = 0;
  empty = 0;
  plaintext = 0;
  /** Documents with at least one plaintext field. */
  plaintextDocuments = 0;
  readonly schemes = new Map<string, number>();
  readonly plaintextIds: string[] = [];
  /** The legacy line of each of `plaintextIds`. */
  readonly plaintextLines: number[] = [];
  readonly fields = new Set<string>();

  constructor(private readonly limit = 20) {}

  /** Records one field of one document; returns true when it is plaintext (the caller then names the document). */
  add(field: string, value: unknown): boolean {
    this.fields.add(field);
    const form = classifyPassword(value);
    if (form.kind === 'empty') this.empty += 1;
    else if (form.kind === 'hash') {
      this.hashed += 1;
      const label = form.cost === undefined ? form.scheme : `${form.scheme} cost ${form.cost}`;
      this.schemes.set(label, (this.schemes.get(label) ?? 0) + 1);
    } else {
      this.plaintext += 1;
      return true;
    }
    return false;
  }

  /** Counts one document holding plaintext (call once per document). */
  notePlaintextDocument(id: string, line: number): void {
    this.plaintextDocuments += 1;
    if (this.plaintextIds.length < this.limit && !this.plaintextIds.includes(id)) {
      this.plaintextIds.push(id);
      this.plaintextLines.push(line);
    }
  }
}
