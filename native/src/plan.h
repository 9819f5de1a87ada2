// An eval-mode inference plan (runtime/backend/native/plan): a program of layer ops over one
// preallocated arena, built once from a traced forward (BatchNorm folded into the convolutions,
// activations, residual adds and StarNet's star in their epilogues, concatenations written in
// place), run with one call and no per-op allocation.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace yoloc {

// A tensor as the ops see it: NHWC pixels `ps` floats apart (ps > c for a channel slice of a
// concatenation), at float offset `off` of buffer `buf` (0 the arena, 1 the input, 2 + k output
// k); non-4D tensors are contiguous with n = h = 1, w = size, c = 1, ps = 1.
struct PlanView {
  int buf;
  long off;
  int n, h, w, c;
  long ps;
};

enum PlanOpCode {
  PLAN_CONV = 1,     // x, out?, res?; geometry; act; filter, bias?; star; n splits (col, view)
  PLAN_DW = 2,       // x, out, res?; geometry; act; filter, bias?
  PLAN_MAXPOOL = 3,  // x, out; kh kw sh sw pt pl
  PLAN_BINARY = 4,   // op (0 add, 1 mul, 2 sub, 3 star, 4 div), flags, scalar, a, b?, out
  PLAN_ACT = 5,      // act, alpha, x, out
  PLAN_COPY = 6,     // x, out (4D, strided)
  PLAN_SLICE = 7,    // x, out; rank, in shape, begin, size (contiguous)
  PLAN_TILE = 8,     // x, out; rank, in shape, reps (contiguous)
  PLAN_UPSAMPLE = 9, // x, out (nearest 2x)
  PLAN_GAP = 10,     // x, out [n,1,1,c]: mean over height and width
  PLAN_DFL = 11,     // x, out (contiguous), reg: YOLOv8's DFL integral
};

struct Plan;

// Builds a plan from its program (int words, see plan.cc) and constants (filters, biases): an
// arena of arena_floats, one input of input_floats, outputs of the given sizes. Returns null and
// sets *err on a malformed program.
Plan* plan_create(const int* prog, long words, const std::vector<std::vector<float>>& consts,
                  long arena_floats, long input_floats, const std::vector<long>& output_sizes,
                  std::string* err);
// Runs the plan: input (its size given at create) and the outputs' memory; with op_ms, each op's
// wall time in milliseconds (a profile).
void plan_run(Plan* p, const float* input, const std::vector<float*>& outputs,
              std::vector<double>* op_ms = nullptr);
void plan_free(Plan* p);
// Whether the input has input_floats elements and every output its size; fills ptrs.
bool plan_check_io(const Plan* p, long input_len, const std::vector<std::pair<float*, long>>& outs,
                   std::vector<float*>* ptrs);
// Bytes the plan holds (arena, constants, packed filters).
long plan_bytes(const Plan* p);

}  // namespace yoloc
