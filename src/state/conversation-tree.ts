/** The fields of a message the tree needs. */
export interface TreeNode {
  id: number;
  parentId: number | null;
}

/** Where a message stands among its siblings (the other answers to one question, or the other edits of one question). */
export interface BranchPosition {
  /** 1-based position among the siblings, in the order they were made. */
  index: number;
  count: number;
  /** The previous and next sibling's ids, when there are. */
  previous: number | null;
  next: number | null;
}

/**
 * The thread that ends at `leafId`: from the first question down to the
 * leaf, following `parentId`. An unknown leaf falls back to the newest
 * message; a cycle (only a damaged database could hold one) ends the walk.
 */
export function threadOf<T extends TreeNode>(rows: readonly T[], leafId: number | null): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  let cur = (leafId === null ? undefined : byId.get(leafId)) ?? rows.at(-1);
  const out: T[] = [];
  const seen = new Set<number>();
  while (cur && !seen.has(cur.id)) {
    out.push(cur);
    seen.add(cur.id);
    cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
  }
  return out.reverse();
}

/** Each message's position among its siblings (same parent), for the "2/3" switcher. */
export function branchPositions(rows: readonly TreeNode[]): Map<number, BranchPosition> {
  const groups = new Map<number | null, number[]>();
  for (const r of rows) {
    const g = groups.get(r.parentId) ?? [];
    g.push(r.id);
    groups.set(r.parentId, g);
  }
  const out = new Map<number, BranchPosition>();
  for (const ids of groups.values()) {
    ids.sort((a, b) => a - b);
    for (const [i, id] of ids.entries())
      out.set(id, { index: i + 1, count: ids.length, previous: ids[i - 1] ?? null, next: ids[i + 1] ?? null });
  }
  return out;
}

/**
 * The leaf to show when switching to message `id`: follow its newest child,
 * then that one's newest child, down to a message with none.
 */
export function newestLeafUnder(rows: readonly TreeNode[], id: number): number {
  const children = new Map<number, number>();
  for (const r of rows)
    if (r.parentId !== null) children.set(r.parentId, Math.max(children.get(r.parentId) ?? 0, r.id));
  let cur = id;
  const seen = new Set<number>();
  while (children.has(cur) && !seen.has(cur)) {
    seen.add(cur);
    cur = children.get(cur) as number;
  }
  return cur;
}
