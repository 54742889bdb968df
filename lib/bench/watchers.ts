/**
 * An open-loop crowd of watchers, run as its own process by `api-load.ts` (like people on other
 * machines: its timers and parsing never share an event loop, or a scheduler session, with the bench
 * or the server): `tsx lib/bench/watchers.ts '<json>'` prints one JSON line of latencies per group.
 *
 * Each watcher is a person with a browser tab: one keep-alive connection, a request every `everyMs`
 * starting at a random moment of the first period (people do not poll in step). Open loop: a request
 * is due on its schedule whether or not the previous one has answered, and its latency counts from
 * when it was due — a slow answer delays the next one on that connection and that wait is counted
 * (no coordinated omission). With `inStep`, every watcher of a group starts at the same instant
 * instead: the worst case of everyone asking in the same millisecond, every period.
 */
import http from 'node:http';

export type WatcherGroup = { endpoint: string; clients: number; everyMs: number };
export type WatchersConfig = { url: string; token: string; seconds: number; groups: WatcherGroup[]; inStep?: boolean };
export type GroupResult = { endpoint: string; requests: number; errors: number; p50: number; p95: number; p99: number; max: number };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round1 = (n: number) => Math.round(n * 10) / 10;

function get(agent: http.Agent, url: URL, token: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', () => resolve(0));
    });
    request.on('error', () => resolve(0));
    request.setTimeout(30_000, () => request.destroy());
  });
}

async function watchGroup(config: WatchersConfig, group: WatcherGroup): Promise<GroupResult> {
  const started = performance.now();
  const end = started + config.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  for (let client = 0; client < group.clients; client += 1) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(group.endpoint, config.url);
    const phase = config.inStep ? 0 : Math.random() * group.everyMs;
    for (let due = started + phase; due < end; due += group.everyMs) {
      const at = due;
      pending.push(new Promise<void>((resolve) => {
        setTimeout(() => {
          void get(agent, url, config.token).then((status) => {
            latencies.push(performance.now() - at);
            if (status < 200 || status >= 300) errors += 1;
            resolve();
          });
        }, Math.max(0, at - performance.now()));
      }));
    }
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return {
    endpoint: group.endpoint, requests: latencies.length, errors,
    p50: round1(percentile(latencies, 50)), p95: round1(percentile(latencies, 95)), p99: round1(percentile(latencies, 99)), max: round1(latencies.at(-1) ?? 0),
  };
}

export async function watch(config: WatchersConfig): Promise<GroupResult[]> {
  return Promise.all(config.groups.map((group) => watchGroup(config, group)));
}

if (require.main === module) {
  watch(JSON.parse(process.argv[2] ?? '{}') as WatchersConfig).then(
    (results) => {
      process.stdout.write(`${JSON.stringify(results)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
