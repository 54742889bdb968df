// Stops an embedded PostgreSQL cluster when the process that started it dies without stopping it
// (SIGKILL, crash). Started detached by openEmbeddedCluster: node watchdog.cjs <ownerPid> <pgDataDir>
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ownerPid = Number(process.argv[2]);
const pgDir = process.argv[3];
const pidFile = path.join(pgDir, 'postmaster.pid');

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}
function postmasterPid() {
  try { return Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]); } catch { return 0; }
}

const timer = setInterval(() => {
  const pm = postmasterPid();
  if (!pm || !alive(pm)) { clearInterval(timer); return; } // cluster already stopped: nothing to guard
  if (alive(ownerPid)) return;
  clearInterval(timer);
  try { process.kill(pm, 'SIGINT'); } catch { /* already gone */ } // SIGINT = fast shutdown, a clean checkpoint
}, 500);
