// oneDNN (Debian's libdnnl 2.6, what PyTorch 1.13's CPU convolutions run on here) timed on our
// layer shapes, forward and backward, for bench/conv.ts --onednn (which builds this file with
// bench/onednn/build.mjs and runs it beside our kernels in the same run).
//
// stdin: one layer a line, "name n h w c kh kw co sh sw ph pw groups" (groups 1 or c: depthwise).
// stdout: one JSON object {name: {fwd, fwd_silu, bwd_in, bwd_w, fwd_blocked, isa, impl}}, best of
// --iters milliseconds each:
//   fwd        forward, activations in NHWC (our layout), weights in oneDNN's preferred format
//              (reordered once, outside the timing), no bias;
//   fwd_silu   the same with a bias and a fused SiLU post-op (eltwise_swish), as our epilogue;
//   bwd_in     input gradient, NHWC;  bwd_w  weight gradient, NHWC (diff weights in oneDNN's
//              format, the reorder to ours left out);
//   fwd_blocked forward with every tensor in oneDNN's preferred (blocked, nChw16c) format: what an
//              engine built around oneDNN's layouts would see.
// Threads: OpenMP (OMP_NUM_THREADS, set by the caller). ISA: the CPU's best, or
// ONEDNN_MAX_CPU_ISA=AVX2 to cap it.
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

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

template <typename F>
double best_ms(int iters, F fn) {
  fn();  // warm-up (JIT, scratchpad, caches)
  double best = 1e30;
  for (int i = 0; i < iters; ++i) {
    const double t0 = now_ms();
    fn();
    best = std::min(best, now_ms() - t0);
  }
  return best;
}

memory filled(const memory::desc& md, const engine& eng, std::mt19937& rng) {
  memory m(md, eng);
  float* p = static_cast<float*>(m.get_data_handle());
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  const size_t n = md.get_size() / sizeof(float);
  for (size_t i = 0; i < n; ++i) p[i] = u(rng);
  return m;
}

// m in format `want` (a reorder when the formats differ; the copy is outside any timing).
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

}  // namespace

