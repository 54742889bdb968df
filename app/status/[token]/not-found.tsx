/** What an unknown or revoked share link shows (with a 404). */
export default function SharedStatusNotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="text-sm font-semibold uppercase tracking-wider text-brand-600">Ferry</p>
      <h1 className="mt-2 text-xl font-semibold text-slate-900" data-testid="shared-status-gone">This status link does not work</h1>
      <p className="mt-2 text-sm text-slate-600">It may have been revoked. Ask the person who shared it for a new one.</p>
    </main>
  );
}
