/**
 * Signed checkpoints of the audit chains. A chain shows any record changed or removed before its newest one, but not
 * its newest records removed: a shorter chain is still a valid chain. So every AUDIT_CHECKPOINT_SECONDS (when a chain
 * has grown) and at shutdown the server signs every chain's head — per chain (one per tenant, audit-log.ts) the
 * newest record's seq and hash and the number of records through it — and appends it to a file outside the database
 * (one JSON line each, fsynced) and to its log. The heads are read from `audit_heads`, as committed: a chain's head
 * moves only when every record before it in the chain is committed.
 *
 * Checkpoints are numbered and each names the one before it (`prev`), so removing one from the file shows; each is
 * also recorded in the chain of no tenant (an `audit.checkpoint` record), so removing the newest one from the file
 * shows too. The file is written first: a crash between the two leaves a checkpoint the chain does not record, which
 * is harmless, never the other way round. Checkpoints written while there was one chain for all tenants sign that
 * chain (now the chain '') with `seq`, `hash` and `count` of their own.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { type AuditKey, type AuditKeys, mac } from './audit-keys.ts';
import { type AuditLog, chainHeads, GENESIS_HASH, walkChain } from './audit-log.ts';

export const CHECKPOINT_TYPE = 'audit.checkpoint';

const headSchema = z.object({
  chain: z.string(),
  seq: z.number().int().min(1),
  hash: z.string(),
  count: z.number().int().min(1),
});
export type SignedHead = z.infer<typeof headSchema>;

const common = {
  n: z.number().int().min(1),
  at: z.string(),
  /** The previous checkpoint's signature (the genesis hash for the first). */
  prev: z.string(),
  keyId: z.string(),
  sig: z.string(),
};
/**
 * Every chain's head (by chain name, sorted), signed by one node: in a cluster each node numbers and links its own
 * checkpoints (`node`, its NODE_NAME; '' for a server on its own before names were written).
 */
const chainsCheckpointSchema = z.object({ ...common, node: z.string().default(''), heads: z.array(headSchema).min(1) });
/** From when there was one chain for all tenants: its head. */
const singleChainCheckpointSchema = z.object({
  ...common,
  seq: z.number().int().min(1),
  hash: z.string(),
  count: z.number().int().min(1),
});
export const checkpointSchema = z.union([chainsCheckpointSchema, singleChainCheckpointSchema]);
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** The heads a checkpoint signed. */
export function headsOf(c: Checkpoint): SignedHead[] {
  return 'heads' in c ? c.heads : [{ chain: '', seq: c.seq, hash: c.hash, count: c.count }];
}

/** The newest record a checkpoint signed, in any chain. */
export const newestSeqOf = (c: Checkpoint): number => Math.max(...headsOf(c).map((h) => h.seq));

type Unsigned =
  | Omit<z.infer<typeof chainsCheckpointSchema>, 'keyId' | 'sig'>
  | Omit<z.infer<typeof singleChainCheckpointSchema>, 'keyId' | 'sig'>;

function signatureOf(key: AuditKey, c: Unsigned): string {
  if ('heads' in c) {
    const heads = c.heads.map((h) => [h.chain, h.seq, h.hash, h.count]);
    if (c.node === '') return mac(key, ['audit-checkpoint-chains', c.n, heads, c.at, c.prev]);
    return mac(key, ['audit-checkpoint-chains', c.node, c.n, heads, c.at, c.prev]);
  }
  return mac(key, ['audit-checkpoint', c.n, c.seq, c.hash, c.count, c.at, c.prev]);
}

/** A checkpoint file's lines: the checkpoints, and lines that are not checkpoints (by line number). */
export function readCheckpointFile(file: string): { checkpoints: Checkpoint[]; badLines: number[] } {
  const checkpoints: Checkpoint[] = [];
  const badLines: number[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      checkpoints.push(checkpointSchema.parse(JSON.parse(line)));
    } catch {
      badLines.push(i + 1);
    }
  });
  return { checkpoints, badLines };
}

/** The node that signed a checkpoint ('' for one from before nodes were named). */
export const nodeOf = (c: Checkpoint): string => ('node' in c ? c.node : '');

/** " of node x" in messages, nothing for a server on its own. */
const ofNode = (node: string) => (node === '' ? '' : ` of node ${node}`);

/** How a chain is named in messages. */
const chainName = (chain: string) => (chain === '' ? 'the chain of no tenant' : `tenant ${chain}'s chain`);

