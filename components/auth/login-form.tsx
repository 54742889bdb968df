'use client';

import { useState, type FormEvent } from 'react';
import { safeNextPath, signInWithPassword } from '@/lib/client/sign-in';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';
import { Field, Input } from '../ui/field';

export function LoginForm({ next, initialError }: { next?: string; initialError?: string }) {
  const [error, setError] = useState<string | undefined>(initialError);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const result = await signInWithPassword(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
      if (result.ok) {
        window.location.assign(safeNextPath(next));
        return;
      }
      setError(result.message);
    } catch {
      setError('Ferry did not answer. Check that the server is running.');
    }
    setBusy(false);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Sign in">
      <Field label="Email">
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label="Password">
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      {error && <ErrorText error={error} testId="login-error" />}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
