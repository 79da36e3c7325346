/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_INTERPOLATION_H
#define LSGPU_SIM_INTERPOLATION_H

#include <cstdint>
#include <emmintrin.h>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

/* One lane's weights of a triangle's three corners, as interpolation uses them: the
 * barycentric weights themselves (noperspective) and times each corner's 1/w, with the
 * sum they divide by (perspective-correct), each splatted over a varying's four
 * components. */
struct LaneWeights {
   __m128 linear[3], perspective[3], inv_w_sum;

   LaneWeights(const float b[3], const float inv_w[3], float one_over_w)
   {
      for (unsigned k = 0; k < 3; k++) {
         linear[k] = _mm_set1_ps(b[k]);
         perspective[k] = _mm_set1_ps(b[k] * inv_w[k]);
      }
      inv_w_sum = _mm_set1_ps(one_over_w);
   }
};

/* A varying at a lane from its value at the corners a[0..2] (LINEAR or PERSPECTIVE):
 * the four components at once in SSE registers, with the products and sums one
 * component at a time takes, in the same order, so the same bits (the build has no FMA
 * to contract them): Σ w_k a_k, or Σ (w_k / w_k') a_k / Σ w_k / w_k'. The components
 * of bit c of `shared` are the same at the three corners and pass on exactly (a[0]'s):
 * GL programs compare such varyings with ==, and weights that sum to 1 only
 * approximately must not show. */
inline void
interpolate_varying(lsgpu_interp interp, const LaneWeights &w, const float *const a[3],
                    unsigned shared, float dst[4])
{
   const __m128 a0 = _mm_loadu_ps(a[0]), a1 = _mm_loadu_ps(a[1]), a2 = _mm_loadu_ps(a[2]);
   const __m128 *k = interp == LSGPU_INTERP_LINEAR ? w.linear : w.perspective;
   __m128 v = _mm_add_ps(_mm_setzero_ps(), _mm_mul_ps(k[0], a0));
   v = _mm_add_ps(v, _mm_mul_ps(k[1], a1));
   v = _mm_add_ps(v, _mm_mul_ps(k[2], a2));
   if (interp != LSGPU_INTERP_LINEAR)
      v = _mm_div_ps(v, w.inv_w_sum);
   const __m128i bits = _mm_and_si128(_mm_set1_epi32((int)shared), _mm_setr_epi32(1, 2, 4, 8));
   const __m128 keep = _mm_castsi128_ps(_mm_cmpeq_epi32(bits, _mm_setr_epi32(1, 2, 4, 8)));
   _mm_storeu_ps(dst, _mm_or_ps(_mm_and_ps(keep, a0), _mm_andnot_ps(keep, v)));
}

} // namespace lsgpu::sim

#endif
