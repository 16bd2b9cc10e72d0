/**
 * Test folders (a flat list with `parent_id`, at most three levels) as the tests list shows
 * them: depth first, each under its parent, with a path label for the "Move to…" choices.
 */
import type { FolderResponse } from '../../../shared/api/agent-tests-api.ts';

export interface FolderRow {
  folder: FolderResponse;
  /** `Support / Refunds / EU`: the folder's place, for a flat list of choices. */
  label: string;
  level: number;
}

/**
 * The folders in tree order, siblings by name. A folder whose parent is missing (deleted
 * by someone else meanwhile) shows at the top level rather than vanishing.
 * @example folderRows([{ id: 'b', name: 'B', parent_id: 'a', … }, { id: 'a', name: 'A', parent_id: null, … }]).map((r) => r.label) // ['A', 'A / B']
 */
export function folderRows(folders: readonly FolderResponse[]): FolderRow[] {
  const ids = new Set(folders.map((f) => f.id));
  const children = new Map<string | null, FolderResponse[]>();
  for (const folder of folders) {
    const parent = folder.parent_id && ids.has(folder.parent_id) ? folder.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), folder]);
  }
  const rows: FolderRow[] = [];
  const seen = new Set<string>();
  // The server keeps the tree acyclic; `seen` bounds the walk even if an answer did not.
  const walk = (parent: string | null, prefix: string, level: number) => {
    const siblings = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const folder of siblings) {
      if (seen.has(folder.id)) continue;
      seen.add(folder.id);
      const label = prefix ? `${prefix} / ${folder.name}` : folder.name;
      rows.push({ folder, label, level });
      walk(folder.id, label, level + 1);
    }
  };
  walk(null, '', 1);
  return rows;
}
