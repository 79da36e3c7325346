/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_FLOAT_BITS_H
#define LSGPU_SIM_FLOAT_BITS_H

#include <cmath>
#include <cstdint>
#include <cstring>
#include <emmintrin.h>

namespace lsgpu::sim
{

/* The IEEE single whose bits these are: registers, memory and the command stream
 * hold floats as 32-bit words (memcpy, the defined way to reinterpret in C++17). */
inline float
as_float(uint32_t bits)
{
   float f;
   memcpy(&f, &bits, 4);
   return f;
}

inline uint32_t
as_bits(float f)
{
   uint32_t b;
   memcpy(&b, &f, 4);
   return b;
}

/* std::floor(v) without its libm call (this build targets x86-64 without SSE4.1's
 * rounding instruction): the same value for every float, -0, NaN and infinities
 * included (tests/sim/float_bits_test.cpp). */
[[gnu::always_inline]] inline float
floor_float(float v)
{
   if (!(std::fabs(v) < 8388608.0f))
      return v;                   /* 2^23 and above are integers already; NaN and infinities pass */
   const float t = (float)(int)v; /* truncated towards zero */
   if (t == v)
      return v; /* keeps -0 */
   return t > v ? t - 1.0f : t;
}

/* floor_float() of four floats at once, the same bits for each (SSE2: integer
 * conversions and compares, as floor_float's scalar ones). */
[[gnu::always_inline]] inline __m128
floor_float4(__m128 v)
{
   const __m128 magnitude = _mm_andnot_ps(_mm_set1_ps(-0.0f), v);
   const __m128 small = _mm_cmplt_ps(magnitude, _mm_set1_ps(8388608.0f)); /* false for NaN */
   const __m128 t = _mm_cvtepi32_ps(_mm_cvttps_epi32(v));
   const __m128 below = _mm_sub_ps(t, _mm_and_ps(_mm_cmpgt_ps(t, v), _mm_set1_ps(1.0f)));
   const __m128 same = _mm_cmpeq_ps(t, v); /* v itself, which keeps -0 */
   const __m128 floored = _mm_or_ps(_mm_and_ps(same, v), _mm_andnot_ps(same, below));
   return _mm_or_ps(_mm_and_ps(small, floored), _mm_andnot_ps(small, v));
}

} // namespace lsgpu::sim

#endif
