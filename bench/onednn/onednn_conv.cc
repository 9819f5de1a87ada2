// oneDNN (Debian's libdnnl 2.6, what PyTorch 1.13's CPU convolutions run on here) beside our own
// kernels (native/src, linked in: the very drivers the addon calls), on the same layer shapes and
// data, in one process, the engines taking turns: bench/onednn/run.ts builds and
// runs it (bench/onednn/build.ts).
//
// stdin: one layer a line, "name n h w c kh kw co sh sw ph pw groups" (groups 1 or c: depthwise).
// args: --iters N (rounds; each column is timed once a round, best round reported), --threads N
//   (our pool; oneDNN's OpenMP threads come from OMP_NUM_THREADS), --levels generic,avx2,avx512.
// stdout: one JSON object per layer and line: {"name", "ours": {level: {fwd, fwd_silu, bwd_in,
// bwd_w}}, "onednn": {fwd, fwd_silu, bwd_in, bwd_w, fwd_blocked}, "impl": {...}}, milliseconds:
//   fwd        forward, activations NHWC (our layout); oneDNN's weights in its preferred format
//              (reordered once, outside the timing), no bias;
//   fwd_silu   with a bias and SiLU fused (our epilogue; oneDNN's eltwise_swish post-op);
//   bwd_in     input gradient, NHWC;  bwd_w  weight gradient (oneDNN's diff weights in its own
//              format: the reorder to HWIO left out);
//   fwd_blocked oneDNN's forward with every tensor in its preferred (blocked) format: what an
//              engine built around oneDNN's layouts would see.
// ISA: oneDNN takes the CPU's best; ONEDNN_MAX_CPU_ISA=AVX2 caps it.
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../../native/src/ops.h"
#include "../../native/src/pool.h"

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

struct Layer {
  std::string name;
  long n, h, w, c, kh, kw, co, sh, sw, ph, pw, groups;
};

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void fill(float* p, size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  for (size_t i = 0; i < n; ++i) p[i] = u(rng);
}

memory filled(const memory::desc& md, const engine& eng, std::mt19937& rng) {
  memory m(md, eng);
  fill(static_cast<float*>(m.get_data_handle()), md.get_size() / sizeof(float), rng);
  return m;
}

// m in format `want` (a reorder when the formats differ; outside any timing).
memory as(const memory& m, const memory::desc& want, const engine& eng, stream& s) {
  if (m.get_desc() == want) return m;
  memory r(want, eng);
  reorder(m, r).execute(s, const_cast<memory&>(m), r);
  s.wait();
  return r;
}

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (char ch : s) o += (ch == '"' || ch == '\\') ? std::string("\\") + ch : std::string(1, ch);
  return o + "\"";
}

// A timed column: a name, the call, and its best time so far.
struct Column {
  std::string engine, level, op;
  std::function<void()> run;
  double best = 1e30;
};

const char* level_name(int l) { return l == 0 ? "generic" : l == 1 ? "avx2" : "avx512"; }

}  // namespace

