/**
 * The entry point of remote-help-agent.exe (a Node single executable application, built by
 * scripts/build-agent-windows.ts). koffi's native module travels inside the program as an asset; the bundle's
 * `koffi` is windows-koffi.ts, which loads it, so nothing is installed next to the program.
 */
import { runAgent } from './cli.ts';

runAgent().catch((e: unknown) => {
  process.stderr.write(`remote-help-agent: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
