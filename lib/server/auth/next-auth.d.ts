import 'next-auth';

declare module 'next-auth' {
  /** The session as Ferry's session callback builds it: the current row of the signed-in console user. */
  interface Session {
    user?: { id: string | null; email: string | null; name: string; level: 1 | 2 | 3 };
  }
}
