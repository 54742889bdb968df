'use client';

import { useState, type FormEvent } from 'react';
import { useCreateUser } from '@/lib/client/users';
import { LEVELS } from '@/lib/shared/levels';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';
import { Field, Input, Select } from '../ui/field';

export function CreateUserForm() {
  const create = useCreateUser();
  const [formKey, setFormKey] = useState(0);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate(
      { email: String(form.get('email')), name: String(form.get('name')), level: Number(form.get('level')) as 1 | 2 | 3, password: String(form.get('password')) },
      { onSuccess: () => setFormKey((k) => k + 1) },
    );
  }

  return (
    <form key={formKey} onSubmit={onSubmit} className="grid gap-4 md:grid-cols-2" aria-label="Create user">
      <Field label="Email"><Input name="email" type="email" required autoComplete="off" /></Field>
      <Field label="Name"><Input name="name" required maxLength={200} /></Field>
      <Field label="Level">
        <Select name="level" defaultValue="2">
          {([1, 2, 3] as const).map((l) => <option key={l} value={l}>{l} · {LEVELS[l].name}</option>)}
        </Select>
      </Field>
      <Field label="Initial password" hint="At least 12 characters. Hand it over securely.">
        <Input name="password" type="password" minLength={12} required autoComplete="new-password" />
      </Field>
      <div className="md:col-span-2 space-y-3">
        <ErrorText error={create.error} testId="create-user-error" />
        {create.isSuccess && <p className="text-sm text-emerald-700" role="status">User {create.data.email} created.</p>}
        <Button type="submit" disabled={create.isPending}>Create user</Button>
      </div>
    </form>
  );
}