export interface CheckpointDeps {
  db: Database;
  audit: AuditLog;
  keys: AuditKeys;
  file: string;
  /** Where each checkpoint also goes: the server's log. */
  log: (checkpoint: Checkpoint) => void;
  now?: () => number;
  /** This node's NODE_NAME, in a cluster: each node numbers and links its own checkpoints. */
  node?: string;
}

export class AuditCheckpoints {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly deps: CheckpointDeps,
    private last: { n: number; sig: string },
    /** The newest record a checkpoint covers (its own `audit.checkpoint` record included). */
    private covered: number,
  ) {}

  static async open(deps: CheckpointDeps): Promise<AuditCheckpoints> {
    let last = { n: 0, sig: GENESIS_HASH };
    if (existsSync(deps.file)) {
      const own = readCheckpointFile(deps.file).checkpoints.filter((c) => nodeOf(c) === (deps.node ?? ''));
      const newest = own.at(-1);
      if (newest) last = { n: newest.n, sig: newest.sig };
      // A line cut short (a power cut while writing) must not swallow the next checkpoint.
      const text = readFileSync(deps.file, 'utf8');
      if (text.length > 0 && !text.endsWith('\n')) appendLine(deps.file, '');
    }
    return new AuditCheckpoints(deps, last, await latestCheckpointRecord(deps.db));
  }

  /** Signs the chain's head if it grew since the last checkpoint; one at a time. */
  write(): Promise<Checkpoint | undefined> {
    const next = this.queue.then(() => this.writeNow());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async writeNow(): Promise<Checkpoint | undefined> {
    const { db, audit, keys, file } = this.deps;
    const heads = await chainHeads(db);
    // Another node's checkpoint covers what it signed too: nodes do not answer each other's checkpoint records.
    this.covered = Math.max(this.covered, await latestCheckpointRecord(db));
    // Seqs grow across chains: a head past the last checkpoint record means some chain grew since.
    if (![...heads.values()].some((h) => h.seq > this.covered)) return undefined;
    const node = this.deps.node ?? '';
    const unsigned = {
      node,
      n: this.last.n + 1,
      heads: [...heads].map(([chain, h]) => ({ chain, seq: h.seq, hash: h.hash, count: h.count })),
      at: new Date((this.deps.now ?? Date.now)()).toISOString(),
      prev: this.last.sig,
    };
    const key = keys.current;
    const checkpoint: Checkpoint = { ...unsigned, keyId: key.id, sig: signatureOf(key, unsigned) };
    appendLine(file, JSON.stringify(checkpoint));
    this.last = { n: checkpoint.n, sig: checkpoint.sig };
    this.deps.log(checkpoint);
    const [own] = await audit.append({
      type: CHECKPOINT_TYPE,
      data: { n: checkpoint.n, seq: newestSeqOf(checkpoint), sig: checkpoint.sig, ...(node ? { node } : {}) },
    });
    this.covered = own ?? this.covered;
    return checkpoint;
  }

  /** Checkpoints every `intervalMs`; `stop` writes a last one. Failures go to `onError` and the next tick tries again. */
  start(intervalMs: number, onError: (error: unknown) => void): { stop(): Promise<void> } {
    const tick = () => void this.write().catch(onError);
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await this.write().catch(onError);
      },
    };
  }
}

/** The newest `audit.checkpoint` record, of any node (0: none). */
async function latestCheckpointRecord(db: Database): Promise<number> {
  const recorded = await db
    .selectFrom('audit_log')
    .select('seq')
    .where('type', '=', CHECKPOINT_TYPE)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return recorded?.seq ?? 0;
}

