/* SPDX-License-Identifier: MIT */
/*
 * The JIT against the interpreter on random programs: straight-line RV32IMAF and
 * Xlsgpu code with forward branches and jumps (divergence), the odd backward branch
 * (loops the budget ends), loads and stores that sometimes miss or misalign (faults),
 * atomics, static and dynamic rounding modes, demoted and terminated lanes, over
 * random lane values (NaN, infinities, denormals, INT_MIN) and lane masks. SimtRig
 * compares the two models after every run (shader_differential.h); a failure names
 * the seed, which regenerates the program.
 */
#include <algorithm>
#include <cmath>
#include <iterator>
#include <cstring>
#include <limits>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "gpu/shader/shader_isa.h"
#include "simt_rig.h"

using lsgpu::test::SimtRig;

namespace
{

/* Registers the generator writes: temporaries and saved registers, never ra (the
 * return address ends the lanes), sp/gp/tp, a0 (inputs), a1 (outputs), a2 (globals). */
constexpr uint8_t kScratch[] = {5, 6, 7, 8, 9, 13, 14, 15, 16, 17, 18, 19, 20, 21, 28, 29, 30, 31};

uint32_t
r_type(uint32_t op, uint32_t rd, uint32_t f3, uint32_t rs1, uint32_t rs2, uint32_t f7)
{
   return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

uint32_t
i_type(uint32_t op, uint32_t rd, uint32_t f3, uint32_t rs1, int32_t imm)
{
   return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

uint32_t
s_type(uint32_t op, uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm)
{
   const uint32_t u = (uint32_t)imm;
   return ((u >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | op;
}

uint32_t
b_type(uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm)
{
   const uint32_t u = (uint32_t)imm;
   return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
          ((u >> 1) & 0xf) << 8 | ((u >> 11) & 1) << 7 | 0x63;
}

uint32_t
j_type(uint32_t rd, int32_t imm)
{
   const uint32_t u = (uint32_t)imm;
   return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 |
          ((u >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
}

class Generator
{
 public:
   explicit Generator(uint32_t seed) : rng_(seed) {}

   std::vector<uint32_t> program()
   {
      std::vector<uint32_t> code;
      /* Lane-varying values from the input block: divergence comes from them. */
      for (unsigned k = 0; k < 8; k++)
         code.push_back(i_type(0x03, kScratch[k], 2, 10, 4 * (int)k)); /* lw */
      for (unsigned k = 0; k < 8; k++)
         code.push_back(i_type(0x07, k, 2, 10, 32 + 4 * (int)k)); /* flw */
      const unsigned body = 10 + pick(60);
      const size_t end = code.size() + body;
      while (code.size() < end)
         code.push_back(instruction((unsigned)(end - code.size())));
      for (unsigned k = 0; k < 6; k++) /* results to the output block */
         code.push_back(s_type(0x23, 2, 11, xreg(), 4 * (int)k));
      for (unsigned k = 0; k < 6; k++)
         code.push_back(s_type(0x27, 2, 11, freg(), 24 + 4 * (int)k));
      code.push_back(i_type(0x67, 0, 0, 1, 0)); /* ret: ra is 0, the lane ends */
      return code;
   }

   uint32_t pick(uint32_t n) { return rng_() % n; }
   uint32_t bits() { return (uint32_t)rng_(); }

 private:
   uint32_t xreg() { return kScratch[pick(sizeof(kScratch))]; }
   uint32_t freg() { return pick(32); }
   /* Mostly the dynamic mode (frm), sometimes a static one the JIT leaves alone. */
   uint32_t rm() { return pick(4) ? 7 : pick(5); }

   /* One instruction; `left` instructions remain before the epilogue. */
   uint32_t instruction(unsigned left)
   {
      const unsigned kind = pick(100);
      if (kind < 20) { /* integer register-register, M included */
         static const uint32_t f3f7[][2] = {{0, 0}, {0, 32}, {1, 0}, {2, 0}, {3, 0}, {4, 0},
                                            {5, 0}, {5, 32}, {6, 0}, {7, 0}, {0, 1}, {1, 1},
                                            {2, 1}, {3, 1},  {4, 1}, {5, 1}, {6, 1}, {7, 1}};
         const auto &c = f3f7[pick(18)];
         return r_type(0x33, xreg(), c[0], xreg(), xreg(), c[1]);
      }
      if (kind < 32) { /* integer register-immediate */
         const uint32_t f3 = pick(8);
         int32_t imm = (int32_t)(bits() % 4096) - 2048;
         if (f3 == 1)
            imm = (int32_t)pick(32);
         else if (f3 == 5)
            imm = (int32_t)(pick(32) | (pick(2) ? 0x400 : 0));
         return i_type(0x13, xreg(), f3, xreg(), imm);
      }
      if (kind < 35)
         return (bits() & 0xfffff000) | xreg() << 7 | (pick(2) ? 0x37 : 0x17); /* lui, auipc */
      if (kind < 55) { /* float register-register */
         static const uint32_t f7s[] = {0x00, 0x04, 0x08, 0x0c, 0x2c, 0x10, 0x14};
         const uint32_t f7 = f7s[pick(7)];
         uint32_t f3 = rm();
         if (f7 == 0x10)
            f3 = pick(3);
         if (f7 == 0x14)
            f3 = pick(2);
         return r_type(0x53, freg(), f3, freg(), f7 == 0x2c ? 0 : freg(), f7);
      }
      if (kind < 60) { /* fused multiply-add */
         static const uint32_t ops[] = {0x43, 0x47, 0x4b, 0x4f};
         return freg() << 27 | r_type(ops[pick(4)], freg(), rm(), freg(), freg(), 0);
      }
      if (kind < 68) { /* between the files: conversions, moves, compares, fclass */
         switch (pick(6)) {
         case 0:
            return r_type(0x53, xreg(), rm(), freg(), pick(2), 0x60); /* fcvt.w[u].s */
         case 1:
            return r_type(0x53, freg(), rm(), xreg(), pick(2), 0x68); /* fcvt.s.w[u] */
         case 2:
            return r_type(0x53, xreg(), pick(3), freg(), freg(), 0x50); /* fle, flt, feq */
         case 3:
            return r_type(0x53, xreg(), pick(2), freg(), 0, 0x70); /* fmv.x.w, fclass */
         default:
            return r_type(0x53, freg(), 0, xreg(), 0, 0x78); /* fmv.w.x */
         }
      }
      if (kind < 76) { /* loads: the input block, now and then misaligned or wild */
         static const uint32_t f3s[] = {0, 1, 2, 4, 5};
         const uint32_t f3 = f3s[pick(5)];
         int32_t off = (int32_t)(pick(31) * 4);
         if (!pick(40))
            off += 1 + (int32_t)pick(3); /* misaligned for a word or a halfword */
         const uint32_t base = pick(100) ? 10 : xreg();
         if (pick(5) == 0)
            return i_type(0x07, freg(), 2, base, off); /* flw */
         return i_type(0x03, xreg(), f3, base, off);
      }
      if (kind < 82) { /* stores to the output block */
         const uint32_t f3 = pick(3);
         const int32_t off = (int32_t)(pick(128 >> f3) << f3);
         if (pick(5) == 0)
            return s_type(0x27, 2, 11, freg(), off & ~3); /* fsw */
         return s_type(0x23, f3, pick(40) ? 11 : xreg(), xreg(), off);
      }
      if (kind < 85) { /* atomics on the global words */
         static const uint32_t f5[] = {0x00, 0x01, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x1c};
         return r_type(0x2f, xreg(), 2, 12, xreg(), f5[pick(9)] << 2);
      }
      if (kind < 93 && left > 2) { /* forward branch or jump: divergence, reconvergence */
         const int32_t skip = 4 * (1 + (int32_t)pick(std::min(left - 1, 8u)));
         if (pick(6) == 0)
            return j_type(pick(2) ? 0 : xreg(), skip);
         static const uint32_t conds[] = {0, 1, 4, 5, 6, 7};
         return b_type(conds[pick(6)], xreg(), pick(4) ? xreg() : 0, skip);
      }
      if (kind < 94) /* a backward branch: a loop, often endless until the budget */
         return b_type(pick(2), xreg(), xreg(), -4 * (int32_t)(1 + pick(4)));
      if (kind < 95) /* the dynamic rounding mode: the JIT leaves such warps alone */
         return i_type(0x73, xreg(), 5, pick(5), 2); /* csrrwi rd, frm, imm */
      /* Xlsgpu: system values, float unary operations, demote, terminate, quad ops. */
      for (;;) {
         const uint32_t w =
            r_type(LSGPU_OPCODE_CUSTOM0, pick(32), pick(4), pick(32), pick(32), pick(12));
         const lsgpu::sim::Inst in = lsgpu::sim::decode_instruction(w);
         if (in.op == lsgpu::sim::Op::ILLEGAL || in.op == lsgpu::sim::Op::BARRIER)
            continue;
         if (in.op == lsgpu::sim::Op::TERMINATE && pick(4))
            continue;
         const uint32_t rd = (w >> 7) & 31;
         if (in.op == lsgpu::sim::Op::SYSVAL &&
             std::find(std::begin(kScratch), std::end(kScratch), rd) == std::end(kScratch))
            continue; /* it would clobber ra, sp or the block pointers */
         return w;
      }
   }

   std::mt19937 rng_;
};

/* Lane values that find the corners: zeros, NaNs, infinities, denormals, extremes. */
uint32_t
interesting(Generator &g)
{
   static const uint32_t special[] = {0,           0x80000000u, 0x7fffffffu, 0xffffffffu,
                                      1,           0x7f800000u, 0xff800000u, 0x7fc00000u,
                                      0x7fa00000u, 0x00000001u, 0x807fffffu, 0x3f800000u,
                                      0x4f000000u, 0xcf000000u, 0x3effffffu, 0x4b800001u};
   return g.pick(3) ? g.bits() % 200 - 100 + (g.pick(2) ? 0 : g.bits()) : special[g.pick(16)];
}

/* The program, inputs and limits of one random case. */
struct Case {
   std::vector<uint32_t> code;
   unsigned warps;
   std::vector<uint32_t> in; /* warps x 16 lanes x 16 words */
   bool flush_denorms;
   uint16_t lanes;
   int64_t budget;

   explicit Case(uint32_t seed)
   {
      Generator g(seed);
      warps = 1 + g.pick(2);
      code = g.program();
      for (unsigned i = 0; i < warps * 16 * 16; i++)
         in.push_back(interesting(g));
      flush_denorms = g.pick(4) == 0;
      lanes = g.pick(3) ? 0xffff : (uint16_t)(g.bits() | 1);
      budget = 2000 + g.pick(3000);
   }

   /* Runs it (the rig compares the models) with this budget. */
   void run(int64_t b, const std::vector<uint32_t> &words) const
   {
      SimtRig rig(words, warps);
      ASSERT_TRUE(rig.loaded());
      rig.flush_denorms = flush_denorms;
      for (unsigned w = 0; w < warps; w++)
         for (unsigned l = 0; l < 16; l++)
            for (unsigned k = 0; k < 16; k++)
               rig.set_in(w, l, k, in[(w * 16 + l) * 16 + k]);
      rig.run(lanes, b);
   }

   /* Whether the models agree, without failing the test. */
   bool agrees(const std::vector<uint32_t> &words) const
   {
      ::testing::TestPartResultArray results;
      {
         ::testing::ScopedFakeTestPartResultReporter reporter(
            ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
         run(budget, words);
      }
      return results.size() == 0;
   }
};

std::string
hex_words(const std::vector<uint32_t> &code)
{
   std::string words;
   for (uint32_t w : code) {
      char hex[16];
      snprintf(hex, sizeof(hex), "0x%08x ", w);
      words += hex;
   }
   return words;
}

} // namespace

/* LSGPU_JIT_SEED=N LSGPU_JIT_MINIMIZE=1: the failing program with every instruction
 * that does not matter to the disagreement replaced by a no-op. */
TEST(simt_jit, minimize_a_disagreement)
{
   const char *seed = getenv("LSGPU_JIT_SEED");
   if (!seed || !getenv("LSGPU_JIT_MINIMIZE"))
      GTEST_SKIP() << "LSGPU_JIT_SEED and LSGPU_JIT_MINIMIZE unset";
   const Case c((uint32_t)atoi(seed));
   std::vector<uint32_t> code = c.code;
   ASSERT_FALSE(c.agrees(code)) << "the models agree on seed " << seed;
   constexpr uint32_t kNop = 0x00000013;
   for (bool changed = true; changed;) {
      changed = false;
      for (size_t i = 0; i + 1 < code.size(); i++) {
         if (code[i] == kNop)
            continue;
         std::vector<uint32_t> trial = code;
         trial[i] = kNop;
         if (!c.agrees(trial)) {
            code = trial;
            changed = true;
         }
      }
   }
   printf("minimal disagreement: %s\n", hex_words(code).c_str());
   c.run(c.budget, code); /* fails, with the differences */
}

TEST(simt_jit, random_programs_agree_with_the_interpreter)
{
   if (lsgpu::sim::shader_jit_mode() == lsgpu::sim::JitMode::Off)
      GTEST_SKIP() << "LSGPU_SIM_JIT=0";
   /* LSGPU_JIT_SEED=N reruns one program; with LSGPU_JIT_BISECT=1, under growing budgets,
    * so that the first failure is the first instruction whose results differ. */
   const char *only = getenv("LSGPU_JIT_SEED");
   const bool bisect = getenv("LSGPU_JIT_BISECT") != nullptr;
   /* LSGPU_JIT_SEEDS=N tries N programs (default 60, about 20 s). */
   const uint32_t count =
      getenv("LSGPU_JIT_SEEDS") ? (uint32_t)atoi(getenv("LSGPU_JIT_SEEDS")) : 60;
   for (uint32_t seed = only ? (uint32_t)atoi(only) : 1;
        seed <= (only ? (uint32_t)atoi(only) : count); seed++) {
      const Case c(seed);
      for (int64_t b = bisect ? 1 : c.budget; b <= c.budget && !::testing::Test::HasFailure();
           b++) {
         c.run(b, c.code);
         if (::testing::Test::HasFailure() && bisect)
            ADD_FAILURE() << "first difference with a budget of " << b << " warp instructions";
      }
      if (::testing::Test::HasFailure()) {
         ADD_FAILURE() << "seed " << seed << " (" << c.warps << " warps, lanes 0x" << std::hex
                       << c.lanes << std::dec << "), the program (llvm-mc-15 --disassemble "
                       << "-triple=riscv32 -mattr=+m,+a,+f reads it, LSGPU_JIT_MINIMIZE=1 "
                       << "shrinks it): " << hex_words(c.code);
         break;
      }
   }
}

/* A core reuses a warp's storage and zeroes only the registers the next program can
 * read (Warp::reset): random programs in storage an earlier program left full of
 * garbage must store the same words and end with the same registers they name as in
 * fresh warps. A register the program reads but RegisterUse leaves out shows up here. */
TEST(simt_warp, random_programs_read_only_the_registers_they_name)
{
   for (uint32_t seed = 1; seed <= 40 && !::testing::Test::HasFailure(); seed++) {
      const Case c(seed);
      SimtRig fresh(c.code, c.warps), reused(c.code, c.warps);
      ASSERT_TRUE(fresh.loaded() && reused.loaded());
      reused.reused_warps = true;
      for (SimtRig *rig : {&fresh, &reused}) {
         rig->flush_denorms = c.flush_denorms;
         for (unsigned w = 0; w < c.warps; w++)
            for (unsigned l = 0; l < 16; l++)
               for (unsigned k = 0; k < 16; k++)
                  rig->set_in(w, l, k, c.in[(w * 16 + l) * 16 + k]);
      }
      const lsgpu::sim::ShaderResult a = fresh.run(c.lanes, c.budget);
      const lsgpu::sim::ShaderResult b = reused.run(c.lanes, c.budget);
      EXPECT_EQ(a.fault, b.fault) << "seed " << seed;
      EXPECT_EQ(a.pc, b.pc) << "seed " << seed;
      for (unsigned w = 0; w < c.warps; w++)
         for (unsigned l = 0; l < 16; l++)
            for (unsigned word = 0; word < SimtRig::kBlock / 4; word++)
               EXPECT_EQ(fresh.out(w, l, word), reused.out(w, l, word))
                  << "seed " << seed << " warp " << w << " lane " << l << " word " << word;
      for (unsigned word = 0; word < 1024; word++)
         EXPECT_EQ(fresh.global(word), reused.global(word)) << "seed " << seed;
      const lsgpu::sim::RegisterUse &use = fresh.register_use();
      for (unsigned w = 0; w < c.warps; w++)
         for (unsigned r = 0; r < 33; r++)
            for (unsigned l = 0; l < 16; l++) {
               if (use.x >> r & 1) {
                  EXPECT_EQ(fresh.warp(w).x[r][l], reused.warp(w).x[r][l])
                     << "seed " << seed << " x" << r << " lane " << l;
               }
               if (r < 32 && (use.f >> r & 1)) {
                  EXPECT_EQ(fresh.warp(w).f[r][l], reused.warp(w).f[r][l])
                     << "seed " << seed << " f" << r << " lane " << l;
               }
            }
   }
}

/* The registers RegisterUse counts: every field of every instruction, in both files,
 * the write sink, and the texture operands and results that lsgpu.tex reads and writes
 * without naming them. */
TEST(simt_warp, register_use_counts_named_and_implicit_registers)
{
   using lsgpu::sim::decode_instruction;
   /* add x5, x6, x7; fmadd.s f1, f2, f3, f4 */
   const lsgpu::sim::RegisterUse alu = lsgpu::sim::register_use(
      {decode_instruction(r_type(0x33, 5, 0, 6, 7, 0)),
       decode_instruction(4u << 27 | 3u << 20 | 2u << 15 | 7u << 12 | 1u << 7 | 0x43)});
   EXPECT_EQ(alu.x, 1ull << 0 | 1ull << 1 | 1ull << 2 | 1ull << 3 | 1ull << 4 | 1ull << 5 |
                       1ull << 6 | 1ull << 7 | 1ull << 32);
   EXPECT_EQ(alu.f, 0xffu); /* an unused rs3 field reads 0 */
   EXPECT_EQ(alu.sysval, 0u);
   /* lsgpu.tex f28, x10, x0 */
   const lsgpu::sim::RegisterUse tex =
      lsgpu::sim::register_use({decode_instruction(r_type(0x2b, 28, 0, 10, 0, 0))});
   EXPECT_EQ(tex.f, 0xf0001fffu);
}
