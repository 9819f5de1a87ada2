// Element-wise, slice, affine and reduction kernels (elementwise.cc).
#pragma once

#include <cstdint>

#include "ops.h"

namespace yoloc {

constexpr int kMaxRank = 8;

// Comparisons write 1.f / 0.f (the TypeScript side turns them into tfjs's bool Uint8Array).
enum BinaryOp {
  BIN_ADD = 0, BIN_SUB, BIN_MUL, BIN_DIV, BIN_SQDIFF, BIN_MAX, BIN_MIN,
  BIN_LESS, BIN_LESS_EQUAL, BIN_GREATER, BIN_GREATER_EQUAL, BIN_EQUAL
};
enum UnaryOp {
  UN_SIGMOID = 0, UN_RELU, UN_RELU6, UN_NEG, UN_SQUARE, UN_EXP, UN_SQRT, UN_RSQRT, UN_SCALE,
  UN_STEP, UN_SOFTPLUS
};

// Output shape (rank <= kMaxRank) and each operand's element stride per output dim (0 where it
// is broadcast). The innermost strides must be 0 or 1.
struct BinaryGeom {
  int rank;
  long shape[kMaxRank], astride[kMaxRank], bstride[kMaxRank];
};

struct SliceGeom {
  int rank;
  long in[kMaxRank], begin[kMaxRank], size[kMaxRank];
};

// Max-pool geometry, NHWC: [N,H,W,C, KH,KW, OH,OW, SH,SW, PT,PL].
struct PoolGeom {
  int n, h, w, c, kh, kw, oh, ow, sh, sw, pt, pl;
};

// Forward (out) and/or gradient (dx += dy at each window's max) of max pooling (maxpool.cc).
void maxpool(const PoolGeom& g, const float* x, float* out, const float* dy, float* dx);

void binary(int op, const float* a, const float* b, float* out, const BinaryGeom& g);
void unary(int op, const float* x, float* out, long n, float alpha);
// small <- big[region] (insert false) or big[region] <- small (insert true: Pad, Concat).
void slice(float* big, float* small, const SliceGeom& g, bool insert);
// out = x with axes permuted (out axis k = x axis perm[k]); 4-byte elements.
void transpose(const uint32_t* x, uint32_t* out, int rank, const long* shape, const int* perm);
// out[i, c] = x[i, c] * mul[c] + add[c] over n elements, rows of c.
void channel_affine(const float* x, const float* mul, const float* add, float* out, long n, int c);
// Column sums (op 0) or means (op 1) of a rows x cols matrix.
void reduce_rows(int op, const float* x, float* out, long rows, long cols);
// Row sums (op 0) or means (op 1) of a rows x cols matrix (reduction over trailing axes).
void reduce_inner(int op, const float* x, float* out, long rows, long cols);
// softmax over the last axis of x viewed as [rows, cols], as tfjs's cpu kernel computes it:
// exp(x - max) in double rounded to float, the row sum in double, the quotient in double.
void softmax_rows(const float* x, float* out, long rows, long cols);

}  // namespace yoloc
