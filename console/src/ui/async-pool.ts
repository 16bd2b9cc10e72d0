/**
 * Runs `task` over `items` with at most `limit` at a time: a list page asking one
 * figure per row must not open a hundred requests at once.
 * @example await eachLimited(agents, 4, (agent) => count(agent.id));
 */
export async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
