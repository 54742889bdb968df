// Stops an embedded PostgreSQL cluster once every Ferry process that used it is gone without stopping
// it (SIGKILL, crash): it prunes <DATA_DIR>/cluster-users of dead pids every second and, when none is
// left, sends the postmaster SIGINT (fast shutdown: a clean checkpoint). One watchdog per data
// directory (<DATA_DIR>/watchdog.pid). Started detached by openEmbeddedCluster: node watchdog.cjs <dataDir>
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dataDir = process.argv[2];
const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
const users = path.join(dataDir, 'cluster-users');

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}
function postmasterPid() {
  try { return Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]); } catch { return 0; }
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

fs.writeFileSync(path.join(dataDir, 'watchdog.pid'), String(process.pid));
let lastPm = 0;
const timer = setInterval(() => {
  // The last postmaster seen is still guarded if its data directory was deleted under it.
  const pm = postmasterPid() || lastPm;
  if (!pm || !alive(pm)) { clearInterval(timer); return; } // stopped already: nothing left to guard
  lastPm = pm;
  if (liveUsers() > 0) return;
  clearInterval(timer);
  try { process.kill(pm, 'SIGINT'); } catch { /* already gone */ }
}, 1000);
