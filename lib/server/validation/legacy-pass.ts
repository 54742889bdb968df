import { interpretLine } from '../legacy/interpret-line';
import { identityOf } from '../legacy/open-legacy-file';
import type { CollectionScan } from '../legacy/types';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { tenantKeyOf } from '../migration/build-rows';
import { CanonicalWriter } from './canonical-bytes';
import { canonicalJson } from './canonical-json';
import { bucketOf as bucketOfId, CellSums, cellKey as cellOf } from './cell-sums';
import { memberText, rawIdBucket, ShapeCache, TenantBytesCache, type ShapeInfo } from './document-shapes';
import { lineSelector, type SkipRule } from './line-selector';
import { PasswordTally } from './password-hash';
import { HASH_OUT as HASH_RESULT, hashBytes as hashWith, type HashScratch } from './pg-hash';
import { SHARED as SHARED_SCOPE, UNPLACEABLE as NO_PLACE, type TenantIndex } from './tenant-index';
import { typedExpected } from './typed-canonical';
import { visitLines } from './visit-lines';
import type { LatencySampler } from './latency-sampler';

export type PassInput = {
  file: string;
  collection: string;
  scan: CollectionScan;
  target: CollectionTarget;
  tenants: TenantIndex;
  /** Documents the run quarantined: skipped here, reported on their own. */
  skip: SkipRule;
  withoutTenant: 'quarantine' | { assignTo: string };
  passwordFields: ReadonlySet<string>;
  sampler?: LatencySampler;
  /** Called every few thousand documents with how many of this collection are checked so far. */
  onChecked?: (checked: number) => void;
};

/**
 * One collection's legacy side: per document (in file order) its line, byte offset, tenant index,
 * bucket and hash — 25 bytes each, so a drill-down finds the differing documents of a cell and reads
 * just those lines — and the per-cell checksums; plus what other checks need (top-level field names, password
 * tallies). Quarantined documents are skipped (`skipped`); `unreadable` counts final lines that are no
 * longer documents (the file changed under the scan).
 */
export type LegacyPass = {
  count: number;
  lines: Uint32Array;
  /** Byte offset of each document's line in the file (a drill-down reads the differing ones directly). */
  offsets: Float64Array;
  tenant: Uint32Array;
  bucket: Uint8Array;
  high: Uint32Array;
  low: Uint32Array;
  cells: CellSums;
  skipped: number;
  precise: number;
  unreadable: number;
  fields: Set<string>;
  passwords: PasswordTally;
};