int main(int argc, char** argv) {
  int iters = 5, threads = 2;
  std::vector<int> levels;
  for (int i = 1; i + 1 < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--iters") iters = std::atoi(argv[i + 1]);
    if (a == "--threads") threads = std::atoi(argv[i + 1]);
    if (a == "--levels") {
      std::istringstream is(argv[i + 1]);
      std::string l;
      while (std::getline(is, l, ','))
        for (int k = 0; k <= 2; ++k)
          if (l == level_name(k) && yoloc::kernels_at(k)) levels.push_back(k);
    }
  }
  if (levels.empty()) levels.push_back(yoloc::kernels_best_level());
  yoloc::pool_set_threads(threads);
  std::vector<Layer> layers;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream is(line);
    Layer l;
    if (is >> l.name >> l.n >> l.h >> l.w >> l.c >> l.kh >> l.kw >> l.co >> l.sh >> l.sw >> l.ph >> l.pw >> l.groups)
      layers.push_back(l);
  }
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  std::mt19937 rng(1);
  for (const Layer& l : layers) {
    const long oh = (l.h + 2 * l.ph - l.kh) / l.sh + 1, ow = (l.w + 2 * l.pw - l.kw) / l.sw + 1;
    const bool dw = l.groups > 1;
    const memory::dims src_d = {l.n, l.c, l.h, l.w}, dst_d = {l.n, l.co, oh, ow};
    const memory::dims wei_d = dw ? memory::dims{l.groups, l.co / l.groups, l.c / l.groups, l.kh, l.kw}
                                  : memory::dims{l.co, l.c, l.kh, l.kw};
    const memory::dims bias_d = {l.co};
    const memory::dims strides = {l.sh, l.sw}, pad = {l.ph, l.pw};
    // Right padding so the output size is exactly (h + 2p - k) / s + 1 (PyTorch's floor).
    const memory::dims pad_r = {(oh - 1) * l.sh + l.kh - l.h - l.ph, (ow - 1) * l.sw + l.kw - l.w - l.pw};
    auto nhwc = [](const memory::dims& d) { return memory::desc(d, dt::f32, tag::nhwc); };
    auto any = [](const memory::dims& d) { return memory::desc(d, dt::f32, tag::any); };

    // Our tensors: NHWC activations, HWIO (depthwise [KH,KW,C,1]) weights.
    const long xs = l.n * l.h * l.w * l.c, ys = l.n * oh * ow * l.co, ws = l.kh * l.kw * (l.c / l.groups) * l.co;
    std::vector<float> x(xs), wt(ws), b(l.co), y(ys), dy(ys), dx(xs), dwt(ws);
    fill(x.data(), xs, rng);
    fill(wt.data(), ws, rng);
    fill(b.data(), l.co, rng);
    fill(dy.data(), ys, rng);
    const yoloc::ConvGeom cg{int(l.n), int(l.h), int(l.w), int(l.c), int(l.kh), int(l.kw), int(l.co), int(oh), int(ow),
                             int(l.sh), int(l.sw), 1, 1, int(l.ph), int(l.pw)};
    const yoloc::DwGeom dg{int(l.n), int(l.h), int(l.w), int(l.c), int(l.kh), int(l.kw), 1, int(oh), int(ow),
                           int(l.sh), int(l.sw), 1, 1, int(l.ph), int(l.pw)};

    // oneDNN's: the same values (src NHWC; weights from OIHW / GOIHW).
    memory src(nhwc(src_d), eng), ddst(nhwc(dst_d), eng), dst(nhwc(dst_d), eng), dsrc(nhwc(src_d), eng);
    std::memcpy(src.get_data_handle(), x.data(), xs * 4);
    std::memcpy(ddst.get_data_handle(), dy.data(), ys * 4);
    memory wei_user(memory::desc(wei_d, dt::f32, dw ? tag::hwigo : tag::hwio), eng);
    std::memcpy(wei_user.get_data_handle(), wt.data(), ws * 4);
    memory bias(memory::desc(bias_d, dt::f32, tag::x), eng);
    std::memcpy(bias.get_data_handle(), b.data(), l.co * 4);

    convolution_forward::desc fd(prop_kind::forward_training, algorithm::convolution_direct, nhwc(src_d),
                                 any(wei_d), nhwc(dst_d), strides, pad, pad_r);
    convolution_forward::primitive_desc fpd(fd, eng);
    memory wei = as(wei_user, fpd.weights_desc(), eng, s);
    convolution_forward fwd(fpd);

    convolution_forward::desc fsd(prop_kind::forward_inference, algorithm::convolution_direct, nhwc(src_d),
                                  any(wei_d), any(bias_d), nhwc(dst_d), strides, pad, pad_r);
    post_ops po;
    po.append_eltwise(1.f, algorithm::eltwise_swish, 1.f, 0.f);
    primitive_attr attr;
    attr.set_post_ops(po);
    convolution_forward::primitive_desc fspd(fsd, attr, eng);
    memory wei_s = as(wei_user, fspd.weights_desc(), eng, s);
    convolution_forward fwd_silu(fspd);

    convolution_backward_data::desc bdd(algorithm::convolution_direct, nhwc(src_d), any(wei_d), nhwc(dst_d),
                                        strides, pad, pad_r);
    convolution_backward_data::primitive_desc bdpd(bdd, eng, fpd);
    memory wei_b = as(wei_user, bdpd.weights_desc(), eng, s);
    convolution_backward_data bwd_data(bdpd);

    convolution_backward_weights::desc bwd(algorithm::convolution_direct, nhwc(src_d), any(wei_d), nhwc(dst_d),
                                           strides, pad, pad_r);
    convolution_backward_weights::primitive_desc bwpd(bwd, eng, fpd);
    memory dwei(bwpd.diff_weights_desc(), eng);
    convolution_backward_weights bwd_w(bwpd);

    convolution_forward::desc fbd(prop_kind::forward_inference, algorithm::convolution_direct, any(src_d),
                                  any(wei_d), any(dst_d), strides, pad, pad_r);
    convolution_forward::primitive_desc fbpd(fbd, eng);
    memory src_b = as(src, fbpd.src_desc(), eng, s);
    memory wei_bk = as(wei_user, fbpd.weights_desc(), eng, s);
    memory dst_b(fbpd.dst_desc(), eng);
    convolution_forward fwd_b(fbpd);

    std::vector<Column> cols;
    for (int lv : levels) {
      const std::string ln = level_name(lv);
      auto ours = [lv](std::function<void()> f) {
        return [lv, f] {
          yoloc::kernels_force(lv);
          f();
        };
      };
      if (dw) {
        cols.push_back({"ours", ln, "fwd", ours([&] { yoloc::depthwise_forward(dg, x.data(), wt.data(), nullptr, y.data(), 0, 0.f); })});
        cols.push_back({"ours", ln, "fwd_silu", ours([&] { yoloc::depthwise_forward(dg, x.data(), wt.data(), b.data(), y.data(), yoloc::ACT_SILU, 0.f); })});
        cols.push_back({"ours", ln, "bwd_in", ours([&] { yoloc::depthwise_backprop_input(dg, dy.data(), wt.data(), dx.data()); })});
        cols.push_back({"ours", ln, "bwd_w", ours([&] { yoloc::depthwise_backprop_filter(dg, x.data(), dy.data(), dwt.data()); })});
      } else {
        cols.push_back({"ours", ln, "fwd", ours([&] { yoloc::conv2d_forward(cg, x.data(), wt.data(), nullptr, y.data(), 0, 0.f); })});
        cols.push_back({"ours", ln, "fwd_silu", ours([&] { yoloc::conv2d_forward(cg, x.data(), wt.data(), b.data(), y.data(), yoloc::ACT_SILU, 0.f); })});
        cols.push_back({"ours", ln, "bwd_in", ours([&] { yoloc::conv2d_backprop_input(cg, dy.data(), wt.data(), dx.data()); })});
        cols.push_back({"ours", ln, "bwd_w", ours([&] { yoloc::conv2d_backprop_filter(cg, x.data(), dy.data(), dwt.data()); })});
      }
    }
    cols.push_back({"onednn", "", "fwd", [&] {
                      fwd.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}});
                      s.wait();
                    }});
    cols.push_back({"onednn", "", "fwd_silu", [&] {
                      fwd_silu.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei_s}, {DNNL_ARG_BIAS, bias}, {DNNL_ARG_DST, dst}});
                      s.wait();
                    }});
    cols.push_back({"onednn", "", "bwd_in", [&] {
                      bwd_data.execute(s, {{DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_WEIGHTS, wei_b}, {DNNL_ARG_DIFF_SRC, dsrc}});
                      s.wait();
                    }});
    cols.push_back({"onednn", "", "bwd_w", [&] {
                      bwd_w.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_DIFF_WEIGHTS, dwei}});
                      s.wait();
                    }});
    cols.push_back({"onednn", "", "fwd_blocked", [&] {
                      fwd_b.execute(s, {{DNNL_ARG_SRC, src_b}, {DNNL_ARG_WEIGHTS, wei_bk}, {DNNL_ARG_DST, dst_b}});
                      s.wait();
                    }});
    // Rounds: every column in turn (so a burst of load from other processes hits the engines
    // alike), each run 3 times back to back with the first untimed: the later calls find the
    // engine's threads awake, as in a model's run of layers (both engines' threads spin a while
    // after a job, then sleep). First round: warm-up.
    for (int r = 0; r <= iters; ++r) {
      for (Column& c : cols) {
        c.run();
        for (int k = 0; k < 2; ++k) {
          const double t0 = now_ms();
          c.run();
          const double t = now_ms() - t0;
          if (r > 0) c.best = std::min(c.best, t);
        }
      }
    }
    yoloc::kernels_force(-1);
    std::string out = "{\"name\": " + json_str(l.name) + ", \"ours\": {";
    bool first_level = true;
    for (int lv : levels) {
      out += std::string(first_level ? "" : ", ") + json_str(level_name(lv)) + ": {";
      first_level = false;
      bool first = true;
      for (const Column& c : cols)
        if (c.engine == "ours" && c.level == level_name(lv)) {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%s%s: %.4f", first ? "" : ", ", json_str(c.op).c_str(), c.best);
          out += buf;
          first = false;
        }
      out += "}";
    }
    out += "}, \"onednn\": {";
    bool first = true;
    for (const Column& c : cols)
      if (c.engine == "onednn") {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s%s: %.4f", first ? "" : ", ", json_str(c.op).c_str(), c.best);
        out += buf;
        first = false;
      }
    out += "}, \"impl\": {\"fwd\": " + json_str(fpd.impl_info_str()) + ", \"bwd_in\": " + json_str(bdpd.impl_info_str()) +
           ", \"bwd_w\": " + json_str(bwpd.impl_info_str()) + ", \"fwd_blocked\": " + json_str(fbpd.impl_info_str()) + "}}";
    std::cout << out << std::endl;
  }
  return 0;
}
