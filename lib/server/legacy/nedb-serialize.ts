/** NeDB's own serialization (model.serialize): Dates as {"$$date": ms}, everything else as JSON. */
export function serializeNedb(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = key === '' ? value : this[key];
    return raw instanceof Date ? { $$date: raw.getTime() } : v;
  });
}
