/* SPDX-License-Identifier: MIT */
#include <cmath>
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "common/float_bits.h"

using lsgpu::sim::as_bits;
using lsgpu::sim::as_float;
using lsgpu::sim::floor_float;

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
