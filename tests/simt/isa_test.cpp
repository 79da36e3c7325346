/* SPDX-License-Identifier: MIT */
/* Every RV32IMAF instruction class and the Xlsgpu math, per lane (docs/isa.md). */
#include <climits>
#include <cmath>
#include <gtest/gtest.h>

#include "gpu/shader/shader_isa.h"
#include "simt_rig.h"

using namespace lsgpu::test;
using lsgpu::sim::Op;

namespace
{

uint32_t
bits(float f)
{
   uint32_t b;
   memcpy(&b, &f, 4);
   return b;
}

} // namespace

TEST(rv32im, alu_and_muldiv_match_riscv_semantics)
{
   SimtRig rig("alu");
   ASSERT_TRUE(rig.loaded());
   const int32_t cases[16][2] = {{7, 3},       {-7, 3},         {INT_MIN, -1}, {5, 0},
                                 {-5, 0},      {0x12345678, 4}, {-1, 31},      {1, 33},
                                 {INT_MAX, 2}, {-2, -3},        {100, -7},     {0, 0},
                                 {0x7fff, 15}, {-32768, 1},     {255, 8},      {INT_MIN, 1}};
   for (unsigned l = 0; l < 16; l++) {
      rig.set_in(0, l, 0, (uint32_t)cases[l][0]);
      rig.set_in(0, l, 1, (uint32_t)cases[l][1]);
   }
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      const int32_t a = cases[l][0], b = cases[l][1];
      const uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
      SCOPED_TRACE(testing::Message() << "lane " << l << " a=" << a << " b=" << b);
      EXPECT_EQ(rig.out(0, l, 0), ua + ub);
      EXPECT_EQ(rig.out(0, l, 1), ua - ub);
      EXPECT_EQ(rig.out(0, l, 2), ua & ub);
      EXPECT_EQ(rig.out(0, l, 3), ua | ub);
      EXPECT_EQ(rig.out(0, l, 4), ua ^ ub);
      EXPECT_EQ(rig.out(0, l, 5), ua << (ub & 31));
      EXPECT_EQ(rig.out(0, l, 6), ua >> (ub & 31));
      EXPECT_EQ(rig.out(0, l, 7), (uint32_t)(a >> (ub & 31)));
      EXPECT_EQ(rig.out(0, l, 8), (uint32_t)(a < b));
      EXPECT_EQ(rig.out(0, l, 9), (uint32_t)(ua < ub));
      EXPECT_EQ(rig.out(0, l, 10), ua * ub);
      EXPECT_EQ(rig.out(0, l, 11), (uint32_t)(((int64_t)a * b) >> 32));
      EXPECT_EQ(rig.out(0, l, 12), (uint32_t)(((uint64_t)ua * ub) >> 32));
      EXPECT_EQ(rig.out(0, l, 13), (uint32_t)(((int64_t)a * (int64_t)ub) >> 32));
      /* Division: by zero and overflow do not trap (docs/isa.md §1). */
      const uint32_t div = b == 0 ? UINT32_MAX : (a == INT_MIN && b == -1) ? ua : (uint32_t)(a / b);
      const uint32_t rem = b == 0 ? ua : (a == INT_MIN && b == -1) ? 0 : (uint32_t)(a % b);
      EXPECT_EQ(rig.out(0, l, 14), div);
      EXPECT_EQ(rig.out(0, l, 15), ub == 0 ? UINT32_MAX : ua / ub);
      EXPECT_EQ(rig.out(0, l, 16), rem);
      EXPECT_EQ(rig.out(0, l, 17), ub == 0 ? ua : ua % ub);
      EXPECT_EQ(rig.out(0, l, 18), ua - 2048);
      EXPECT_EQ(rig.out(0, l, 19), (uint32_t)(a >> 31));
      EXPECT_EQ(rig.out(0, l, 20), 0xfffff000u);
      EXPECT_EQ(rig.out(0, l, 21), (uint32_t)(int32_t)(int8_t)(ua & 0xff));
      EXPECT_EQ(rig.out(0, l, 22), ua & 0xffff);
      /* sh and sb store into word 23: low half a, third byte b, top byte untouched. */
      EXPECT_EQ(rig.out(0, l, 23), (ua & 0xffff) | (ub & 0xff) << 16 | 0xaau << 24);
   }
}

