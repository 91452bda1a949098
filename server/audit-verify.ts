/** `npm run audit:verify`: checks the audit log's hash chain and names the first broken record. */
import { join } from 'node:path';
import { verifyChain } from './audit/audit-log.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';

const config = loadConfig();
const db = await openDatabase(join(config.dataDir, 'remote-help.sqlite'));
const result = await verifyChain(db);
await db.destroy();
if (result.ok) {
  const pruned = result.prunedThrough ? ` (records up to ${result.prunedThrough} were pruned by retention)` : '';
  console.log(`Audit log intact: ${result.records} records${pruned}.`);
} else {
  const broken = result.firstBroken;
  console.error(
    `Audit log BROKEN at record ${broken?.seq}: ${broken?.reason === 'link' ? 'it does not follow the record before it' : 'its content does not match its hash'}. ${result.records} records before it are intact.`,
  );
  process.exitCode = 1;
}
