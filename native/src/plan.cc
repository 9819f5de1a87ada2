// The inference plan's executor (plan.h). The program is a list of ops, each
//   [opcode, nwords, payload...]
// with tensors as 7-word views [buf, off, n, h, w, c, ps] (plan.h's PlanView; buf -1: none).
// plan_create checks every view against its buffer's size, so a bad program is an error
// message, never a memory overrun. Filters are packed for the GEMM of the SIMD level in use on
// first run at that level (a test that switches levels gets each level's own packing).
#include "plan.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "elementwise.h"
#include "fused.h"
#include "ops.h"
#include "pool.h"

namespace yoloc {

namespace {

inline long ceil_div(long a, long b) { return (a + b - 1) / b; }

struct ConvOp {
  PlanView x, out, res;
  int kh, kw, sh, sw, dh, dw, pt, pl, act;
  float alpha;
  int wid, bid;
  bool star;
  // Column ranges written to their own tensors instead of out (out.buf == -1 then).
  std::vector<std::pair<int, PlanView>> split;
  // The filter packed for the GEMM of one SIMD level (panels packed_nr wide); once packed, the
  // plain copy is released (a plan holds its weights once).
  std::vector<float> packed;
  int packed_level = -1, packed_nr = 0;
  // The Winograd-transformed filter, packed for one level (3x3 stride-1 convs: conv.cc).
  std::vector<float> wino;
  int wino_level = -1;
};

struct DwOp {
  PlanView x, out, res;
  int kh, kw, sh, sw, dh, dw, pt, pl, act;
  float alpha;
  int wid, bid;
};

struct PoolOp {
  PlanView x, out;
  int kh, kw, sh, sw, pt, pl;
};

struct BinOp {
  int op;           // 0 add, 1 mul, 2 sub, 3 star (relu6(a) * b), 4 div
  int flags;        // 1: b is `scalar`; 2: b is [n,1,1,c] broadcast over pixels; 4: scalar first
  float scalar;
  PlanView a, b, out;
};

struct GapOp {  // mean over height and width
  PlanView x, out;
};

struct DflOp {
  PlanView x, out;
  int reg;
};

struct ActOp {
  int act;
  float alpha;
  PlanView x, out;
};

struct CopyOp {
  PlanView x, out;
};

struct UpOp {  // nearest 2x upsampling
  PlanView x, out;
};

struct ShapeOp {  // slice / tile over contiguous tensors
  PlanView x, out;
  SliceGeom sg;  // slice: in, begin, size; tile: in (shape), size (reps)
};

struct Op {
  int code;
  int index;  // into the vector of that kind
};

// Aligned float storage (64 bytes) for the arena.
struct Aligned {
  float* p = nullptr;
  long n = 0;
  ~Aligned() { std::free(p); }
  bool alloc(long floats) {
    n = floats;
    if (floats <= 0) return true;
    p = static_cast<float*>(std::aligned_alloc(64, ((floats * sizeof(float) + 63) / 64) * 64));
    return p != nullptr;
  }
};

}  // namespace

struct Plan {
  std::vector<std::vector<float>> consts;
  std::vector<Op> ops;
  std::vector<ConvOp> convs;
  std::vector<DwOp> dws;
  std::vector<PoolOp> pools;
  std::vector<BinOp> bins;
  std::vector<GapOp> gaps;
  std::vector<DflOp> dfls;
  std::vector<ActOp> acts;
  std::vector<CopyOp> copies;
  std::vector<UpOp> ups;
  std::vector<ShapeOp> slices, tiles;
  Aligned arena;
  long input_size = 0;
  std::vector<long> output_sizes;
  // Buffer bases of the current run.
  std::vector<float*> base;
};

namespace {

long extent(const PlanView& v) {
  const long pixels = static_cast<long>(v.n) * v.h * v.w;
  return pixels == 0 ? 0 : (pixels - 1) * v.ps + v.c;
}

struct Reader {
  const int* p;
  long n, at = 0;
  std::string* err;
  const Plan* plan;
  bool ok = true;

