/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_FLOAT_BITS_H
#define LSGPU_SIM_FLOAT_BITS_H

#include <cmath>
#include <cstdint>
#include <cstring>

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

} // namespace lsgpu::sim

#endif
