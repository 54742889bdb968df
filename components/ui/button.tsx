'use client';

import { useSyncExternalStore, type ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

const VARIANTS: Record<Variant, string> = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700 disabled:bg-slate-300',
  secondary: 'bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-400',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-slate-300',
  ghost: 'text-slate-700 hover:bg-slate-100',
};

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant };

const subscribe = () => () => undefined;

/**
 * False in the server's HTML and during hydration, true once React runs in the browser. A page rendered
 * with its data (Runs, Overview) shows its buttons before their handlers exist: a click then would be
 * lost (Resume that does nothing) or, on a form, become a native submit. Until hydrated they are disabled.
 */
function useHydrated(): boolean {
  return useSyncExternalStore(subscribe, () => true, () => false);
}

export function Button({ variant = 'primary', className = '', type = 'button', disabled, ...props }: ButtonProps) {
  const hydrated = useHydrated();
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition disabled:cursor-not-allowed ${VARIANTS[variant]} ${className}`}
      disabled={disabled || !hydrated}
      {...props}
    />
  );
}
