/* SPDX-License-Identifier: MIT */

/* The Xlsgpu table generated from src/hw/lsgpu_isa.yaml: every instruction decodes
 * back to itself with any registers the program may choose, a wrong fixed operand or
 * an undefined funct7 is illegal, the disassembler names it, the `.insn` template
 * names the same fields, and the simulator's decoder agrees with the table. */

#include <cstring>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "gpu/shader/shader_isa.h"
#include "lsgpu_isa.h"

namespace
{

uint32_t
encode(const lsgpu_xop_info &i, uint32_t rd, uint32_t rs1, uint32_t rs2, uint32_t sub)
{
   const uint32_t f7 = i.form == 'i' ? 0 : sub;
   uint32_t w = i.opcode | rd << 7 | (uint32_t)i.funct3 << 12 | rs1 << 15;
   return i.form == 'i' ? w | sub << 20 : w | rs2 << 20 | f7 << 25;
}

uint32_t
pick(std::mt19937 &rng, int8_t spec)
{
   return spec >= 0 ? (uint32_t)spec : rng() % 32;
}

/* A valid funct7 or immediate of the op. */
uint32_t
valid_sub(std::mt19937 &rng, lsgpu_xop op, const lsgpu_xop_info &i)
{
   if (op == LSGPU_XOP_SYSVAL)
      return rng() % LSGPU_SYSVAL_COUNT;
   if (op == LSGPU_XOP_TEX)
      return lsgpu_tex_funct7((lsgpu_tex_lod)(rng() % LSGPU_TEX_LOD_COUNT), rng() & 1, rng() & 1);
   return i.funct7;
}

} // namespace

TEST(IsaTable, EveryInstructionDecodesToItself)
{
   std::mt19937 rng(7);
   for (int op = 0; op < LSGPU_XOP_COUNT; op++) {
      const lsgpu_xop_info &i = *lsgpu_xop_describe((lsgpu_xop)op);
      for (int round = 0; round < 50; round++) {
         const uint32_t sub = valid_sub(rng, (lsgpu_xop)op, i);
         const uint32_t w =
            encode(i, pick(rng, i.rd), pick(rng, i.rs1), i.form == 'i' ? 0 : pick(rng, i.rs2), sub);
         uint32_t got_sub = ~0u;
         ASSERT_EQ(lsgpu_xlsgpu_decode(w, &got_sub), op) << i.mnemonic << std::hex << " " << w;
         EXPECT_EQ(got_sub, sub);
         char text[64];
         ASSERT_TRUE(lsgpu_xlsgpu_disasm(w, text, sizeof(text)));
         EXPECT_EQ(strncmp(text, i.mnemonic, strlen(i.mnemonic)), 0) << text;
         EXPECT_EQ(lsgpu_isa_extra_cycles(w), i.cycles);
         /* The simulator decodes through the same table. */
         EXPECT_NE(lsgpu::sim::decode_instruction(w).op, lsgpu::sim::Op::ILLEGAL) << text;
      }
   }
}

TEST(IsaTable, FixedOperandsAndUndefinedEncodingsAreIllegal)
{
   std::mt19937 rng(11);
   for (int op = 0; op < LSGPU_XOP_COUNT; op++) {
      const lsgpu_xop_info &i = *lsgpu_xop_describe((lsgpu_xop)op);
      const uint32_t sub = valid_sub(rng, (lsgpu_xop)op, i);
      const int8_t specs[3] = {i.rd, i.rs1, i.form == 'i' ? (int8_t)-1 : i.rs2};
      for (unsigned k = 0; k < 3; k++) {
         if (specs[k] < 0)
            continue;
         uint32_t regs[3] = {pick(rng, i.rd), pick(rng, i.rs1), pick(rng, i.rs2)};
         regs[k] = (uint32_t)(specs[k] + 1) % 32; /* not the fixed register */
         const uint32_t w = encode(i, regs[0], regs[1], i.form == 'i' ? 0 : regs[2], sub);
         uint32_t s;
         EXPECT_EQ(lsgpu_xlsgpu_decode(w, &s), -1) << i.mnemonic << " operand " << k;
         EXPECT_EQ(lsgpu::sim::decode_instruction(w).op, lsgpu::sim::Op::ILLEGAL);
      }
   }
   uint32_t s;
   /* A system value past the table, a funct7 no op has, tex's reserved funct7 bits. */
   EXPECT_EQ(lsgpu_xlsgpu_decode(LSGPU_OPCODE_CUSTOM0 | 5 << 7 | LSGPU_SYSVAL_COUNT << 20, &s), -1);
   EXPECT_EQ(lsgpu_xlsgpu_decode(LSGPU_OPCODE_CUSTOM0 | LSGPU_FUNARY_FUNCT3 << 12 |
                                    (uint32_t)LSGPU_FUNARY_COUNT << 25,
                                 &s),
             -1);
   EXPECT_EQ(lsgpu_xlsgpu_decode(LSGPU_OPCODE_CUSTOM1 | 28 << 7 | 16u << 25, &s), -1);
   EXPECT_EQ(lsgpu_xlsgpu_decode(0x00000013 /* addi x0, x0, 0 */, &s), -1);
}

TEST(IsaTable, InsnTemplatesFillFixedOperands)
{
   char buf[96];
   lsgpu_xlsgpu_insn(buf, sizeof(buf), LSGPU_XOP_RCP, 0, "$0", "$1", "");
   EXPECT_STREQ(buf, ".insn r 0x0b, 1, 5, $0, $1, f0");
   lsgpu_xlsgpu_insn(buf, sizeof(buf), LSGPU_XOP_SYSVAL, LSGPU_SYSVAL_HELPER, "$0", "", "");
   EXPECT_STREQ(buf, ".insn i 0x0b, 0, $0, x0, 15");
   lsgpu_xlsgpu_insn(buf, sizeof(buf), LSGPU_XOP_TEX,
                     lsgpu_tex_funct7(LSGPU_TEX_LOD_GRAD, true, false), "", "$4", "");
   EXPECT_STREQ(buf, ".insn r 0x2b, 0, 7, f28, $4, x0");
   lsgpu_xlsgpu_insn(buf, sizeof(buf), LSGPU_XOP_BARRIER, 0, "", "", "");
   EXPECT_STREQ(buf, ".insn r 0x0b, 3, 2, x0, x0, x0");
}

TEST(IsaTable, TimingCoversBaseClasses)
{
   EXPECT_EQ(lsgpu_isa_extra_cycles(0x0000a283 /* lw t0, 0(ra) */), 4u);
   EXPECT_EQ(lsgpu_isa_extra_cycles(0x0220c2b3 /* div t0, ra, sp */), 8u);
   EXPECT_EQ(lsgpu_isa_extra_cycles(0x022082b3 /* mul t0, ra, sp */), 0u);
   EXPECT_EQ(lsgpu_isa_extra_cycles(0x18208053 /* fdiv.s f0, f1, f2 */), 8u);
   EXPECT_EQ(lsgpu_isa_extra_cycles(0x00000013 /* nop */), 0u);
}
