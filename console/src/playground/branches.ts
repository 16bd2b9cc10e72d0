/**
 * A session's branches as a tree, and which branch holds a message. A branch forked
 * from its parent after `fork_index` shares the parent's messages up to that index; a
 * message of a branch belongs to the first branch, walking up, whose own part holds it.
 */
import type { RunResponse } from '../../../shared/api/text-chat-api.ts';

export type Branch = RunResponse['branches'][number];

export interface BranchNode {
  branch: Branch;
  children: BranchNode[];
}

/** Roots first (one, `b1`, for a real session), children in the order they were made. */
export function branchTree(branches: readonly Branch[]): BranchNode[] {
  const nodes = new Map(branches.map((branch) => [branch.id, { branch, children: [] as BranchNode[] }]));
  const roots: BranchNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.branch.parent_id ? nodes.get(node.branch.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const order = (list: BranchNode[]) => list.sort((a, b) => branchNumber(a.branch.id) - branchNumber(b.branch.id)).forEach((n) => order(n.children));
  order(roots);
  return roots;
}

const branchNumber = (id: string) => Number(/\d+/.exec(id)?.[0] ?? 0);

/**
 * The branch whose own messages include `index`, as seen from `branchId`.
 * @example ownerOf([{ id: 'b1', parent_id: null, fork_index: null }, { id: 'b2', parent_id: 'b1', fork_index: 2 }], 'b2', 1) // 'b1'
 */
export function ownerOf(branches: readonly Pick<Branch, 'id' | 'parent_id' | 'fork_index'>[], branchId: string, index: number): string {
  const byId = new Map(branches.map((b) => [b.id, b]));
  let current = byId.get(branchId);
  // Each step goes to a parent; a tree of N branches has at most N steps.
  for (let steps = 0; current && steps <= branches.length; steps++) {
    if (current.fork_index === null || current.parent_id === null || index > current.fork_index) return current.id;
    current = byId.get(current.parent_id);
  }
  return current?.id ?? branchId;
}