/** Appends one line and waits until it is on disk. */
function appendLine(file: string, line: string): void {
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface CheckpointCheck {
  /** The checkpoints in the file. */
  checkpoints: number;
  /** The newest checkpoint. */
  latest?: Checkpoint;
  /** Each thing that does not hold, in words naming what is missing or changed. */
  problems: string[];
}

/**
 * Checks the checkpoint file against itself (numbering, links, signatures) and against the audit log: every
 * checkpoint's record must be in the chain with the hash and count it signed — unless pruned since — and every
 * checkpoint the chain records must be in the file.
 */
export async function verifyCheckpoints(
  db: Database,
  keys: AuditKeys,
  file: string,
  /** The node whose file this is (its NODE_NAME); a file may also hold other nodes' checkpoints. */
  node = '',
): Promise<CheckpointCheck> {
  const problems: string[] = [];
  if (!existsSync(file)) {
    const { records } = await walkChain(db, keys);
    if (records > 0) {
      problems.push(`The checkpoint file ${file} is missing: nothing shows that the newest records are all there.`);
    }
    return { checkpoints: 0, problems };
  }
  const { checkpoints, badLines } = readCheckpointFile(file);
  for (const line of badLines) problems.push(`Line ${line} of ${file} is not a checkpoint.`);

  // Each node numbers and links its own checkpoints.
  const previousOf = new Map<string, Checkpoint>();
  for (const c of checkpoints) {
    const previous = previousOf.get(nodeOf(c));
    const expected = (previous?.n ?? 0) + 1;
    if (c.n > expected) {
      problems.push(
        expected === c.n - 1
          ? `Checkpoint ${expected}${ofNode(nodeOf(c))} is missing from ${file}.`
          : `Checkpoints ${expected} to ${c.n - 1}${ofNode(nodeOf(c))} are missing from ${file}.`,
      );
    } else if (c.n < expected) {
      problems.push(
        `Checkpoint ${c.n}${ofNode(nodeOf(c))} appears out of order in ${file} (after checkpoint ${previous?.n}).`,
      );
    } else if (c.prev !== (previous?.sig ?? GENESIS_HASH)) {
      problems.push(
        `Checkpoint ${c.n}${ofNode(nodeOf(c))} does not follow checkpoint ${previous?.n ?? 'none'}: one was replaced.`,
      );
    }
    const key = keys.find(c.keyId);
    if (!key) problems.push(`Checkpoint ${c.n} is signed with key ${c.keyId}, which is not in ${keys.source}.`);
    else if (signatureOf(key, c) !== c.sig) problems.push(`Checkpoint ${c.n} does not match its signature.`);
    previousOf.set(nodeOf(c), c);
  }

  const watched = new Set(checkpoints.flatMap((c) => headsOf(c).map((h) => h.seq)));
  const walk = await walkChain(db, keys, { seqs: watched, type: CHECKPOINT_TYPE });
  if (walk.ok) {
    for (const c of checkpoints) {
      for (const head of headsOf(c)) {
        const end = walk.chains.get(head.chain);
        const start = end?.prunedThrough ?? 0;
        if (head.seq <= start) continue;
        const newest = end?.last?.seq ?? start;
        const seen = walk.watched.get(head.seq);
        if (head.seq > newest) {
          problems.push(
            `Records of ${chainName(head.chain)} after record ${newest} up to record ${head.seq} are missing from the audit log: checkpoint ${c.n} (${c.at}) signed them.`,
          );
        } else if (!seen) {
          problems.push(`Record ${head.seq}, signed by checkpoint ${c.n} (${c.at}), is missing from the audit log.`);
        } else if (seen.hash !== head.hash) {
          problems.push(`Record ${head.seq} is not the one checkpoint ${c.n} (${c.at}) signed: it was replaced.`);
        } else if (seen.count !== head.count) {
          problems.push(
            `Checkpoint ${c.n} (${c.at}) counted ${head.count} records of ${chainName(head.chain)} through record ${head.seq}; the audit log has ${seen.count}.`,
          );
        }
      }
    }
    const inFile = new Map(checkpoints.map((c) => [`${nodeOf(c)} ${c.n}`, c]));
    // The nodes this file is for: its own, and any whose checkpoints it holds; the others keep files of their own.
    const nodes = new Set([node, ...checkpoints.map(nodeOf)]);
    const recordSchema = z.object({ n: z.number(), seq: z.number(), sig: z.string(), node: z.string().default('') });
    for (const r of walk.ofType) {
      const recorded = recordSchema.safeParse(JSON.parse(r.data));
      if (!recorded.success || !nodes.has(recorded.data.node)) continue;
      const c = inFile.get(`${recorded.data.node} ${recorded.data.n}`);
      if (!c) {
        problems.push(
          `Checkpoint ${recorded.data.n}${ofNode(recorded.data.node)}, recorded in the audit log at record ${r.seq}, is missing from ${file}.`,
        );
      } else if (c.sig !== recorded.data.sig) {
        problems.push(`Checkpoint ${c.n} in ${file} is not the one the audit log recorded at record ${r.seq}.`);
      }
    }
  }
  return { checkpoints: checkpoints.length, latest: checkpoints.at(-1), problems };
}