int main(int argc, char** argv) {
  int iters = 5;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--iters") iters = std::atoi(argv[i + 1]);
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
  std::string out = "{";
  for (size_t li = 0; li < layers.size(); ++li) {
    const Layer& l = layers[li];
    const long oh = (l.h + 2 * l.ph - l.kh) / l.sh + 1, ow = (l.w + 2 * l.pw - l.kw) / l.sw + 1;
    const bool dw = l.groups > 1;
    const memory::dims src_d = {l.n, l.c, l.h, l.w}, dst_d = {l.n, l.co, oh, ow};
    const memory::dims wei_d = dw ? memory::dims{l.groups, l.co / l.groups, l.c / l.groups, l.kh, l.kw}
                                  : memory::dims{l.co, l.c, l.kh, l.kw};
    const memory::dims bias_d = {l.co};
    const memory::dims strides = {l.sh, l.sw}, pad = {l.ph, l.pw};
    // Right padding so the output size is exactly (h + 2p - k) / s + 1 (PyTorch's floor).
    const memory::dims pad_r = {(oh - 1) * l.sh + l.kh - l.h - l.ph, (ow - 1) * l.sw + l.kw - l.w - l.pw};
    const tag wtag = dw ? tag::goihw : tag::oihw;
    auto nhwc = [](const memory::dims& d) { return memory::desc(d, dt::f32, tag::nhwc); };
    auto any = [](const memory::dims& d) { return memory::desc(d, dt::f32, tag::any); };

    memory src = filled(nhwc(src_d), eng, rng);
    memory wei_user = filled(memory::desc(wei_d, dt::f32, wtag), eng, rng);
    memory bias = filled(memory::desc(bias_d, dt::f32, tag::x), eng, rng);
    memory dst(nhwc(dst_d), eng);
    memory ddst = filled(nhwc(dst_d), eng, rng);
    memory dsrc(nhwc(src_d), eng);

    // Forward, NHWC activations, no bias.
    convolution_forward::desc fd(prop_kind::forward_training, algorithm::convolution_direct, nhwc(src_d),
                                 any(wei_d), nhwc(dst_d), strides, pad, pad_r);
    convolution_forward::primitive_desc fpd(fd, eng);
    memory wei = as(wei_user, fpd.weights_desc(), eng, s);
    convolution_forward fwd(fpd);
    const double t_fwd = best_ms(iters, [&] {
      fwd.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}});
      s.wait();
    });

    // Forward with bias and a fused SiLU.
    convolution_forward::desc fsd(prop_kind::forward_inference, algorithm::convolution_direct, nhwc(src_d),
                                  any(wei_d), any(bias_d), nhwc(dst_d), strides, pad, pad_r);
    post_ops po;
    po.append_eltwise(1.f, algorithm::eltwise_swish, 1.f, 0.f);
    primitive_attr attr;
    attr.set_post_ops(po);
    convolution_forward::primitive_desc fspd(fsd, attr, eng);
    memory wei_s = as(wei_user, fspd.weights_desc(), eng, s);
    convolution_forward fwd_silu(fspd);
    const double t_fwd_silu = best_ms(iters, [&] {
      fwd_silu.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei_s}, {DNNL_ARG_BIAS, bias}, {DNNL_ARG_DST, dst}});
      s.wait();
    });

    // Input gradient.
    convolution_backward_data::desc bdd(algorithm::convolution_direct, nhwc(src_d), any(wei_d), nhwc(dst_d),
                                        strides, pad, pad_r);
    convolution_backward_data::primitive_desc bdpd(bdd, eng, fpd);
    memory wei_b = as(wei_user, bdpd.weights_desc(), eng, s);
    convolution_backward_data bwd_data(bdpd);
    const double t_bwd_in = best_ms(iters, [&] {
      bwd_data.execute(s, {{DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_WEIGHTS, wei_b}, {DNNL_ARG_DIFF_SRC, dsrc}});
      s.wait();
    });

    // Weight gradient.
    convolution_backward_weights::desc bwd(algorithm::convolution_direct, nhwc(src_d), any(wei_d), nhwc(dst_d),
                                           strides, pad, pad_r);
    convolution_backward_weights::primitive_desc bwpd(bwd, eng, fpd);
    memory dwei(bwpd.diff_weights_desc(), eng);
    convolution_backward_weights bwd_w(bwpd);
    const double t_bwd_w = best_ms(iters, [&] {
      bwd_w.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_DIFF_WEIGHTS, dwei}});
      s.wait();
    });

    // Forward, every tensor in oneDNN's own format.
    convolution_forward::desc fbd(prop_kind::forward_inference, algorithm::convolution_direct, any(src_d),
                                  any(wei_d), any(dst_d), strides, pad, pad_r);
    convolution_forward::primitive_desc fbpd(fbd, eng);
    memory src_b = as(src, fbpd.src_desc(), eng, s);
    memory wei_bk = as(wei_user, fbpd.weights_desc(), eng, s);
    memory dst_b(fbpd.dst_desc(), eng);
    convolution_forward fwd_b(fbpd);
    const double t_fwd_b = best_ms(iters, [&] {
      fwd_b.execute(s, {{DNNL_ARG_SRC, src_b}, {DNNL_ARG_WEIGHTS, wei_bk}, {DNNL_ARG_DST, dst_b}});
      s.wait();
    });

    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "%s%s: {\"fwd\": %.4f, \"fwd_silu\": %.4f, \"bwd_in\": %.4f, \"bwd_w\": %.4f, \"fwd_blocked\": %.4f, ",
                  li ? ", " : "", json_str(l.name).c_str(), t_fwd, t_fwd_silu, t_bwd_in, t_bwd_w, t_fwd_b);
    out += buf;
    out += "\"impl\": {\"fwd\": " + json_str(fpd.impl_info_str()) + ", \"bwd_in\": " + json_str(bdpd.impl_info_str()) +
           ", \"bwd_w\": " + json_str(bwpd.impl_info_str()) + ", \"fwd_blocked\": " + json_str(fbpd.impl_info_str()) + "}}";
  }
  out += "}";
  std::cout << out << std::endl;
  return 0;
}
