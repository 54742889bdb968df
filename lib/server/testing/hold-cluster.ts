// Test fixture: opens the embedded cluster of the data directory given as argv[2], prints its port,
// and waits to be killed. Used to prove a killed owner leaves no running postgres behind.
import { openEmbeddedCluster } from '../db/embedded-cluster';

openEmbeddedCluster({ dataDir: process.argv[2] as string })
  .then((cluster) => {
    process.stdout.write(`${JSON.stringify({ port: cluster.port, isOwner: cluster.isOwner, pid: process.pid })}\n`);
    setInterval(() => undefined, 60_000);
  })
  .catch((error: unknown) => {
    process.stderr.write(String(error));
    process.exit(1);
  });
