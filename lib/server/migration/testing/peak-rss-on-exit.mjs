// Preloaded (`node --import`) into a process whose peak memory a test measures: when the process
// exits, its peak resident set size (VmHWM, kB, from /proc/self/status) goes to FERRY_PEAK_RSS_FILE.
import fs from 'node:fs';

const target = process.env.FERRY_PEAK_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const match = /VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    fs.writeFileSync(target, match ? match[1] : '0');
  });
}
