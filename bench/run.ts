/** `npm run bench [name…]`: runs the benchmarks and prints their figures. Targets are printed, never asserted. */
import { bundleBenchmark } from './bundle.bench.ts';
import { clusterBenchmark } from './cluster.bench.ts';
import { inputBenchmark } from './input.bench.ts';
import { pairingBenchmark } from './pairing.bench.ts';
import { sessionBenchmark } from './session.bench.ts';

const benchmarks: Record<string, () => Promise<void>> = {
  bundle: bundleBenchmark,
  pairing: pairingBenchmark,
  session: sessionBenchmark,
  input: inputBenchmark,
  cluster: clusterBenchmark,
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(benchmarks)) {
  if (wanted.length && !wanted.includes(name)) continue;
  await run();
}
