/* SPDX-License-Identifier: MIT */
#include <cmath>
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "common/float_bits.h"

using lsgpu::sim::as_bits;
using lsgpu::sim::as_float;
using lsgpu::sim::floor_float;
using lsgpu::sim::floor_float4;

/* floor_float() is std::floor to the bit: every float whose exponent puts it near an
 * integer boundary (all of them between -2^24 and 2^24 in steps that reach each
 * exponent's every mantissa pattern of a sample), zeros, NaN and infinities. */
TEST(FloatBits, FloorFloatIsStdFloorToTheBit)
{
   auto same = [](float v) {
      const float want = std::floor(v), got = floor_float(v);
      if (std::isnan(want))
         return std::isnan(got);
      return as_bits(want) == as_bits(got);
   };
   const float special[] = {0.0f,
                            -0.0f,
                            0.5f,
                            -0.5f,
                            1.0f,
                            -1.0f,
                            8388607.5f,
                            -8388607.5f,
                            8388608.0f,
                            -8388608.0f,
                            16777217.0f,
                            std::numeric_limits<float>::denorm_min(),
                            -std::numeric_limits<float>::denorm_min(),
                            std::numeric_limits<float>::max(),
                            -std::numeric_limits<float>::max(),
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::quiet_NaN()};
   for (float v : special)
      EXPECT_TRUE(same(v)) << v;
   /* Every 97th bit pattern of the 2^32: all signs, exponents and a spread of mantissas. */
   unsigned wrong = 0;
   for (uint64_t bits = 0; bits < (1ull << 32); bits += 97)
      wrong += !same(as_float((uint32_t)bits));
   EXPECT_EQ(wrong, 0u);
}

/* The four-wide floor_float4 gives floor_float's bits in each lane, wherever the value
 * sits among the four. */
TEST(FloatBits, FloorFloat4IsFloorFloatInEveryLane)
{
   unsigned wrong = 0;
   auto check = [&](const float v[4]) {
      float got[4];
      _mm_storeu_ps(got, floor_float4(_mm_loadu_ps(v)));
      for (unsigned l = 0; l < 4; l++) {
         const float want = floor_float(v[l]);
         wrong += std::isnan(want) ? !std::isnan(got[l]) : as_bits(want) != as_bits(got[l]);
      }
   };
   const float special[8] = {-0.0f,
                             0.5f,
                             -0.5f,
                             8388607.5f,
                             -8388608.0f,
                             16777217.0f,
                             -std::numeric_limits<float>::infinity(),
                             std::numeric_limits<float>::quiet_NaN()};
   check(special);
   check(special + 4);
   for (uint64_t bits = 0; bits < (1ull << 32); bits += 4 * 101) {
      const float v[4] = {as_float((uint32_t)bits), as_float((uint32_t)(bits + 101)),
                          as_float((uint32_t)(bits + 202)), as_float((uint32_t)(bits + 303))};
      check(v);
   }
   EXPECT_EQ(wrong, 0u);
}
