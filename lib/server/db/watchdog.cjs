// Stops an embedded PostgreSQL postmaster once every Ferry process that used its data directory is gone
// without stopping it (SIGKILL, crash). One watchdog per postmaster: it is started for a given postmaster
// pid (by the process that started it, or by a process attaching to one that has none), records itself
// in <DATA_DIR>/watchdog.json, prunes <DATA_DIR>/cluster-users of dead pids every second and, when none
// is left, sends that postmaster SIGINT (fast shutdown: a clean checkpoint). It exits when its postmaster
// is gone. Usage: node watchdog.cjs <dataDir> <postmasterPid>
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dataDir = process.argv[2];
const postmaster = Number(process.argv[3]);
const users = path.join(dataDir, 'cluster-users');
const record = path.join(dataDir, 'watchdog.json');

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}
function liveUsers() {
  let names = [];
  try { names = fs.readdirSync(users); } catch { return 0; }
  let live = 0;
  for (const name of names) {
    const pid = Number(name.split('.')[0]);
    if (pid > 0 && alive(pid)) live += 1;
    else fs.rmSync(path.join(users, name), { force: true });
  }
  return live;
}

if (!(postmaster > 0) || !alive(postmaster)) process.exit(0);
const tmp = `${record}.${process.pid}`;
fs.writeFileSync(tmp, JSON.stringify({ pid: process.pid, postmaster }));
fs.renameSync(tmp, record);

let idleTicks = 0;
let signalledAt = 0;
const timer = setInterval(() => {
  if (!alive(postmaster)) {
    clearInterval(timer);
    try { if (JSON.parse(fs.readFileSync(record, 'utf8')).pid === process.pid) fs.rmSync(record, { force: true }); } catch { /* gone */ }
    return;
  }
  if (signalledAt > 0) {
    // A fast shutdown that does not finish within a minute is forced (immediate shutdown: recovery on next start).
    if (Date.now() - signalledAt > 60_000) { try { process.kill(postmaster, 'SIGQUIT'); } catch { /* gone */ } }
    return;
  }
  idleTicks = liveUsers() > 0 ? 0 : idleTicks + 1;
  if (idleTicks < 2) return; // two ticks in a row: a user between two steps of leaving is not mistaken for none
  signalledAt = Date.now();
  try { process.kill(postmaster, 'SIGINT'); } catch { /* gone */ }
}, 1000);
