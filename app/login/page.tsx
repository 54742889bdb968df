import type { Metadata } from 'next';
import { LoginForm } from '@/components/auth/login-form';

export const metadata: Metadata = { title: 'Sign in' };

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password, or the account is disabled.',
  throttled: 'Too many failed sign-ins. Wait a few minutes and try again.',
  SessionRequired: 'Please sign in to continue.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : undefined;
  const error = typeof params.error === 'string' ? (ERRORS[params.error] ?? 'Sign-in failed.') : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <div className="mb-6">
          <p className="text-sm font-semibold uppercase tracking-wider text-brand-600">Ferry</p>
          <h1 className="mt-1 text-xl font-semibold text-slate-900">Sign in to the migration console</h1>
          <p className="mt-1 text-sm text-slate-500">Use the admin login printed by <code>npm start</code>, or one an admin created for you.</p>
        </div>
        <LoginForm next={next} initialError={error} />
      </div>
    </main>
  );
}
