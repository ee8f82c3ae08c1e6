/** Numbers for names in order of first appearance: the node ids of a graph, the groups of an attribute. */
export interface Interner {
  readonly names: string[];
  /** The name's number, given the next free one when it is new. */
  id(name: string): number;
}

export function interner(): Interner {
  const names: string[] = [];
  const index = new Map<string, number>();
  return {
    names,
    id(name) {
      let i = index.get(name);
      if (i === undefined) index.set(name, (i = names.push(name) - 1));
      return i;
    },
  };
}

/** Each label's group number (0, 1, … by first appearance), the distinct labels and each group's size. */
export function groupLabels(labels: readonly string[]): { group: Int32Array; labels: string[]; sizes: number[] } {
  const names = interner();
  const group = Int32Array.from(labels, (label) => names.id(label));
  const sizes = names.names.map(() => 0);
  for (const c of group) sizes[c]++;
  return { group, labels: names.names, sizes };
}
