import { tenantUuid } from '../mapping/ids';

/** Index of the shared (tenant-less) rows of admin collections. */
export const SHARED = 0;
/** Index of documents that cannot be placed: no tenant key (and not quarantined), or a value that does not convert. */
export const UNPLACEABLE = 1;

/**
 * Small integers for tenants, shared by both sides of a validation: legacy tenant keys (hashed to their
 * Nile id once each) and the target's tenant ids map to the same index, so checksum cells of the legacy
 * files and of the target compare by number. Index 0 is the shared scope, 1 the unplaceable documents.
 */
export class TenantIndex {
  private readonly byUuid = new Map<string, number>();
  private readonly byKey = new Map<string, number>();
  private readonly uuids: (string | null)[] = [null, null];
  private readonly keys: (string | null)[] = [null, null];

  /** The index of a legacy tenant key. */
  ofKey(key: string): number {
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.ofUuid(tenantUuid(key));
      this.keys[index] = key;
      this.byKey.set(key, index);
    }
    return index;
  }

  /** The index of a target tenant id (null: the shared scope). */
  ofUuid(uuid: string | null): number {
    if (uuid === null) return SHARED;
    let index = this.byUuid.get(uuid);
    if (index === undefined) {
      index = this.uuids.length;
      this.uuids.push(uuid);
      this.keys.push(null);
      this.byUuid.set(uuid, index);
    }
    return index;
  }

  uuidOf(index: number): string | null {
    return this.uuids[index] ?? null;
  }

  /** The legacy key of a tenant, when a legacy document named it. */
  keyOf(index: number): string | null {
    return this.keys[index] ?? null;
  }

  /** How a report names a tenant: its legacy key and id, or what the index stands for. */
  describe(index: number): string {
    if (index === SHARED) return 'the shared admin scope';
    if (index === UNPLACEABLE) return 'no tenant';
    const key = this.keyOf(index);
    return key ? `${key} (${this.uuidOf(index)})` : `tenant ${this.uuidOf(index)}`;
  }
}