const PROGRESS_EVERY = 8192;
// Local copies of what the per-document path uses: in the CommonJS this code runs as, an imported
// binding is a getter call at every use.
const HASH_OUT = HASH_RESULT;
const hashBytes = hashWith;
const SHARED = SHARED_SCOPE;
const UNPLACEABLE = NO_PLACE;
const bucketOf = bucketOfId;
const cellKey = cellOf;
/** Reads one collection's final lines once and computes its legacy side (see LegacyPass). */
export async function runLegacyPass(input: PassInput, writer: CanonicalWriter, scratch: HashScratch): Promise<LegacyPass> {
  const { scan, target, tenants } = input;
  const capacity = scan.finalLines.length;
  const pass: LegacyPass = {
    count: 0, lines: new Uint32Array(capacity), offsets: new Float64Array(capacity), tenant: new Uint32Array(capacity), bucket: new Uint8Array(capacity),
    high: new Uint32Array(capacity), low: new Uint32Array(capacity), cells: new CellSums(), skipped: 0, precise: 0, unreadable: 0,
    fields: new Set(), passwords: new PasswordTally(),
  };
  const isAdmin = target.category === 'admin';
  const isTyped = target.kind === 'typed';
  const assigned = typeof input.withoutTenant === 'object' ? input.withoutTenant.assignTo : null;
  const shapes = new ShapeCache(isAdmin ? null : target.tenantField, input.passwordFields, (names) => names.forEach((n) => pass.fields.add(n)));
  const tenantOfKey = (key: string | null) => (isAdmin ? SHARED : key !== null ? tenants.ofKey(key) : assigned !== null ? tenants.ofKey(assigned) : UNPLACEABLE);
  const selector = lineSelector(scan.finalLines, input.skip);
  const tenantBytes = new TenantBytesCache(tenantOfKey);

  const record = (line: number, offset: number, tenant: number, bucket: number, high: number, low: number) => {
    const i = pass.count++;
    pass.lines[i] = line;
    pass.offsets[i] = offset;
    pass.tenant[i] = tenant;
    pass.bucket[i] = bucket;
    pass.high[i] = high;
    pass.low[i] = low;
    pass.cells.add(cellKey(tenant, bucket), high, low);
    if (pass.count % PROGRESS_EVERY === 0) input.onChecked?.(pass.count + selector.skipped());
  };

  const fast = (bytes: Buffer, length: number, line: number, offset: number, shape: ShapeInfo): boolean => {
    let bucket = shape.id === -1 ? -1 : rawIdBucket(writer, bytes, shape.id);
    let id: string | null = null;
    if (bucket === -1) {
      id = shape.id === -1 ? null : memberText(writer, bytes, shape.id);
      if (id === null) return false;
      bucket = bucketOf(id);
    }
    let tenant = isAdmin ? SHARED : shape.tenant === -1 ? tenantOfKey(null) : tenantBytes.of(writer, bytes, shape.tenant);
    if (tenant === -1) {
      // tenantKeyOf's rule: a non-blank string, or a finite number as text.
      const text = memberText(writer, bytes, shape.tenant);
      tenant = tenantOfKey(text === null || text.trim() === '' || text === 'Infinity' || text === '-Infinity' || text === 'NaN' ? null : text);
    }
    if (selector.byId && selector.skipsId((id ??= memberText(writer, bytes, shape.id) as string))) return true;
    let plaintext = false;
    for (const { index, name } of shape.passwords) {
      const value: unknown = JSON.parse(bytes.toString('utf8', writer.topValueStart[index], writer.topValueEnd[index]));
      if (pass.passwords.add(name, value)) plaintext = true;
    }
    if (plaintext) pass.passwords.notePlaintextDocument((id ??= memberText(writer, bytes, shape.id) as string), line);
    if (tenant !== UNPLACEABLE && input.sampler?.wants()) input.sampler.keep({ collection: input.collection, id: (id ??= memberText(writer, bytes, shape.id) as string), tenant: tenants.uuidOf(tenant), line, offset });
    hashBytes(writer.out.bytes, writer.out.words, length);
    record(line, offset, tenant, bucket, HASH_OUT[0] as number, HASH_OUT[1] as number);
    return true;
  };

  const precise = (bytes: Buffer, start: number, end: number, line: number, offset: number) => {
    pass.precise += 1;
    const result = interpretLine(bytes.toString('utf8', start, end), 'read', true);
    if (result.kind !== 'document') {
      pass.unreadable += 1;
      return;
    }
    const { doc, key: id } = result;
    if (selector.byId && selector.skipsId(id)) return;
    for (const name of Object.keys(doc)) pass.fields.add(name);
    const tenant = tenantOfKey(isAdmin ? null : tenantKeyOf(doc, target.tenantField as string));
    let plaintext = false;
    for (const name of input.passwordFields) if (Object.hasOwn(doc, name) && pass.passwords.add(name, doc[name])) plaintext = true;
    if (plaintext) pass.passwords.notePlaintextDocument(id, line);
    let text: string;
    let where = tenant;
    if (isTyped) {
      const expected = typedExpected(target, doc);
      text = expected.ok ? expected.text : '';
      if (!expected.ok) where = UNPLACEABLE;
    } else text = canonicalJson(doc);
    if (where !== UNPLACEABLE && input.sampler?.wants()) input.sampler.keep({ collection: input.collection, id, tenant: tenants.uuidOf(where), line, offset });
    scratch.ensure(Buffer.byteLength(text) + 16);
    const length = Buffer.from(scratch.bytes.buffer).write(text, 0, 'utf8');
    hashBytes(scratch.bytes, scratch.words, length);
    record(line, offset, where, bucketOf(id), HASH_OUT[0] as number, HASH_OUT[1] as number);
  };

  const identity = identityOf(scan.fingerprint);
  await visitLines(input.file, { endOffset: scan.fingerprint.bytes, identity, select: selector.select, isDone: selector.isDone }, (bytes, start, end, line, offset) => {
    const buffer = bytes as Buffer;
    if (!isTyped) {
      const length = writer.write(bytes, start, end);
      if (length >= 0 && fast(buffer, length, line, offset, shapes.of(writer, bytes))) return;
    }
    precise(buffer, start, end, line, offset);
  });
  pass.skipped = selector.skipped();
  input.onChecked?.(pass.count + pass.skipped);
  return pass;
}
