// Multi-threaded drivers (conv.cc, matmul.cc): the addon's entry points, on raw NHWC memory.
#pragma once

#include "kernels.h"

namespace yoloc {

// Dense conv geometry: NHWC input, HWIO filter [KH,KW,C,CO], NHWC output [N,OH,OW,CO].
struct ConvGeom {
  int n, h, w, c, kh, kw, co, oh, ow, sh, sw, dh, dw, pt, pl;
};

void conv2d_forward(const ConvGeom& g, const float* x, const float* w, const float* bias,
                    float* out, int act, float alpha);

// What a convolution does to its GEMM's output block while it is in cache: bias, activation, then
// a residual (res, pixels rs floats apart); or, with star, relu6(first co columns + bias) *
// (last co + bias) of a GEMM over 2*co output columns (StarNet's two branches).
struct ConvSplit {
  int col, len;  // output columns [col, col + len)
  float* dst;    // ... go to dst + pixel * ps
  long ps;
};
struct ConvEpilogue {
  const float* bias = nullptr;
  int act = ACT_LINEAR;
  float alpha = 0.f;
  const float* res = nullptr;
  long rs = 0;
  bool star = false;
  // With splits, the output is not written: each column range goes to its own tensor (the
  // boxes, objectness and classes of a YOLO head).
  const ConvSplit* split = nullptr;
  int nsplit = 0;
};

// The HWIO filter as a [K, N] matrix packed in the current tier's panels (the shared scratch
// buffer: valid until the next call that packs).
float* conv2d_pack_filter(int K, int N, const float* w);
// Forward conv with an already packed filter (N = co, or 2*co with ep.star): input pixels xs floats
// apart, output pixels os apart (channel slices of wider tensors: concatenation in place).
void conv2d_forward_packed(const ConvGeom& g, const float* x, long xs, const float* pb, float* out,
                           long os, const ConvEpilogue& ep);
// Winograd F(2x2, 3x3) for 3x3 stride-1 pad-1 convs (conv.cc): whether it runs for g and ep, the
// floats of its packed filter, the packing (w HWIO), and the conv with a filter so packed.
bool conv_winograd_ok(const ConvGeom& g, const ConvEpilogue& ep);
long winograd_packed_floats(int ci, int co);
void winograd_pack_filter(int ci, int co, const float* w, float* out);
void conv2d_winograd(const ConvGeom& g, const float* x, long xs, const float* pu, float* out,
                     long os, const ConvEpilogue& ep);
void conv2d_backprop_input(const ConvGeom& g, const float* dy, const float* w, float* dx);
void conv2d_backprop_filter(const ConvGeom& g, const float* x, const float* dy, float* dw);

void depthwise_forward(const DwGeom& g, const float* x, const float* w, const float* bias,
                       float* out, int act, float alpha);
// With strides (input pixels xs floats apart, output os) and a residual added after the activation.
void depthwise_forward_ex(const DwGeom& g, const float* x, long xs, const float* w,
                          const float* bias, float* out, long os, int act, float alpha,
                          const float* res, long rs);
void depthwise_backprop_input(const DwGeom& g, const float* dy, const float* w, float* dx);
void depthwise_backprop_filter(const DwGeom& g, const float* x, const float* dy, float* dw);

// out[b] = op(A[b]) op(B[b]) (+ bias[N], act); strideA/strideB are per-batch element strides
// (0 broadcasts one matrix over the batch).
void matmul(int batch, int M, int N, int K, bool ta, bool tb, long strideA, long strideB,
            const float* a, const float* b, const float* bias, float* out, int act, float alpha);

// Per-thread scratch buffers, reused between calls (grown as needed, 64-byte aligned).
// tid == -1 is the buffer shared by all threads of one call.
float* scratch(int tid, int slot, long floats);

}  // namespace yoloc
