/** The agent's entry point under Node (agent/bin/remote-help-agent.js). */
import { runAgent } from './cli.ts';

await runAgent();
