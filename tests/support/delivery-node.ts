/**
 * A cluster-delivery node in a process of its own, so a test can SIGKILL it (a node that dies without a word):
 * `tsx delivery-node.ts <redisUrl> <ttlMs> <userId>…` holds one socket for each person named and prints "synced"
 * once it has caught up with Redis.
 */
import { startClusterDelivery } from '../../server/ws/cluster/cluster-delivery.ts';
import { Connections } from '../../server/ws/connections.ts';

const [url, ttl, ...people] = process.argv.slice(2);
if (!url || !ttl) throw new Error('usage: delivery-node.ts <redisUrl> <ttlMs> <userId>…');
const local = new Connections();
const silent = { error() {}, warn() {}, info() {} };
const delivery = startClusterDelivery(local, {
  url,
  nodeName: 'doomed',
  log: silent,
  ttlMs: Number(ttl),
  heartbeatMs: Math.max(10, Math.floor(Number(ttl) / 5)),
});
for (const id of people) local.people.add(id, { send: () => {} });
await delivery.synced();
process.stdout.write('synced\n');
