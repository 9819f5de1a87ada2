// Serial bodies of fused.h's FusedKernels, included by fused_avx2.cc (compiled with -mavx2
// -mfma) and fused_generic.cc inside their own namespace. Loops are written so GCC vectorises
// the channel dimension; the activation is a template argument so the inner loops have no
// branches. No std:: templates here (see kernels_impl.h for why).
// Needs: fused.h, vmath.h.

template <int ACT>
static inline float act_of(float v) {
  if (ACT == FACT_RELU) return v > 0.f ? v : 0.f;
  if (ACT == FACT_RELU6) return v < 0.f ? 0.f : (v > 6.f ? 6.f : v);
  if (ACT == FACT_SILU) return vmath::silu(v);
  return v;
}

// d act / d v at the pre-activation v (PyTorch's conventions: ReLU'(0) = 0, ReLU6' = 0 at 0, 6).
template <int ACT>
static inline float act_grad(float v) {
  if (ACT == FACT_RELU) return v > 0.f ? 1.f : 0.f;
  if (ACT == FACT_RELU6) return (v > 0.f && v < 6.f) ? 1.f : 0.f;
  if (ACT == FACT_SILU) return vmath::silu_grad(v);
  return 1.f;
}

#define YOLOC_ACT_DISPATCH(act, call) \
  switch (act) {                      \
    case FACT_RELU: call(FACT_RELU); break;   \
    case FACT_RELU6: call(FACT_RELU6); break; \
    case FACT_SILU: call(FACT_SILU); break;   \
    default: call(FACT_LINEAR); break;        \
  }

static void col_sums(const float* __restrict x, long r0, long r1, int c, const float* __restrict center, float* __restrict sum) {
  for (int j = 0; j < c; ++j) sum[j] = 0.f;
  if (center == nullptr) {
    for (long r = r0; r < r1; ++r) {
      const float* xr = x + r * c;
      for (int j = 0; j < c; ++j) sum[j] += xr[j];
    }
  } else {
    for (long r = r0; r < r1; ++r) {
      const float* xr = x + r * c;
      for (int j = 0; j < c; ++j) {
        const float d = xr[j] - center[j];
        sum[j] += d * d;
      }
    }
  }
}

template <int ACT>
static void affine_act_t(const float* __restrict x, float* __restrict y, long r0, long r1, int c, const float* __restrict scale,
                         const float* __restrict shift) {
  for (long r = r0; r < r1; ++r) {
    const float* xr = x + r * c;
    float* yr = y + r * c;
    for (int j = 0; j < c; ++j) yr[j] = act_of<ACT>(xr[j] * scale[j] + shift[j]);
  }
}

static void affine_act(const float* __restrict x, float* __restrict y, long r0, long r1, int c, const float* __restrict scale,
                       const float* __restrict shift, int act) {
#define YOLOC_CALL(A) affine_act_t<A>(x, y, r0, r1, c, scale, shift)
  YOLOC_ACT_DISPATCH(act, YOLOC_CALL)
#undef YOLOC_CALL
}

template <int ACT>
static void bn_grad_sums_t(const float* __restrict dy, const float* __restrict x, long r0, long r1, int c,
                           const float* __restrict scale, const float* __restrict shift, const float* __restrict mean,
                           const float* __restrict invstd, float* __restrict sg, float* __restrict sgz) {
  for (int j = 0; j < c; ++j) { sg[j] = 0.f; sgz[j] = 0.f; }
  for (long r = r0; r < r1; ++r) {
    const float* xr = x + r * c;
    const float* dr = dy + r * c;
    for (int j = 0; j < c; ++j) {
      const float g = ACT == FACT_LINEAR ? dr[j] : dr[j] * act_grad<ACT>(xr[j] * scale[j] + shift[j]);
      const float z = (xr[j] - mean[j]) * invstd[j];
      sg[j] += g;
      sgz[j] += g * z;
    }
  }
}

