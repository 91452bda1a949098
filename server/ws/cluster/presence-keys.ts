/**
 * Where cluster delivery and presence live in Redis, and the scripts that change presence atomically. A member is a
 * person (`p:<id>`) or a device (`d:<id>`).
 *
 * - `rh:presence:<member>`: a hash of node id → sockets that node holds for the member, and `~seq`, the transition
 *   that last brought it online. It exists exactly while some node holds a socket.
 * - `rh:node-members:<node>`: the members a node holds, so a dead node's share can be taken away.
 * - `rh:nodes`: a sorted set of node id → when its heartbeat runs out (Redis's clock, in ms).
 * - `rh:presence-seq`: numbers the transitions, so a node reading a snapshot can tell it from newer news.
 * - shard channels `rh:to:<member>` (notices for the member), `rh:presence` (every transition, for every node) and
 *   `rh:session:<id>` (members' messages forwarded to the node running the session).
 *
 * The scripts touch keys they do not declare, which a single Redis (or a primary with replicas) allows and a Redis
 * Cluster does not; sharded pub/sub works on both.
 */
export type MemberKind = 'p' | 'd';

export const PREFIX = 'rh:';
export const PRESENCE_CHANNEL = `${PREFIX}presence`;

export const memberOf = (kind: MemberKind, id: string) => `${kind}:${id}`;
export const channelOf = (kind: MemberKind, id: string) => `${PREFIX}to:${memberOf(kind, id)}`;
export const presenceKeyPattern = `${PREFIX}presence:*`;
/** A live session's shard channel: its members' messages, for the node that runs it (subscribed while it does). */
export const SESSION_CHANNEL_PREFIX = `${PREFIX}session:`;
export const sessionChannelOf = (sessionId: string) => `${SESSION_CHANNEL_PREFIX}${sessionId}`;

/** The member a delivery channel is for, or undefined for any other channel. */
export function memberOfChannel(channel: string): { kind: MemberKind; id: string } | undefined {
  const m = /^rh:to:([pd]):(.+)$/s.exec(channel);
  return m ? { kind: m[1] as MemberKind, id: m[2] as string } : undefined;
}

// Shared by the scripts: a member's presence key, and its going offline once no node holds it (a transition, told).
const COMMON = `
local prefix = '${PREFIX}'
local function presenceKey(member) return prefix .. 'presence:' .. member end
local function nodesOf(key) return redis.call('HLEN', key) - redis.call('HEXISTS', key, '~seq') end
local function tell(online, member, seq)
  redis.call('SPUBLISH', prefix .. 'presence', cjson.encode({ online = online, member = member, seq = seq }))
end
local function leave(node, member)
  local key = presenceKey(member)
  if redis.call('HDEL', key, node) == 1 and nodesOf(key) == 0 then
    local seq = redis.call('INCR', prefix .. 'presence-seq')
    redis.call('DEL', key)
    tell(false, member, seq)
  end
end
`;

/** ARGV: node, member, sockets the node holds now (0: none). */
export const SET_MEMBER = `${COMMON}
local node, member, count = ARGV[1], ARGV[2], tonumber(ARGV[3])
if count > 0 then
  local key = presenceKey(member)
  local added = redis.call('HSET', key, node, count)
  redis.call('SADD', prefix .. 'node-members:' .. node, member)
  if added == 1 and nodesOf(key) == 1 then
    local seq = redis.call('INCR', prefix .. 'presence-seq')
    redis.call('HSET', key, '~seq', seq)
    tell(true, member, seq)
  end
else
  leave(node, member)
  redis.call('SREM', prefix .. 'node-members:' .. node, member)
end
return 1
`;

/**
 * ARGV: node, ttl ms. The node's heartbeat, then every node whose heartbeat ran out loses its members (the last
 * holder gone: offline, told once — whoever reaps first removes the node). Returns { 1 if the node was not listed
 * (new, or itself reaped while away), nodes reaped }.
 */
export const HEARTBEAT = `${COMMON}
local node, ttl = ARGV[1], tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local fresh = redis.call('ZADD', prefix .. 'nodes', now + ttl, node)
local dead = redis.call('ZRANGEBYSCORE', prefix .. 'nodes', '-inf', now)
for _, d in ipairs(dead) do
  redis.call('ZREM', prefix .. 'nodes', d)
  local membersKey = prefix .. 'node-members:' .. d
  for _, member in ipairs(redis.call('SMEMBERS', membersKey)) do leave(d, member) end
  redis.call('DEL', membersKey)
end
return { fresh, #dead }
`;

/** ARGV: node. A node leaving on purpose: its members go at once, and it is no longer listed. */
export const NODE_GONE = `${COMMON}
local node = ARGV[1]
local membersKey = prefix .. 'node-members:' .. node
for _, member in ipairs(redis.call('SMEMBERS', membersKey)) do leave(node, member) end
redis.call('DEL', membersKey)
redis.call('ZREM', prefix .. 'nodes', node)
return 1
`;
