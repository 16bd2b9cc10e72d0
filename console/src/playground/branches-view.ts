/**
 * The "Branches" panel: every branch the session's rewinds kept, as a tree of fork
 * points. Each branch opens to be read; the current one is marked.
 */
import { html, nothing } from 'lit';
import { branchTree, type Branch, type BranchNode } from './branches.ts';

/** Also the shared session's tree (a share link), so it takes the branches, not the run. */
export function branchesView(branches: readonly Branch[], shownBranch: string, open: (branchId: string) => void) {
  const item = (node: BranchNode): unknown => {
    const b = node.branch;
    const label = b.parent_id === null ? `${b.id}: the start` : `${b.id}: forked from ${b.parent_id} after message ${b.fork_index}`;
    return html`<li>
      <div class="branch ${b.id === shownBranch ? 'shown' : ''}">
        <span>${label} · ${b.message_count} messages ${b.current ? html`<span class="badge published">current</span>` : nothing}</span>
        <button type="button" class="small" @click=${() => open(b.id)} aria-pressed=${b.id === shownBranch ? 'true' : 'false'} aria-label=${`Open branch ${b.id}`}>Open</button>
      </div>
      ${node.children.length ? html`<ul>${node.children.map(item)}</ul>` : nothing}
    </li>`;
  };
  return html`<ul class="tree" aria-label="Branch tree">${branchTree(branches).map(item)}</ul>`;
}