static void bn_grad_sums(const float* __restrict dy, const float* __restrict x, long r0, long r1, int c,
                         const float* __restrict scale, const float* __restrict shift, const float* __restrict mean,
                         const float* __restrict invstd, int act, float* __restrict sg, float* __restrict sgz) {
#define YOLOC_CALL(A) bn_grad_sums_t<A>(dy, x, r0, r1, c, scale, shift, mean, invstd, sg, sgz)
  YOLOC_ACT_DISPATCH(act, YOLOC_CALL)
#undef YOLOC_CALL
}

template <int ACT>
static void bn_grad_apply_t(const float* __restrict dy, const float* __restrict x, float* __restrict dx, long r0, long r1, int c,
                            const float* __restrict scale, const float* __restrict shift, const float* __restrict mean,
                            const float* __restrict invstd, const float* __restrict k, const float* __restrict mg,
                            const float* __restrict mgz) {
  for (long r = r0; r < r1; ++r) {
    const float* xr = x + r * c;
    const float* dr = dy + r * c;
    float* o = dx + r * c;
    for (int j = 0; j < c; ++j) {
      const float g = ACT == FACT_LINEAR ? dr[j] : dr[j] * act_grad<ACT>(xr[j] * scale[j] + shift[j]);
      const float z = (xr[j] - mean[j]) * invstd[j];
      o[j] = k[j] * (g - mg[j] - z * mgz[j]);
    }
  }
}

static void bn_grad_apply(const float* __restrict dy, const float* __restrict x, float* __restrict dx, long r0, long r1, int c,
                          const float* __restrict scale, const float* __restrict shift, const float* __restrict mean,
                          const float* __restrict invstd, int act, const float* __restrict k, const float* __restrict mg,
                          const float* __restrict mgz) {
#define YOLOC_CALL(A) bn_grad_apply_t<A>(dy, x, dx, r0, r1, c, scale, shift, mean, invstd, k, mg, mgz)
  YOLOC_ACT_DISPATCH(act, YOLOC_CALL)
#undef YOLOC_CALL
}

template <int ACT>
static void act_fwd_t(const float* __restrict x, float* __restrict y, long i0, long i1) {
  for (long i = i0; i < i1; ++i) y[i] = act_of<ACT>(x[i]);
}

static void act_fwd(int act, const float* __restrict x, float* __restrict y, long i0, long i1) {
#define YOLOC_CALL(A) act_fwd_t<A>(x, y, i0, i1)
  YOLOC_ACT_DISPATCH(act, YOLOC_CALL)
#undef YOLOC_CALL
}

template <int ACT>
static void act_bwd_t(const float* __restrict x, const float* __restrict dy, float* __restrict dx, long i0, long i1) {
  for (long i = i0; i < i1; ++i) dx[i] = dy[i] * act_grad<ACT>(x[i]);
}

static void act_bwd(int act, const float* __restrict x, const float* __restrict dy, float* __restrict dx, long i0, long i1) {
#define YOLOC_CALL(A) act_bwd_t<A>(x, dy, dx, i0, i1)
  YOLOC_ACT_DISPATCH(act, YOLOC_CALL)
#undef YOLOC_CALL
}

static void star_fwd(const float* __restrict a, const float* __restrict b, float* __restrict y, long i0, long i1) {
  for (long i = i0; i < i1; ++i) y[i] = act_of<FACT_RELU6>(a[i]) * b[i];
}

static void star_bwd(const float* __restrict a, const float* __restrict b, const float* __restrict dy, float* __restrict da, float* __restrict db,
                     long i0, long i1) {
  for (long i = i0; i < i1; ++i) {
    da[i] = dy[i] * b[i] * act_grad<FACT_RELU6>(a[i]);
    db[i] = dy[i] * act_of<FACT_RELU6>(a[i]);
  }
}

#undef YOLOC_ACT_DISPATCH

extern const FusedKernels fused_table = {
    col_sums, affine_act, bn_grad_sums, bn_grad_apply, act_fwd, act_bwd, star_fwd, star_bwd,
};
