/**
 * Compares two detection lists made by two engines from logits that differ by ~1e-5 (tfjs's
 * folded-BN inference plan, onnxruntime's graph): the same detections, where two whose scores are
 * within `scoreTol` of each other may come out in either order (a near-tie that the last bits of
 * the logits decide). Anything else (a missing or extra detection, another label, a box or score
 * off by more than the tolerance, an order change between clearly different scores) fails.
 */
import assert from 'node:assert/strict';

export interface Det { label: number; score: number; box: ArrayLike<number> }

export function assertSameDetections(got: Det[], want: Det[], o: { scoreTol: number; boxTol: number; what: string }): void {
  assert.equal(got.length, want.length, `${o.what}: ${got.length} detections, expected ${want.length}`);
  const used = new Array<boolean>(want.length).fill(false);
  let worstBox = 0;
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    let found = -1;
    // candidates: unused detections of `want` whose score ties with g's (within the tolerance)
    for (let j = 0; j < want.length && found < 0; j++) {
      const w = want[j]!;
      if (used[j] || w.label !== g.label || Math.abs(w.score - g.score) > o.scoreTol) continue;
      let d = 0;
      for (let k = 0; k < g.box.length; k++) d = Math.max(d, Math.abs(g.box[k]! - w.box[k]!));
      if (d > o.boxTol) continue;
      // it may sit elsewhere only if every detection between the two positions ties with it too
      const [lo, hi] = j < i ? [j, i] : [i, j];
      let tied = true;
      for (let k = lo; k <= hi && tied; k++) tied = Math.abs(want[k]!.score - g.score) <= o.scoreTol;
      if (!tied) continue;
      found = j;
      worstBox = Math.max(worstBox, d);
    }
    assert.ok(found >= 0, `${o.what}: detection ${i} (label ${g.label}, score ${g.score}) has no equal in the other list`);
    used[found] = true;
  }
  assert.ok(worstBox <= o.boxTol);
}
