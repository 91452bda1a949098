/**
 * How a node hears that another node changed what it caches (administration: roles, groups, assignments; a tenant's
 * settings), so an administrator's change on node A applies to the next session paired on node B. One process alone
 * needs none of it (`singleProcess`); a cluster's nodes hear each other through Redis (cluster/redis-invalidations.ts).
 */
export type Invalidation =
  /** People, roles, groups or assignments changed: forget every directory answer. */
  | { kind: 'directory' }
  /** One tenant's settings changed. */
  | { kind: 'settings'; tenantId: string }
  /** Changes may have been missed (the node was not listening for a while): forget everything. */
  | { kind: 'all' };

export interface Invalidations {
  /** Tells the other nodes of a change this node made (and has already applied to itself). */
  publish(change: Invalidation): Promise<void>;
  /** Told of the other nodes' changes. */
  onInvalidation(handler: (change: Invalidation) => void): void;
  /**
   * Whether this node hears the other nodes' changes now. While it may miss one, caches are bypassed (read through to
   * the database) and changes here are refused, since the others could not hear of them.
   */
  listening(): boolean;
}

export const singleProcess: Invalidations = {
  publish: async () => {},
  onInvalidation: () => {},
  listening: () => true,
};
