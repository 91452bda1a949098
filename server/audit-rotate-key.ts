/** `npm run audit:rotate-key`: adds a new audit key, which the server signs with from its next start. */
import { rotateAuditKey } from './audit/audit-keys.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
const id = rotateAuditKey(config.keysDir);
console.log(
  `New audit key ${id} added to ${config.keysDir}; the server uses it from its next start. Keep the old ones.`,
);