TEST(rv32f, arithmetic_conversions_and_nan_rules)
{
   SimtRig rig("fp");
   ASSERT_TRUE(rig.loaded());
   const float nan = std::nanf("");
   const float cases[8][3] = {
      {1.5f, 2.25f, 0.5f},  {nan, 3.0f, 1.0f},   {-0.0f, 0.0f, 0.0f},    {1e10f, 1.0f, 0.0f},
      {-1e10f, 1.0f, 0.0f}, {-2.5f, 4.0f, 1.0f}, {1.0f, 0x1p-30f, 0.0f}, {2.0f, 0.0f, 3.0f},
   };
   for (unsigned l = 0; l < 8; l++)
      for (unsigned i = 0; i < 3; i++)
         rig.set_in_f(0, l, i, cases[l][i]);
   ASSERT_EQ(rig.run(0x00ff).fault, LSGPU_FAULT_NONE);

   /* Lane 0: ordinary values, exactly rounded. */
   EXPECT_EQ(rig.out_f(0, 0, 0), 3.75f);
   EXPECT_EQ(rig.out_f(0, 0, 1), -0.75f);
   EXPECT_EQ(rig.out_f(0, 0, 2), 3.375f);
   EXPECT_EQ(rig.out_f(0, 0, 3), 1.5f / 2.25f);
   EXPECT_EQ(rig.out_f(0, 0, 4), std::sqrt(1.5f));
   EXPECT_EQ(rig.out_f(0, 0, 5), std::fma(1.5f, 2.25f, 0.5f));
   EXPECT_EQ(rig.out(0, 0, 10), 2u);      /* fcvt.w.s rne(1.5) = 2 */
   EXPECT_EQ(rig.out(0, 0, 11), 0u);      /* feq */
   EXPECT_EQ(rig.out(0, 0, 12), 1u);      /* flt */
   EXPECT_EQ(rig.out(0, 0, 14), 1u << 6); /* fclass: positive normal */

   /* Lane 1: fmin/fmax with one NaN give the number; a NaN result is canonical. */
   EXPECT_EQ(rig.out_f(0, 1, 6), 3.0f);
   EXPECT_EQ(rig.out_f(0, 1, 7), 3.0f);
   EXPECT_EQ(rig.out(0, 1, 0), 0x7fc00000u);
   EXPECT_EQ(rig.out(0, 1, 8), (uint32_t)INT_MAX); /* fcvt.w.s(NaN) */
   EXPECT_EQ(rig.out(0, 1, 9), UINT32_MAX);        /* fcvt.wu.s(NaN) */
   EXPECT_EQ(rig.out(0, 1, 11), 0u);               /* feq with NaN */
   EXPECT_EQ(rig.out(0, 1, 14), 1u << 9);          /* quiet NaN */

   /* Lane 2: −0 is below +0 for fmin/fmax. */
   EXPECT_EQ(rig.out(0, 2, 6), 0x80000000u);
   EXPECT_EQ(rig.out(0, 2, 7), 0u);
   EXPECT_EQ(rig.out(0, 2, 11), 1u); /* -0 == +0 */

   /* Lanes 3 and 4: conversions saturate. */
   EXPECT_EQ(rig.out(0, 3, 8), (uint32_t)INT_MAX);
   EXPECT_EQ(rig.out(0, 3, 9), 1410065408u + 0u == 0 ? 0 : (uint32_t)UINT32_MAX);
   EXPECT_EQ(rig.out(0, 4, 8), (uint32_t)INT_MIN);
   EXPECT_EQ(rig.out(0, 4, 9), 0u);

   /* Lane 5: negative values, rtz vs rne, sign injection. */
   EXPECT_EQ(rig.out(0, 5, 8), (uint32_t)-2);
   EXPECT_EQ(rig.out(0, 5, 10), (uint32_t)-2); /* rne(-2.5) = -2 */
   EXPECT_EQ(rig.out_f(0, 5, 15), -2.5f);      /* fsgnjn with +4: negative */
   EXPECT_EQ(rig.out(0, 5, 17), bits(4.0f));   /* fmv.x.w */

   /* Lane 6: the rounding-mode field picks the neighbour. */
   EXPECT_EQ(rig.out_f(0, 6, 18), std::nextafter(1.0f, 2.0f)); /* rup */
   EXPECT_EQ(rig.out_f(0, 6, 19), 1.0f);                       /* rdn */

   /* Lane 7: division by zero is +inf. */
   EXPECT_TRUE(std::isinf(rig.out_f(0, 7, 3)));
}

