/**
 * `npm run agent:rotate-grant-key`: makes a new agent-grant key in KEYS_DIR. Every node publishes it within a minute and
 * signs with it from GRANT_KEY_OVERLAP_MS on; the old key stays published for the grants it signed.
 */
import { GRANT_KEY_OVERLAP_MS, rotateGrantKey } from './agent-grants/grant-keys.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
const { signFrom } = await rotateGrantKey(config.keysDir, Date.now());
console.log(
  `New agent-grant key in ${config.keysDir}: published by every node now, signing from ${new Date(signFrom).toISOString()} (${GRANT_KEY_OVERLAP_MS / 60_000} minutes). No restart needed.`,
);
