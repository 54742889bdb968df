import bcrypt from 'bcryptjs';

const COST = 12; // ~220 ms here: slow for guessing, fast enough for a sign-in

/** bcrypt hash of a password; the plain text is never stored or logged. */
export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

let dummyHash: Promise<string> | undefined;

/** Burns the time of one verification, so an unknown email answers as slowly as a wrong password. */
export async function verifyAgainstNothing(plain: string): Promise<false> {
  dummyHash ??= bcrypt.hash('ferry-timing-equaliser', COST);
  await bcrypt.compare(plain, await dummyHash);
  return false;
}
