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
void conv2d_backprop_input(const ConvGeom& g, const float* dy, const float* w, float* dx);
void conv2d_backprop_filter(const ConvGeom& g, const float* x, const float* dy, float* dw);

void depthwise_forward(const DwGeom& g, const float* x, const float* w, const float* bias,
                       float* out, int act, float alpha);
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
