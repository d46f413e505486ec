import DataLoader from 'dataloader';

/**
 * A loader of one row per key: `fetch` receives the distinct keys of one tick and returns the
 * rows found, in any order; the loader answers each key with its row or `null`, in key order.
 */
export function createRowLoader<Key, Row>(
  fetch: (keys: readonly Key[]) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
): DataLoader<Key, Row | null> {
  return new DataLoader<Key, Row | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/**
 * A loader of a list of children per parent key: `fetch` receives the parent keys of one tick
 * and returns all their children in the order they should be listed; each key gets its own
 * children (an empty list when it has none).
 */
export function createChildrenLoader<Key, Row>(
  fetch: (keys: readonly Key[]) => Promise<Row[]>,
  parentKeyOf: (row: Row) => Key,
): DataLoader<Key, Row[]> {
  return new DataLoader<Key, Row[]>(async (keys) => {
    const rows = await fetch(keys);
    const groups = new Map<Key, Row[]>();
    for (const row of rows) {
      const key = parentKeyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}
