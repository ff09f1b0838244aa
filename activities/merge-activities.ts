type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Merges activity groups; a name defined twice would silently replace the other, so it is an error. */
export function mergeActivities<T extends object[]>(...groups: T): UnionToIntersection<T[number]> {
  const merged: Record<string, unknown> = {};
  for (const group of groups) {
    for (const [name, fn] of Object.entries(group)) {
      if (name in merged) throw new Error(`Activity "${name}" is defined by two activity factories`);
      merged[name] = fn;
    }
  }
  return merged as UnionToIntersection<T[number]>;
}