TEST(xlsgpu, math_functions_within_their_precision)
{
   SimtRig rig("xlsgpu_math");
   ASSERT_TRUE(rig.loaded());
   const float xs[6] = {2.5f, -1.25f, 4.0f, 0.5f, 3.0f, -0.0f};
   for (unsigned l = 0; l < 6; l++)
      rig.set_in_f(0, l, 0, xs[l]);
   ASSERT_EQ(rig.run(0x003f).fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 6; l++) {
      const float x = xs[l];
      SCOPED_TRACE(testing::Message() << "x=" << x);
      EXPECT_EQ(rig.out_f(0, l, 0), std::floor(x));
      EXPECT_EQ(rig.out_f(0, l, 1), std::ceil(x));
      EXPECT_EQ(rig.out_f(0, l, 2), std::trunc(x));
      EXPECT_EQ(rig.out_f(0, l, 3), std::nearbyint(x));
      EXPECT_EQ(rig.out_f(0, l, 4), x - std::floor(x));
      EXPECT_NEAR(rig.out_f(0, l, 7), std::exp2(x), std::exp2(x) * 4e-7f);
      if (x > 0) {
         EXPECT_NEAR(rig.out_f(0, l, 5), 1.0f / x, 1.2e-7f / x);
         EXPECT_NEAR(rig.out_f(0, l, 6), 1.0f / std::sqrt(x), 3e-7f);
         EXPECT_NEAR(rig.out_f(0, l, 8), std::log2(x), 1e-6f);
      }
      EXPECT_NEAR(rig.out_f(0, l, 9), std::sin(x), 1e-6f);
      EXPECT_NEAR(rig.out_f(0, l, 10), std::cos(x), 1e-6f);
   }
   EXPECT_EQ(rig.out_f(0, 1, 4), 0.75f); /* fract(-1.25) */
   EXPECT_EQ(rig.out_f(0, 2, 6), 0.5f);  /* rsqrt(4) */
   EXPECT_EQ(rig.out_f(0, 4, 7), 8.0f);  /* exp2(3) exact */
   EXPECT_TRUE(std::isinf(rig.out_f(0, 5, 5)) && std::signbit(rig.out_f(0, 5, 5))); /* rcp(-0) */
}

TEST(decoder, privileged_and_unknown_encodings_are_illegal)
{
   EXPECT_EQ(lsgpu::sim::decode_instruction(0x00000073).op, Op::ILLEGAL); /* ecall */
   EXPECT_EQ(lsgpu::sim::decode_instruction(0x30200073).op, Op::ILLEGAL); /* mret */
   EXPECT_EQ(lsgpu::sim::decode_instruction(0xc0002073).op, Op::ILLEGAL); /* rdcycle */
   EXPECT_EQ(lsgpu::sim::decode_instruction(0x0000000b | 99u << 20).op, Op::ILLEGAL);
   EXPECT_EQ(lsgpu::sim::decode_instruction(0x00000000).op, Op::ILLEGAL);
   EXPECT_EQ(lsgpu::sim::decode_instruction(0x00302573).op, Op::CSRRS); /* frcsr */
   EXPECT_EQ(lsgpu::sim::decode_instruction(0x00000013).op, Op::ADDI);  /* nop */
}