  int next() {
    if (at >= n) {
      if (ok) *err = "program ends inside an op";
      ok = false;
      return 0;
    }
    return p[at++];
  }
  float nextf() {
    int bits = next();
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }
  long size_of(int buf) const {
    if (buf == 0) return plan->arena.n;
    if (buf == 1) return plan->input_size;
    const long k = buf - 2;
    return k >= 0 && k < static_cast<long>(plan->output_sizes.size()) ? plan->output_sizes[k] : -1;
  }
  PlanView view(bool optional = false) {
    PlanView v{next(), 0, 0, 0, 0, 0, 0};
    v.off = next();
    v.n = next();
    v.h = next();
    v.w = next();
    v.c = next();
    v.ps = next();
    if (!ok) return v;
    if (v.buf == -1 && optional) return v;
    const long size = size_of(v.buf);
    if (size < 0 || v.off < 0 || v.n < 0 || v.h < 0 || v.w < 0 || v.c < 0 || v.ps < v.c ||
        v.off + extent(v) > size) {
      *err = "view out of its buffer (buf " + std::to_string(v.buf) + ", offset " + std::to_string(v.off) + ")";
      ok = false;
    }
    return v;
  }
  bool fail(const std::string& m) {
    if (ok) *err = m;
    ok = false;
    return false;
  }
  bool const_size(int id, long want, const char* what) {
    if (id < 0 || id >= static_cast<int>(plan->consts.size()))
      return fail(std::string(what) + ": no constant " + std::to_string(id));
    if (static_cast<long>(plan->consts[id].size()) != want)
      return fail(std::string(what) + ": constant " + std::to_string(id) + " has " +
                  std::to_string(plan->consts[id].size()) + " floats, expected " + std::to_string(want));
    return true;
  }
};

bool same_shape(const PlanView& a, const PlanView& b) {
  return a.n == b.n && a.h == b.h && a.w == b.w && a.c == b.c;
}

inline float* at(const Plan& p, const PlanView& v) { return p.base[v.buf] + v.off; }

// Runs fn(p0, p1) over the pixels of v in chunks of ~16K floats.
template <typename F>
void over_pixels(const PlanView& v, F fn) {
  const long pixels = static_cast<long>(v.n) * v.h * v.w;
  long per = 16384 / (v.c > 0 ? v.c : 1);
  if (per < 1) per = 1;
  parallel_for(ceil_div(pixels, per), [&](long t, int) {
    const long p0 = t * per;
    fn(p0, p0 + per < pixels ? p0 + per : pixels);
  });
}

void run_conv(Plan& p, ConvOp& op) {
  const Kernels& kr = kernels();
  const int k = op.kh * op.kw * op.x.c;
  const int n = op.star ? 2 * op.out.c : op.out.c;
  if (op.packed_level != kr.level) {
    std::vector<float>& raw = p.consts[op.wid];
    if (raw.empty()) {
      // Packed for another level (a test or bench switched levels): unpack, then pack anew.
      raw.assign(static_cast<size_t>(k) * n, 0.f);
      const int onr = op.packed_nr;
      for (long jp = 0; jp * onr < n; ++jp)
        for (long q = 0; q < k; ++q)
          for (int jj = 0; jj < onr && jp * onr + jj < n; ++jj)
            raw[q * n + jp * onr + jj] = op.packed[(jp * k + q) * onr + jj];
    }
    const int panels = static_cast<int>(ceil_div(n, kr.tile.nr));
    op.packed.assign(static_cast<size_t>(panels) * kr.tile.nr * k, 0.f);
    kr.pack_b(k, n, raw.data(), n, 1, op.packed.data(), 0, panels);
    op.packed_level = kr.level;
    op.packed_nr = kr.tile.nr;
    std::vector<float>().swap(raw);
  }
  const std::vector<float>& pk = op.packed;
  const ConvGeom g{op.x.n, op.x.h, op.x.w, op.x.c, op.kh, op.kw, op.out.c, op.out.h, op.out.w,
                   op.sh, op.sw, op.dh, op.dw, op.pt, op.pl};
  ConvEpilogue ep;
  ep.star = op.star;
  ep.nsplit = static_cast<int>(op.split.size());
  const bool wino = op.out.buf >= 0 && conv_winograd_ok(g, ep);
  if (wino && op.wino_level != kr.level) {
    // HWIO filter [k][n] from this level's panels, then transformed and packed.
    std::vector<float> raw(static_cast<size_t>(k) * n, 0.f);
    const int nr = op.packed_nr;
    for (long jp = 0; jp * nr < n; ++jp)
      for (long q = 0; q < k; ++q)
        for (int jj = 0; jj < nr && jp * nr + jj < n; ++jj) raw[q * n + jp * nr + jj] = pk[(jp * k + q) * nr + jj];
    op.wino.assign(static_cast<size_t>(winograd_packed_floats(op.x.c, op.out.c)), 0.f);
    winograd_pack_filter(op.x.c, op.out.c, raw.data(), op.wino.data());
    op.wino_level = kr.level;
  }
  ep.bias = op.bid >= 0 ? p.consts[op.bid].data() : nullptr;
  ep.act = op.act;
  ep.alpha = op.alpha;
  ep.star = op.star;
  if (op.res.buf >= 0) {
    ep.res = at(p, op.res);
    ep.rs = op.res.ps;
  }
  std::vector<ConvSplit> sp;
  for (const auto& s : op.split) sp.push_back({s.first, s.second.c, at(p, s.second), s.second.ps});
  ep.split = sp.data();
  ep.nsplit = static_cast<int>(sp.size());
  if (wino) {
    conv2d_winograd(g, at(p, op.x), op.x.ps, op.wino.data(), at(p, op.out), op.out.ps, ep);
    return;
  }
  conv2d_forward_packed(g, at(p, op.x), op.x.ps, pk.data(), op.out.buf >= 0 ? at(p, op.out) : nullptr, op.out.ps, ep);
}

void run_dw(Plan& p, const DwOp& op) {
  const DwGeom g{op.x.n, op.x.h, op.x.w, op.x.c, op.kh, op.kw, 1, op.out.h, op.out.w,
                 op.sh, op.sw, op.dh, op.dw, op.pt, op.pl};
  depthwise_forward_ex(g, at(p, op.x), op.x.ps, p.consts[op.wid].data(),
                       op.bid >= 0 ? p.consts[op.bid].data() : nullptr, at(p, op.out), op.out.ps,
                       op.act, op.alpha, op.res.buf >= 0 ? at(p, op.res) : nullptr, op.res.ps);
}

// Max pooling with the cpu backend's rule (NaN never wins; an empty window gives -inf), pixels
// strided: each output pixel's channels take the running max over the window.
void run_pool(Plan& p, const PoolOp& op) {
  const float* x = at(p, op.x);
  float* out = at(p, op.out);
  const int c = op.x.c;
  const long rows = static_cast<long>(op.out.n) * op.out.h;
  parallel_for(rows, [&](long r, int) {
    const long n = r / op.out.h;
    const int oh = static_cast<int>(r % op.out.h);
    const int ih0 = oh * op.sh - op.pt;
    const int hs = ih0 < 0 ? 0 : ih0, he = ih0 + op.kh < op.x.h ? ih0 + op.kh : op.x.h;
    for (int ow = 0; ow < op.out.w; ++ow) {
      const int iw0 = ow * op.sw - op.pl;
      const int ws = iw0 < 0 ? 0 : iw0, we = iw0 + op.kw < op.x.w ? iw0 + op.kw : op.x.w;
      float* o = out + (r * op.out.w + ow) * op.out.ps;
      for (int q = 0; q < c; ++q) o[q] = -INFINITY;
      for (int ih = hs; ih < he; ++ih)
        for (int iw = ws; iw < we; ++iw) {
          const float* xp = x + ((n * op.x.h + ih) * op.x.w + iw) * op.x.ps;
          for (int q = 0; q < c; ++q) o[q] = xp[q] > o[q] ? xp[q] : o[q];
        }
    }
  });
}

template <int OP>
inline float bin1(float a, float b) {
  if (OP == 0) return a + b;
  if (OP == 1) return a * b;
  if (OP == 2) return a - b;
  if (OP == 3) return (a < 0.f ? 0.f : (a > 6.f ? 6.f : a)) * b;
  return a / b;
}

template <int OP>
void bin_rows(const Plan& p, const BinOp& op, long p0, long p1) {
  const float* a = at(p, op.a);
  float* o = at(p, op.out);
  const int c = op.out.c;
  const long hw = static_cast<long>(op.out.h) * op.out.w;
  for (long q = p0; q < p1; ++q) {
    const float* ar = a + q * op.a.ps;
    float* orow = o + q * op.out.ps;
    if (op.flags & 1) {
      const float k = op.scalar;
      if (op.flags & 4) for (int j = 0; j < c; ++j) orow[j] = bin1<OP>(k, ar[j]);
      else for (int j = 0; j < c; ++j) orow[j] = bin1<OP>(ar[j], k);
      continue;
    }
    const float* br = at(p, op.b) + ((op.flags & 2) ? (q / hw) * op.b.ps : q * op.b.ps);
    for (int j = 0; j < c; ++j) orow[j] = bin1<OP>(ar[j], br[j]);
  }
}

void run_bin(Plan& p, const BinOp& op) {
  over_pixels(op.out, [&](long p0, long p1) {
    switch (op.op) {
      case 0: bin_rows<0>(p, op, p0, p1); break;
      case 1: bin_rows<1>(p, op, p0, p1); break;
      case 2: bin_rows<2>(p, op, p0, p1); break;
      case 3: bin_rows<3>(p, op, p0, p1); break;
      default: bin_rows<4>(p, op, p0, p1); break;
    }
  });
}

// Mean over height and width as the native backend's Mean over those axes computes it (the plan
// must give its bits): per image, reduce_rows over the [h*w, c] rows, whose summation order is
// fixed by the shape alone. A strided input or output goes through a contiguous copy.
void run_gap(Plan& p, const GapOp& op) {
  const float* x = at(p, op.x);
  float* o = at(p, op.out);
  const long hw = static_cast<long>(op.x.h) * op.x.w;
  const int c = op.x.c;
  std::vector<float> xin(op.x.ps == c ? 0 : static_cast<size_t>(hw) * c), res(static_cast<size_t>(c));
  for (long n = 0; n < op.x.n; ++n) {
    const float* xn = x + n * hw * op.x.ps;
    if (op.x.ps != c) {
      for (long q = 0; q < hw; ++q) std::memcpy(xin.data() + q * c, xn + q * op.x.ps, sizeof(float) * c);
      xn = xin.data();
    }
    reduce_rows(1, xn, res.data(), hw, c);
    std::memcpy(o + n * op.out.ps, res.data(), sizeof(float) * c);
  }
}

void run_act(Plan& p, const ActOp& op) {
  const Kernels& kr = kernels();
  const float* x = at(p, op.x);
  float* o = at(p, op.out);
  const int c = op.out.c;
  over_pixels(op.out, [&](long p0, long p1) {
    for (long q = p0; q < p1; ++q) {
      float* orow = o + q * op.out.ps;
      if (orow != x + q * op.x.ps) std::memcpy(orow, x + q * op.x.ps, sizeof(float) * c);
    }
    kr.epilogue(o + p0 * op.out.ps, static_cast<int>(p1 - p0), c, op.out.ps, nullptr, op.act, op.alpha, nullptr, 0);
  });
}

void run_copy(Plan& p, const CopyOp& op) {
  const float* x = at(p, op.x);
  float* o = at(p, op.out);
  over_pixels(op.out, [&](long p0, long p1) {
    for (long q = p0; q < p1; ++q) std::memcpy(o + q * op.out.ps, x + q * op.x.ps, sizeof(float) * op.out.c);
  });
}

void run_up(Plan& p, const UpOp& op) {
  const float* x = at(p, op.x);
  float* o = at(p, op.out);
  const int c = op.out.c;
  over_pixels(op.out, [&](long p0, long p1) {
    for (long q = p0; q < p1; ++q) {
      const long ox = q % op.out.w, rest = q / op.out.w, oy = rest % op.out.h, n = rest / op.out.h;
      const float* src = x + ((n * op.x.h + oy / 2) * op.x.w + ox / 2) * op.x.ps;
      std::memcpy(o + q * op.out.ps, src, sizeof(float) * c);
    }
  });
}

void run_tile(Plan& p, const ShapeOp& op) {
  const SliceGeom& g = op.sg;
  const float* x = at(p, op.x);
  float* o = at(p, op.out);
  long outShape[kMaxRank], inStride[kMaxRank], total = 1;
  long s = 1;
  for (int d = g.rank - 1; d >= 0; --d) {
    inStride[d] = s;
    s *= g.in[d];
  }
  for (int d = 0; d < g.rank; ++d) {
    outShape[d] = g.in[d] * g.size[d];
    total *= outShape[d];
  }
  const long inner = outShape[g.rank - 1];
  const long rows = total / (inner > 0 ? inner : 1);
  parallel_for(ceil_div(rows, 256), [&](long t, int) {
    const long r1 = (t + 1) * 256 < rows ? (t + 1) * 256 : rows;
    for (long row = t * 256; row < r1; ++row) {
      long rem = row, off = 0;
      for (int d = g.rank - 2; d >= 0; --d) {
        off += (rem % outShape[d]) % g.in[d] * inStride[d];
        rem /= outShape[d];
      }
      const float* src = x + off;
      float* dst = o + row * inner;
      const long w = g.in[g.rank - 1];
      for (long j = 0; j < inner; ++j) dst[j] = src[j % w];
    }
  });
}

}  // namespace

Plan* plan_create(const int* prog, long words, const std::vector<std::vector<float>>& consts,
                  long arena_floats, long input_floats, const std::vector<long>& output_sizes,
                  std::string* err) {
  std::unique_ptr<Plan> p(new Plan());
  p->consts = consts;
  p->output_sizes = output_sizes;
  p->input_size = input_floats;
  if (!p->arena.alloc(arena_floats)) {
    *err = "cannot allocate the arena";
    return nullptr;
  }
  Reader rd{prog, words, 0, err, p.get()};
  while (rd.ok && rd.at < words) {
    const int code = rd.next();
    const int len = rd.next();
    const long start = rd.at;
    switch (code) {
      case PLAN_CONV: {
        ConvOp c;
        c.x = rd.view();
        c.out = rd.view(true);
        c.res = rd.view(true);
        c.kh = rd.next(); c.kw = rd.next(); c.sh = rd.next(); c.sw = rd.next();
        c.dh = rd.next(); c.dw = rd.next(); c.pt = rd.next(); c.pl = rd.next();
        c.act = rd.next(); c.alpha = rd.nextf(); c.wid = rd.next(); c.bid = rd.next();
        c.star = rd.next() != 0;
        const int nsplit = rd.next();
        for (int k = 0; k < nsplit && rd.ok; ++k) {
          const int col = rd.next();
          const PlanView d = rd.view();
          if (rd.ok && (col < 0 || col + d.c > c.out.c || d.n != c.out.n || d.h != c.out.h || d.w != c.out.w))
            rd.fail("conv: a split range outside the output");
          c.split.emplace_back(col, d);
        }
        if (!rd.ok) break;
        if (nsplit < 0 || (c.out.buf < 0) != (nsplit > 0) || (nsplit > 0 && (c.star || c.res.buf >= 0))) {
          rd.fail("conv: an output or split ranges, not both");
          break;
        }
        if (c.out.buf < 0 && (c.out.n < 0 || c.out.h < 0 || c.out.w < 0 || c.out.c < 1)) {
          rd.fail("conv: bad output shape");
          break;
        }
        const int n = c.star ? 2 * c.out.c : c.out.c;
        if (c.kh < 1 || c.kw < 1 || c.sh < 1 || c.sw < 1 || c.dh < 1 || c.dw < 1 || c.pt < 0 || c.pl < 0)
          rd.fail("conv: bad geometry");
        else if (c.x.n != c.out.n || (c.res.buf >= 0 && !same_shape(c.res, c.out)) || (c.star && c.res.buf >= 0))
          rd.fail("conv: shapes disagree");
        else if (rd.const_size(c.wid, static_cast<long>(c.kh) * c.kw * c.x.c * n, "conv filter") &&
                 (c.bid < 0 || rd.const_size(c.bid, n, "conv bias"))) {
          p->ops.push_back({code, static_cast<int>(p->convs.size())});
          p->convs.push_back(std::move(c));
        }
        break;
      }
      case PLAN_DW: {
        DwOp d;
        d.x = rd.view();
        d.out = rd.view();
        d.res = rd.view(true);
        d.kh = rd.next(); d.kw = rd.next(); d.sh = rd.next(); d.sw = rd.next();
        d.dh = rd.next(); d.dw = rd.next(); d.pt = rd.next(); d.pl = rd.next();
        d.act = rd.next(); d.alpha = rd.nextf(); d.wid = rd.next(); d.bid = rd.next();
        if (!rd.ok) break;
        if (d.kh < 1 || d.kw < 1 || d.sh < 1 || d.sw < 1 || d.dh < 1 || d.dw < 1 || d.pt < 0 || d.pl < 0)
          rd.fail("depthwise: bad geometry");
        else if (d.x.n != d.out.n || d.x.c != d.out.c || (d.res.buf >= 0 && !same_shape(d.res, d.out)))
          rd.fail("depthwise: shapes disagree");
        else if (rd.const_size(d.wid, static_cast<long>(d.kh) * d.kw * d.x.c, "depthwise filter") &&
                 (d.bid < 0 || rd.const_size(d.bid, d.x.c, "depthwise bias"))) {
          p->ops.push_back({code, static_cast<int>(p->dws.size())});
          p->dws.push_back(d);
        }
        break;
      }
      case PLAN_MAXPOOL: {
        PoolOp o;
        o.x = rd.view();
        o.out = rd.view();
        o.kh = rd.next(); o.kw = rd.next(); o.sh = rd.next(); o.sw = rd.next(); o.pt = rd.next(); o.pl = rd.next();
        if (!rd.ok) break;
        if (o.kh < 1 || o.kw < 1 || o.sh < 1 || o.sw < 1 || o.x.n != o.out.n || o.x.c != o.out.c)
          rd.fail("maxpool: bad geometry");
        p->ops.push_back({code, static_cast<int>(p->pools.size())});
        p->pools.push_back(o);
        break;
      }
      case PLAN_BINARY: {
        BinOp b;
        b.op = rd.next();
        b.flags = rd.next();
        b.scalar = rd.nextf();
        b.a = rd.view();
        b.b = rd.view(true);
        b.out = rd.view();
        if (!rd.ok) break;
        const bool scalar = b.flags & 1, bcast = b.flags & 2;
        const bool bok = scalar ? b.b.buf < 0
                                : b.b.buf >= 0 && (bcast ? b.b.n == b.out.n && b.b.h == 1 && b.b.w == 1 && b.b.c == b.out.c
                                                         : same_shape(b.b, b.out));
        if (b.op < 0 || b.op > 4 || b.flags < 0 || b.flags > 7 || !same_shape(b.a, b.out) || !bok) rd.fail("binary: shapes disagree");
        p->ops.push_back({code, static_cast<int>(p->bins.size())});
        p->bins.push_back(b);
        break;
      }
      case PLAN_ACT: {
        ActOp a;
        a.act = rd.next();
        a.alpha = rd.nextf();
        a.x = rd.view();
        a.out = rd.view();
        if (!rd.ok) break;
        if (!same_shape(a.x, a.out)) rd.fail("activation: shapes disagree");
        p->ops.push_back({code, static_cast<int>(p->acts.size())});
        p->acts.push_back(a);
        break;
      }
      case PLAN_COPY: {
        CopyOp c;
        c.x = rd.view();
        c.out = rd.view();
        if (!rd.ok) break;
        if (!same_shape(c.x, c.out)) rd.fail("copy: shapes disagree");
        p->ops.push_back({code, static_cast<int>(p->copies.size())});
        p->copies.push_back(c);
        break;
      }
      case PLAN_GAP: {
        GapOp g;
        g.x = rd.view();
        g.out = rd.view();
        if (!rd.ok) break;
        if (g.out.n != g.x.n || g.out.h != 1 || g.out.w != 1 || g.out.c != g.x.c) {
          rd.fail("mean: shapes disagree");
          break;
        }
        p->ops.push_back({code, static_cast<int>(p->gaps.size())});
        p->gaps.push_back(g);
        break;
      }
      case PLAN_DFL: {
        DflOp d;
        d.x = rd.view();
        d.out = rd.view();
        d.reg = rd.next();
        if (!rd.ok) break;
        if (d.reg < 1 || d.reg > 256 || d.x.ps != 1 || d.out.ps != 1 || extent(d.x) != extent(d.out) * d.reg) {
          rd.fail("dfl: shapes disagree");
          break;
        }
        p->ops.push_back({code, static_cast<int>(p->dfls.size())});
        p->dfls.push_back(d);
        break;
      }
      case PLAN_UPSAMPLE: {
        UpOp u;
        u.x = rd.view();
        u.out = rd.view();
        if (!rd.ok) break;
        if (u.x.n != u.out.n || u.x.c != u.out.c || u.out.h != 2 * u.x.h || u.out.w != 2 * u.x.w) {
          rd.fail("upsample: shapes disagree");
          break;
        }
        p->ops.push_back({code, static_cast<int>(p->ups.size())});
        p->ups.push_back(u);
        break;
      }
      case PLAN_SLICE:
      case PLAN_TILE: {
        ShapeOp s;
        s.x = rd.view();
        s.out = rd.view();
        s.sg.rank = rd.next();
        if (!rd.ok) break;
        if (s.sg.rank < 1 || s.sg.rank > kMaxRank) {
          rd.fail("slice/tile: bad rank");
          break;
        }
        long in = 1, out = 1;
        for (int d = 0; d < s.sg.rank; ++d) s.sg.in[d] = rd.next();
        if (code == PLAN_SLICE)
          for (int d = 0; d < s.sg.rank; ++d) s.sg.begin[d] = rd.next();
        for (int d = 0; d < s.sg.rank; ++d) s.sg.size[d] = rd.next();
        if (!rd.ok) break;
        for (int d = 0; d < s.sg.rank; ++d) {
          if (s.sg.in[d] < 0 || s.sg.size[d] < 0) rd.fail("slice/tile: negative size");
          if (code == PLAN_SLICE && (s.sg.begin[d] < 0 || s.sg.begin[d] + s.sg.size[d] > s.sg.in[d]))
            rd.fail("slice: out of bounds");
          in *= s.sg.in[d];
          out *= code == PLAN_SLICE ? s.sg.size[d] : s.sg.in[d] * s.sg.size[d];
        }
        if (rd.ok && (s.x.ps != 1 || s.out.ps != 1 || extent(s.x) != in || extent(s.out) != out))
          rd.fail("slice/tile: views are not the contiguous tensors of the shape");
        if (!rd.ok) break;
        std::vector<ShapeOp>& list = code == PLAN_SLICE ? p->slices : p->tiles;
        p->ops.push_back({code, static_cast<int>(list.size())});
        list.push_back(s);
        break;
      }
      default:
        rd.fail("unknown op " + std::to_string(code));
    }
    if (rd.ok && rd.at != start + len) rd.fail("op " + std::to_string(code) + " has the wrong length");
  }
  if (!rd.ok) return nullptr;
  return p.release();
}

void plan_run(Plan* p, const float* input, const std::vector<float*>& outputs, std::vector<double>* op_ms) {
  p->base.assign(2 + outputs.size(), nullptr);
  p->base[0] = p->arena.p;
  p->base[1] = const_cast<float*>(input);
  for (size_t k = 0; k < outputs.size(); ++k) p->base[2 + k] = outputs[k];
  if (op_ms) op_ms->clear();
  for (const Op& op : p->ops) {
    const auto t0 = std::chrono::steady_clock::now();
    switch (op.code) {
      case PLAN_CONV: run_conv(*p, p->convs[op.index]); break;
      case PLAN_DW: run_dw(*p, p->dws[op.index]); break;
      case PLAN_MAXPOOL: run_pool(*p, p->pools[op.index]); break;
      case PLAN_BINARY: run_bin(*p, p->bins[op.index]); break;
      case PLAN_ACT: run_act(*p, p->acts[op.index]); break;
      case PLAN_COPY: run_copy(*p, p->copies[op.index]); break;
      case PLAN_SLICE: {
        const ShapeOp& s = p->slices[op.index];
        slice(at(*p, s.x), at(*p, s.out), s.sg, false);
        break;
      }
      case PLAN_TILE: run_tile(*p, p->tiles[op.index]); break;
      case PLAN_UPSAMPLE: run_up(*p, p->ups[op.index]); break;
      case PLAN_GAP: run_gap(*p, p->gaps[op.index]); break;
      case PLAN_DFL: {
        const DflOp& d = p->dfls[op.index];
        dfl_forward(at(*p, d.x), at(*p, d.out), extent(d.out), d.reg);
        break;
      }
    }
    if (op_ms) op_ms->push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
}

void plan_free(Plan* p) { delete p; }

bool plan_check_io(const Plan* p, long input_len, const std::vector<std::pair<float*, long>>& outs,
                   std::vector<float*>* ptrs) {
  if (input_len != p->input_size || outs.size() != p->output_sizes.size()) return false;
  ptrs->clear();
  for (size_t k = 0; k < outs.size(); ++k) {
    if (outs[k].second != p->output_sizes[k]) return false;
    ptrs->push_back(outs[k].first);
  }
  return true;
}

long plan_bytes(const Plan* p) {
  long b = p->arena.n * 4;
  for (const auto& c : p->consts) b += static_cast<long>(c.size()) * 4;
  for (const auto& c : p->convs) b += static_cast<long>(c.packed.size() + c.wino.size()) * 4;
  return b;
}

}  // namespace yoloc
