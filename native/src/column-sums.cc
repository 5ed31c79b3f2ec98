// Column sums: the bias gradients of every dense layer (tfjs' fused matMul gradient sums dy over
// its rows) and LayerNorm's dβ/dγ on the tfjs path. tfjs' wasm Sum over axis 0 transposes the
// whole matrix first; here rows are added into the output in one pass. Rows are split into a fixed
// number of chunks (not one per thread), each summed into its own partial row, and the partials
// added in chunk order: the result depends on the shape only.
#include "column-sums.h"

#include <algorithm>
#include <vector>

#include "row-ops.h"

namespace {

constexpr long kChunks = 8;

DML_SIMD_CLONES void addRows(const float* x, float* sum, long rows, long cols) {
  for (long i = 0; i < rows; i++) {
    const float* row = x + i * cols;
    for (long j = 0; j < cols; j++) sum[j] += row[j];
  }
}

}  // namespace

void columnSums(ThreadPool* pool, const float* x, float* out, long rows, long cols) {
  const long chunks = std::min(kChunks, std::max(1L, rows));
  const long per = (rows + chunks - 1) / chunks;
  std::vector<float> partial(static_cast<size_t>(chunks * cols), 0.f);
  pool->parallelFor(static_cast<int>(chunks), [&](int c) {
    const long r0 = c * per, r1 = std::min(rows, r0 + per);
    if (r0 < r1) addRows(x + r0 * cols, partial.data() + c * cols, r1 - r0, cols);
  });
  std::fill(out, out + cols, 0.f);
  for (long c = 0; c < chunks; c++) addRows(partial.data() + c * cols, out, 1, cols);
}