TEST(rv32imaf, remaining_instruction_classes)
{
   SimtRig rig("rest");
   ASSERT_TRUE(rig.loaded());
   const uint32_t ints[4][2] = {{5, 9}, {0xfffffff0u, 3}, {1000, 1000}, {0x12345678u, 0x0f0f0f0fu}};
   const float floats[4][3] = {
      {1.5f, 2.0f, 0.25f}, {-2.5f, 3.0f, 1.0f}, {2.7f, -1.0f, 0.5f}, {1e9f, 1e-9f, 0.0f}};
   for (unsigned l = 0; l < 4; l++) {
      rig.set_in(0, l, 0, ints[l][0]);
      rig.set_in(0, l, 1, ints[l][1]);
      for (unsigned i = 0; i < 3; i++)
         rig.set_in_f(0, l, 2 + i, floats[l][i]);
   }
   ASSERT_EQ(rig.run(0x000f).fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 4; l++) {
      const uint32_t a = ints[l][0], b = ints[l][1];
      const float fa = floats[l][0], fb = floats[l][1], fc = floats[l][2];
      SCOPED_TRACE(testing::Message() << "lane " << l);
      EXPECT_EQ(rig.out(0, l, 0), a < b ? 0u : 1u);
      EXPECT_EQ(rig.out(0, l, 1), a >= b ? 0u : 1u);
      EXPECT_EQ(rig.out(0, l, 2), (uint32_t)(a < 100));
      EXPECT_EQ(rig.out(0, l, 3), a ^ 0x555);
      EXPECT_EQ(rig.out(0, l, 4), a | 0x0f0);
      EXPECT_EQ(rig.out(0, l, 5), a & 0x0ff);
      EXPECT_EQ(rig.out(0, l, 6), a << 7);
      EXPECT_EQ(rig.out(0, l, 7), a >> 7);
      EXPECT_EQ(rig.out(0, l, 8), 0x1000u - 8); /* auipc(pc) - (pc + 8) from the jal after it */
      EXPECT_EQ(rig.out(0, l, 9), a);           /* amoswap returns the old value */
      /* The AMO chain on the private word, computed on the host. */
      uint32_t m = b;
      m ^= a;
      m &= b;
      m |= a;
      m = (int32_t)m < (int32_t)b ? m : b;
      m = (int32_t)m > (int32_t)a ? m : a;
      m = m < b ? m : b;
      m = m > a ? m : a;
      EXPECT_EQ(rig.out(0, l, 10), m);
      EXPECT_EQ(rig.out_f(0, l, 11), std::fma(fa, fb, -fc));
      EXPECT_EQ(rig.out_f(0, l, 12), std::fma(-fa, fb, fc));
      EXPECT_EQ(rig.out_f(0, l, 13), std::fma(-fa, fb, -fc));
      EXPECT_EQ(rig.out(0, l, 14), bits(fa) ^ (bits(fb) & 0x80000000u));
      EXPECT_EQ(rig.out_f(0, l, 15), (float)a);
      EXPECT_EQ(rig.out(0, l, 16), b);
      EXPECT_EQ(rig.out(0, l, 17), 1u);                                /* frm reads back rtz */
      EXPECT_EQ(rig.out(0, l, 18), (uint32_t)(int32_t)std::trunc(fa)); /* dynamic rtz */
      EXPECT_EQ(rig.out(0, l, 19), 1u << 5); /* fcsr = frm << 5, fflags 0 */
   }
}

TEST(decoder, negative_immediates_sign_extend)
{
   /* Found by fuzz_cmdstream: sign extension once shifted negative values left. */
   EXPECT_EQ(lsgpu::sim::decode_instruction(0xfff00093).imm, -1);       /* addi x1, x0, -1 */
   EXPECT_EQ(lsgpu::sim::decode_instruction(0xfe112e23).imm, -4);       /* sw x1, -4(x2) */
   EXPECT_EQ(lsgpu::sim::decode_instruction(0xfe000ee3).imm, -4);       /* beq x0, x0, -4 */
   EXPECT_EQ(lsgpu::sim::decode_instruction(0xffdff06f).imm, -4);       /* jal x0, -4 */
   EXPECT_EQ(lsgpu::sim::decode_instruction(0x800000ef).imm, -1048576); /* jal ra, -1 MiB */
}

/* DRAW_STATE.flush_denorms: denormal operands read as zero and denormal results are
 * written as zero; bit operations and fclass see the bits; without it (and after it)
 * denormals are IEEE's. */
TEST(rv32f, denormals_flush_only_when_the_draw_asks)
{
   SimtRig rig("fp");
   ASSERT_TRUE(rig.loaded());
   const float tiny = 0x1p-130f; /* denormal */
   const float cases[3][3] = {
      {0x1p-100f, 0x1p-40f, 0.0f}, /* fmul: 2^-140, a denormal result */
      {tiny, 0x1p30f, 0.0f},       /* a denormal operand: fadd a + b, fmul 2^-100 */
      {tiny, 0.0f, 0.0f},          /* feq(denormal, 0) */
   };
   for (int flush = 1; flush >= 0; flush--) {
      for (unsigned l = 0; l < 3; l++)
         for (unsigned i = 0; i < 3; i++)
            rig.set_in_f(0, l, i, cases[l][i]);
      rig.flush_denorms = flush;
      ASSERT_EQ(rig.run(0x0007).fault, LSGPU_FAULT_NONE);
      EXPECT_EQ(rig.out_f(0, 0, 2), flush ? 0.0f : 0x1p-140f) << "flush " << flush;
      EXPECT_EQ(rig.out_f(0, 1, 2), flush ? 0.0f : 0x1p-100f) << "flush " << flush;
      EXPECT_EQ(rig.out_f(0, 1, 0), 0x1p30f);
      EXPECT_EQ(rig.out(0, 2, 11), flush ? 1u : 0u) << "feq with a denormal, flush " << flush;
      EXPECT_EQ(rig.out(0, 2, 14), 1u << 5) << "fclass: positive subnormal either way";
   }
}
