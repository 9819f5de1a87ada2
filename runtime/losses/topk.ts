/**
 * Which indices torch.topk(values, k, largest=True) keeps on the CPU, ties included. PyTorch's
 * CPU kernel (TopKImpl.h) runs std::partial_sort over (value, index) pairs when k * 64 <= n and
 * std::nth_element otherwise, comparing values only; among equal values the survivors are
 * whatever libstdc++'s heap and introselect leave in front. The task-aligned assigner's metric
 * rows are mostly zeros, so which zero-metric prior a top-k keeps decides positives: this file
 * runs the same libstdc++ algorithms (GCC's bits/stl_heap.h and stl_algo.h) on index arrays.
 */

/** The "greater" comparator on indices into `v`: comp(i, j) = v[i] > v[j]. */
type Comp = (i: number, j: number) => boolean;

function adjustHeap(a: Int32Array, first: number, hole: number, len: number, value: number, comp: Comp): void {
  const top = hole;
  let second = hole;
  while (second < Math.trunc((len - 1) / 2)) {
    second = 2 * (second + 1);
    if (comp(a[first + second]!, a[first + second - 1]!)) second--;
    a[first + hole] = a[first + second]!;
    hole = second;
  }
  if ((len & 1) === 0 && second === Math.trunc((len - 2) / 2)) {
    second = 2 * (second + 1);
    a[first + hole] = a[first + second - 1]!;
    hole = second - 1;
  }
  // __push_heap
  let parent = Math.trunc((hole - 1) / 2);
  while (hole > top && comp(a[first + parent]!, value)) {
    a[first + hole] = a[first + parent]!;
    hole = parent;
    parent = Math.trunc((hole - 1) / 2);
  }
  a[first + hole] = value;
}

function makeHeap(a: Int32Array, first: number, last: number, comp: Comp): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = Math.trunc((len - 2) / 2); ; parent--) {
    adjustHeap(a, first, parent, len, a[first + parent]!, comp);
    if (parent === 0) return;
  }
}

/** std::__pop_heap(first, last, result): the heap's top goes to `result`, result's value into the heap. */
function popHeap(a: Int32Array, first: number, last: number, result: number, comp: Comp): void {
  const value = a[result]!;
  a[result] = a[first]!;
  adjustHeap(a, first, 0, last - first, value, comp);
}

function heapSelect(a: Int32Array, first: number, middle: number, last: number, comp: Comp): void {
  makeHeap(a, first, middle, comp);
  for (let i = middle; i < last; i++) if (comp(a[i]!, a[first]!)) popHeap(a, first, middle, i, comp);
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function moveMedianToFirst(a: Int32Array, result: number, x: number, y: number, z: number, comp: Comp): void {
  if (comp(a[x]!, a[y]!)) {
    if (comp(a[y]!, a[z]!)) swap(a, result, y);
    else if (comp(a[x]!, a[z]!)) swap(a, result, z);
    else swap(a, result, x);
  } else if (comp(a[x]!, a[z]!)) swap(a, result, x);
  else if (comp(a[y]!, a[z]!)) swap(a, result, z);
  else swap(a, result, y);
}

function unguardedPartition(a: Int32Array, first: number, last: number, pivot: number, comp: Comp): number {
  for (;;) {
    while (comp(a[first]!, a[pivot]!)) first++;
    last--;
    while (comp(a[pivot]!, a[last]!)) last--;
    if (!(first < last)) return first;
    swap(a, first, last);
    first++;
  }
}

function insertionSort(a: Int32Array, first: number, last: number, comp: Comp): void {
  if (first === last) return;
  for (let i = first + 1; i !== last; i++) {
    const val = a[i]!;
    if (comp(val, a[first]!)) {
      a.copyWithin(first + 1, first, i);
      a[first] = val;
    } else {
      let hole = i;
      let next = i - 1;
      while (comp(val, a[next]!)) {
        a[hole] = a[next]!;
        hole = next;
        next--;
      }
      a[hole] = val;
    }
  }
}

/** std::nth_element(first, nth, last, comp) (introselect). */
function nthElement(a: Int32Array, first: number, nth: number, last: number, comp: Comp): void {
  if (first === last || nth === last) return;
  let depth = 2 * (31 - Math.clz32(last - first));
  while (last - first > 3) {
    if (depth === 0) {
      heapSelect(a, first, nth + 1, last, comp);
      swap(a, first, nth); // the nth element in its final place
      return;
    }
    depth--;
    const mid = first + Math.trunc((last - first) / 2);
    moveMedianToFirst(a, first, first + 1, mid, last - 1, comp);
    const cut = unguardedPartition(a, first + 1, last, first, comp);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(a, first, last, comp);
}

/** The index set torch.topk(values, k) keeps on the CPU (unordered), for a dense row of values. */
export function torchTopkIndices(values: ArrayLike<number>, k: number): Int32Array {
  const n = values.length;
  if (k > n) throw new RangeError(`topk: k = ${k} is larger than the ${n} values`);
  const a = Int32Array.from({ length: n }, (_, i) => i);
  const comp: Comp = (i, j) => values[i]! > values[j]!;
  if (k * 64 <= n) heapSelect(a, 0, k, n, comp);
  else nthElement(a, 0, k - 1, n, comp);
  return a.slice(0, k);
}

/**
 * torchTopkIndices for a row of n values that are zero except at `nonzero` (ascending indices,
 * values >= 0): on the partial-sort path (k * 64 <= n) only the first k entries and the nonzero
 * ones can move, so this costs O(k + nonzero * log k) instead of O(n).
 */
export function torchTopkSparse(n: number, k: number, nonzero: ArrayLike<number>, valueOf: (index: number) => number): Int32Array {
  if (k * 64 > n) {
    const dense = new Float64Array(n);
    for (let i = 0; i < nonzero.length; i++) dense[nonzero[i]!] = valueOf(nonzero[i]!);
    return torchTopkIndices(dense, k);
  }
  const vals = new Map<number, number>();
  for (let i = 0; i < nonzero.length; i++) vals.set(nonzero[i]!, valueOf(nonzero[i]!));
  const v = (i: number) => vals.get(i) ?? 0;
  const comp: Comp = (i, j) => v(i) > v(j);
  // heap[0..k) is the heap; heap[k] is popHeap's `result` slot, outside it (its content is dropped)
  const heap = Int32Array.from({ length: k + 1 }, (_, i) => i);
  makeHeap(heap, 0, k, comp);
  for (let t = 0; t < nonzero.length; t++) {
    const i = nonzero[t]!;
    if (i < k || !comp(i, heap[0]!)) continue;
    heap[k] = i;
    popHeap(heap, 0, k, k, comp);
  }
  return heap.slice(0, k);
}
