// Where the all-in-one process's memory goes at start (run: npx tsx bench/rss-probe.ts).
import { openDatabase } from '../infra/db/open-database';
const mb = () =>
  `rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`;
async function main() {
  console.log('node + tsx          ', mb());
  await import('@temporalio/worker');
  await import('openai');
  await import('@notionhq/client');
  console.log('+ SDK imports       ', mb());
  const db = await openDatabase({ kind: 'pglite', dir: `/tmp/rss-probe-${process.pid}` });
  console.log('+ PGlite (migrated) ', mb());
  await db.close();
}
void main();
