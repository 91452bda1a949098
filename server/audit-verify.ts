/**
 * `npm run audit:verify`: checks the audit log's keyed hash chain and names the first broken record, then checks the
 * signed checkpoints against it and names every one that is missing or does not match — which is how removed newest
 * records show.
 */
import { loadAuditKeys } from './audit/audit-keys.ts';
import { type BrokenReason, verifyChain } from './audit/audit-log.ts';
import { newestSeqOf, verifyCheckpoints } from './audit/checkpoints.ts';
import { loadConfig } from './config.ts';
import { openConfiguredDatabase } from './db/database.ts';

const WHY: Record<BrokenReason, string> = {
  link: 'it does not follow the record before it',
  hash: 'its content does not match its hash',
  key: 'it names an audit key that is not in the key file',
  unkeyed: 'it has no key, though records before it have one',
};

const config = loadConfig();
const keys = loadAuditKeys(config.keysDir);
const db = await openConfiguredDatabase(config);
try {
  const chain = await verifyChain(db, keys);
  const checkpoints = await verifyCheckpoints(db, keys, config.auditCheckpointFile, config.nodeName);
  if (chain.ok) {
    const pruned = chain.pruned ? ` (${chain.pruned} older records were pruned by retention)` : '';
    console.log(`Audit log intact: ${chain.records} records${pruned}.`);
  } else {
    const broken = chain.firstBroken;
    const key = broken?.keyId ? ` (key ${broken.keyId})` : '';
    console.error(
      `Audit log BROKEN at record ${broken?.seq}: ${broken ? WHY[broken.reason] : 'unknown'}${key}. ${chain.records} records before it are intact.`,
    );
  }
  if (checkpoints.problems.length === 0) {
    const latest = checkpoints.latest;
    console.log(
      latest
        ? `Checkpoints intact: ${checkpoints.checkpoints}, the latest (${latest.at}) at record ${newestSeqOf(latest)}.`
        : 'No checkpoints yet.',
    );
  } else {
    console.error(`Checkpoints (${config.auditCheckpointFile}) do NOT match:`);
    for (const problem of checkpoints.problems) console.error(`- ${problem}`);
  }
  if (!chain.ok || checkpoints.problems.length > 0) process.exitCode = 1;
} finally {
  await db.destroy();
}
