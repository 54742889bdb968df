/**
 * A corpus of hostile legacy files (test helper, never imported by runtime code): everything a NeDB
 * directory can hold that a reader might choke on, each in its own collection so that a failure names
 * it. `small` sizes run in `npm test`; `stress` sizes behind `npm run test:stress`.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type CorpusSize = 'small' | 'stress';

export type HostileCorpus = {
  /** The legacy directory (LEGACY_DIR). */
  dir: string;
  /** A directory next to it with data Ferry must never read (the target of a link). */
  outside: string;
  /** Text that exists only outside the directory: it must appear in no plan, log or row. */
  secrets: string[];
  /** Entries Ferry must skip (not regular files of the directory), by collection name. */
  skipped: string[];
  /** Collections with odd file names (spaces, quotes, a semicolon, markup). */
  oddNames: string[];
};

const SIZES = {
  small: { bigDocumentBytes: 10 * 1024 * 1024, depth: 10_000, repeat: 1 },
  stress: { bigDocumentBytes: 100 * 1024 * 1024, depth: 100_000, repeat: 2000 },
};

const doc = (id: string, extra = '', tenant = 'org_a') => `{"_id":"${id}","tenantId":"${tenant}"${extra}}`;

/** Writes the corpus under `root` (`root/legacy` and `root/outside`). */
export async function writeHostileCorpus(root: string, size: CorpusSize = 'small'): Promise<HostileCorpus> {
  const { bigDocumentBytes, depth, repeat } = SIZES[size];
  const dir = path.join(root, 'legacy');
  const outside = path.join(root, 'outside');
  await mkdir(dir, { recursive: true });
  await mkdir(outside, { recursive: true });
  const secret = 'FERRY-OUTSIDE-SECRET-7d3f';
  await writeFile(path.join(outside, 'secret.db'), `${doc('stolen', `,"secret":"${secret}"`)}\n${secret} is not json\n`);
  const write = (name: string, content: string | Buffer) => writeFile(path.join(dir, `${name}.db`), content);
  const many = (lines: (i: number) => string[]) => Array.from({ length: repeat }, (_, i) => lines(i).join('\n')).join('\n');

  await write('malformed', `${many((i) => [doc(`m${i}`), `{"_id":"bad${i}",`, '{]', 'not json at all', `{"_id":"m${i}","tenantId":"org_a","v":2}`, '   ', '{"_id":"trailing","tenantId":"org_a"} x'])}\n{"_id":"torn","tenantId":"org_a","v":"half a wri`);
  await write('invalid-utf8', Buffer.concat([
    Buffer.from(`${doc('u1', ',"t":"')}`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}\n'),
    Buffer.from('{"_id":"u2","tenantId":"org_a","k'), Buffer.from([0xe2, 0x82]), Buffer.from('ey":1}\n'),
    Buffer.from('{"_id":"u3"'), Buffer.from([0xc0, 0xaf]), Buffer.from(',"tenantId":"org_a"}\n'),
    Buffer.from(`${doc('u4', ',"ok":"réussi ✓ 🐧"')}\n`),
  ]));
  await write('bom', `\ufeff${doc('b1')}\n${doc('b2')}\n${doc('b3', ',"mid":"\ufeff"')}\n`);
  await write('line-endings', [`${doc('e1')}\r\n${doc('e2')}\r\n`, `${doc('e3')}\r${doc('e4')}\n`, `${doc('e5', ',"t":"cut\u2028here"')}\n`,
    `${doc('e6')}\u2029${doc('e7')}\u0085${doc('e8')}\v${doc('e9')}\f${doc('e10')}\n\n\r\n`, doc('e11')].join(''));
  const blob = 'x'.repeat(bigDocumentBytes);
  await write('big-document', `${doc('small-1')}\n${doc('big', `,"blob":"${blob}","tail":"\\ttab\\\\slash"`)}\n${doc('small-2')}\n`);
  await write('deep', [doc('shallow', `,"v":${'['.repeat(200)}1${']'.repeat(200)}`), doc('deep', `,"v":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
    doc('deep-arrays', `,"v":${'['.repeat(depth)}${']'.repeat(depth)}`), doc('after')].join('\n'));
  await write('ids', [doc('dup', ',"v":1'), doc('dup', ',"v":2'), '{"_id":1,"tenantId":"org_a","kind":"number"}', '{"_id":"1","tenantId":"org_a","kind":"string one"}',
    '{"_id":{"nested":1},"tenantId":"org_a"}', '{"_id":["a","b"],"tenantId":"org_a"}', '{"_id":"a,b","tenantId":"org_a","v":"collides with the array"}',
    '{"tenantId":"org_a","no":"id"}', '{"_id":0,"tenantId":"org_a"}', '{"_id":"","tenantId":"org_a"}', '{"_id":null,"tenantId":"org_a"}', '{"_id":false,"tenantId":"org_a"}',
    '{"_id":"__proto__","tenantId":"org_a"}', '{"_id":{"toString":1},"tenantId":"org_a"}', '{"$$deleted":true,"_id":"dup"}', doc('dup', ',"v":3'), ''].join('\n'));
  await write('prototype', [doc('p1', ',"__proto__":{"polluted":true},"constructor":{"prototype":{"bad":1}}'), doc('p2', ',"nested":{"__proto__":{"x":1},"toString":"no"}'),
    doc('p3', ',"hasOwnProperty":1,"valueOf":{"a":1}')].join('\n'));
  await write('numbers', [doc('n1', ',"big":9007199254740993,"neg":-9007199254740993'), doc('n2', ',"huge":1e400,"tiny":1e-400,"negHuge":-1e400'),
    doc('n3', ',"beyond":1e131072'), doc('n4', ',"fine":1e131071,"minus0":-0,"exp":1.5E+3'), doc('n5', ',"t":"1e999999 is text"')].join('\n'));
  await write('nul-and-surrogates', [doc('z1', ',"t":"a\\u0000b"'), doc('z2', ',"k\\u0000":1'), '{"_id":"z3\\u0000","tenantId":"org_a"}', `{"_id":"z4","tenantId":"org_a","raw":"a${'\u0000'}b"}`,
    doc('z5', ',"t":"\\ud800"'), doc('z6', ',"t":"x\\udc00y"'), doc('z7', ',"t":"\\ud83d\\ude00 pair \\\\u0000 escaped"'), '{"_id":"z8","tenantId":"org\\u0000a"}',
    '{"_id":"z9","tenantId":"\\ud800"}', doc('z10', ',"t":"\\u0001\\u001f"')].join('\n'));
  await write('keys', [doc('k1', ',"a.b":1'), doc('k2', ',"$set":{"x":1}'), doc('k3', ',"nested":{"$inc":1,"x.y":2}'), doc('k4', ',"$$date":5')].join('\n'));
  await write('tenants', [doc('t1'), '{"_id":"t2","tenantId":{"id":"org_a"}}', '{"_id":"t3","tenantId":["org_a"]}', '{"_id":"t4","tenantId":""}', '{"_id":"t5"}',
    '{"_id":"t6","tenantId":null}', '{"_id":"t7","tenantId":42}', '{"_id":"t8","tenantId":true}'].join('\n'));
  await write('dates', [doc('d1', ',"at":{"$$date":"not-a-number"}'), doc('d2', ',"at":{"$$date":1e20}'), doc('d3', ',"at":{"$$date":1700000000000}'),
    doc('d4', ',"at":{"$$date":5,"extra":1}'), doc('d5', ',"createdAt":{"$$date":"2020-01-01"}')].join('\n'));
  await write('admin-users', ['{"_id":"a1","email":"root@acme.test","level":1}', '{"_id":"a2","email":"nul\\u0000@acme.test","level":2}', '{"_id":"a3","note":"\\ud800"}'].join('\n'));
  await write('empty', '');
  const oddNames = ['we ird name', 'quote"s\'', 'semi;colon', '<img src=x onerror=alert(1)>'];
  for (const name of oddNames) await write(name, `${doc(`${name}-1`)}\n${doc(`${name}-2`, `,"name":${JSON.stringify(`<script>alert("${name}")</script>`)}`)}\n`);

  await symlink('/etc/passwd', path.join(dir, 'passwd.db'));
  await symlink(path.join(outside, 'secret.db'), path.join(dir, 'outside.db'));
  await mkdir(path.join(dir, 'x.db'));
  return { dir, outside, secrets: [secret, 'root:x:0:0'], skipped: ['outside', 'passwd', 'x'], oddNames };
}
