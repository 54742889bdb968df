/**
 * Peak memory of the Plan and of a run for a legacy store holding one document of `bytes` bytes (test
 * helper for the big-document tests). Both are measured in their own process, as users run them: the
 * Plan through the CLI (`ferry plan --json`), the run by a real worker process (`npm run worker`), each
 * reading its own peak resident set size (VmHWM in /proc/<pid>/status).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestDatabase } from '../../testing/test-database';
import { stopQueue } from '../../jobs/job-queue';
import { DEFAULT_MAPPING } from '../../mapping/mapping-schema';
import { startMigration } from '../runs/start-migration';
import { waitForRun } from './migration-fixture';
import { workerProcesses } from './worker-processes';

export type BigDocumentMeasure = { documentBytes: number; planPeakMb: number; runPeakMb: number; planLive: number; quarantineExpected: number; rowBlobMd5: string; expectedBlobMd5: string };

const PRELOAD = path.join(__dirname, 'peak-rss-on-exit.mjs');
const mb = (kb: number) => Math.round(kb / 1024);

/**
 * The big document: `{"_id":"big","tenantId":"org_big","createdAt":{"$$date":…},"blob":"…","text":"…"}`,
 * about `bytes` bytes of ASCII JSON (a base64-like blob, then text with escapes every 80 characters, so
 * the COPY escaping path is exercised), between small documents of the same tenant.
 */
function bigDocument(bytes: number, tenant: boolean): { line: string; blob: string } {
  const blob = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3'.repeat(Math.ceil(bytes / 2 / 40)).slice(0, Math.floor(bytes / 2));
  const text = `${'a "quoted" line of text, then a break\\n'.repeat(Math.ceil(bytes / 2 / 40))}`.slice(0, Math.floor(bytes / 2) - 200);
  const safeText = text.endsWith('\\') ? `${text}x` : text;
  return { line: `{"_id":"big",${tenant ? '"tenantId":"org_big",' : ''}"createdAt":{"$$date":1700000000000},"blob":"${blob}","text":"${safeText.replace(/"/g, '\\"')}"}`, blob };
}

/** VmHWM of a process in kB, read from /proc. */
async function peakKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** Runs the CLI plan in its own process; resolves with the plan and that process's peak RSS (kB). */
async function planInChild(t: TestDatabase, legacyDir: string, peakFile: string): Promise<{ plan: { totals: { records: number; quarantineExpected: number } }; peakKb: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', PRELOAD, 'lib/cli/ferry.ts', 'plan', '--json'], {
    env: { ...process.env, DATABASE_URL: t.appUrl, DATABASE_OWNER_URL: t.ownerUrl, LEGACY_DIR: legacyDir, LOG_LEVEL: 'silent', FERRY_PEAK_RSS_FILE: peakFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ferry plan exited ${code}: ${stderr}`)))));
  return { plan: JSON.parse(stdout) as { totals: { records: number; quarantineExpected: number } }, peakKb: Number(await readFile(peakFile, 'utf8')) };
}

/**
 * Writes the store, plans it in a child, migrates it with a worker process, and reports both peaks.
 * `quarantined`: the big document has no tenant, so the run quarantines it (the other path it can take).
 */
export async function measureBigDocument(t: TestDatabase, bytes: number, options: { quarantined?: boolean } = {}): Promise<BigDocumentMeasure> {
  const legacyDir = await mkdtemp(path.join(os.tmpdir(), 'ferry-big-doc-'));
  const workers = workerProcesses(legacyDir);
  try {
    const { line, blob } = bigDocument(bytes, !options.quarantined);
    const small = (i: number) => `{"_id":"s${i}","tenantId":"org_big","n":${i}}`;
    await writeFile(path.join(legacyDir, 'documents.db'), `${small(1)}\n${small(2)}\n${line}\n${small(3)}\n`);
    const documentBytes = Buffer.byteLength(line);
    const planned = await planInChild(t, legacyDir, path.join(legacyDir, 'plan-peak.txt'));

    const { runId } = await startMigration({ db: t.db, actor: 'test', source: { legacyDir, mapping: { file: null, config: DEFAULT_MAPPING } } });
    const worker = await workers.start(t.appUrl, t.ownerUrl);
    await waitForRun(t.db, runId, ['completed'], 600_000);
    const runPeak = await peakKb(worker.pid);
    const row = await t.superDb.query<{ md5: string }>(options.quarantined
      ? `SELECT md5(document::jsonb->>'blob') AS md5 FROM ferry.quarantine WHERE run_id = $1 AND legacy_id = 'big'`
      : `SELECT md5(data->>'blob') AS md5 FROM app_documents WHERE run_id = $1 AND legacy_id = 'big'`, [runId]);
    return {
      documentBytes, planPeakMb: mb(planned.peakKb), runPeakMb: mb(runPeak), planLive: planned.plan.totals.records, quarantineExpected: planned.plan.totals.quarantineExpected,
      rowBlobMd5: row.rows[0]?.md5 ?? '', expectedBlobMd5: createHash('md5').update(blob).digest('hex'),
    };
  } finally {
    workers.killAll();
    await stopQueue();
    await rm(legacyDir, { recursive: true, force: true });
  }
}
