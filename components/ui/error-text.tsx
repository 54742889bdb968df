/** An error message for a person, announced to assistive technology. */
export function ErrorText({ error, testId }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p role="status" aria-live="polite" data-testid={testId} className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
      {message}
    </p>
  );
}
