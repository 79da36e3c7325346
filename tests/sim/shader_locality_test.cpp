/* SPDX-License-Identifier: MIT */

/* Which fragment programs the draw may run on its cores side by side: those whose
 * stores reach only the lane's stack window and I/O blocks (shader_locality.h). */

#include <cstdint>
#include <initializer_list>

#include <gtest/gtest.h>

#include "gpu/shader/shader_isa.h"
#include "gpu/shader/shader_locality.h"

using namespace lsgpu::sim;

namespace
{

constexpr uint32_t kZero = 0, kSp = 2, kA0 = 10, kA1 = 11, kA2 = 12, kA3 = 13, kA5 = 15, kT0 = 5,
                   kRa = 1;

uint32_t
i_type(uint32_t opcode, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm)
{
   return (uint32_t)imm << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opcode;
}
uint32_t
addi(uint32_t rd, uint32_t rs1, int32_t imm)
{
   return i_type(0x13, 0, rd, rs1, imm);
}
uint32_t
lw(uint32_t rd, uint32_t rs1, int32_t imm)
{
   return i_type(0x03, 2, rd, rs1, imm);
}
uint32_t
sw(uint32_t rs2, uint32_t rs1, int32_t imm)
{
   const uint32_t u = (uint32_t)imm;
   return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | 2 << 12 | (u & 0x1f) << 7 | 0x23;
}
/* beq rs1, rs2 to the instruction `words` away. */
uint32_t
beq(uint32_t rs1, uint32_t rs2, int32_t words)
{
   const uint32_t u = (uint32_t)(words * 4);
   return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 |
          (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7 | 0x63;
}
uint32_t
jalr(uint32_t rd, uint32_t rs1)
{
   return i_type(0x67, 0, rd, rs1, 0);
}
uint32_t
amoadd(uint32_t rd, uint32_t rs1, uint32_t rs2)
{
   return 0u << 27 | rs2 << 20 | rs1 << 15 | 2 << 12 | rd << 7 | 0x2f;
}

bool
local(std::initializer_list<uint32_t> words)
{
   ShaderProgram p;
   for (uint32_t w : words)
      p.code.push_back(decode_instruction(w));
   return shader_stores_stay_local(p);
}

} // namespace

TEST(ShaderLocality, stores_to_the_output_block_and_the_stack_stay_local)
{
   EXPECT_TRUE(local({addi(kSp, kSp, -64), sw(kA0, kSp, 12), sw(kA0, kA1, 0), addi(kSp, kSp, 64),
                      jalr(kZero, kZero)}));
}

TEST(ShaderLocality, a_pointer_computed_from_sp_stays_local_until_reused)
{
   /* mv a5, sp; sw via a5 (a local array); then a5 holds a loaded value. */
   EXPECT_TRUE(local({addi(kA5, kSp, 0), sw(kA0, kA5, 4), addi(kA5, kA5, 4), sw(kA0, kA5, 0),
                      lw(kA5, kA2, 0), jalr(kZero, kZero)}));
   /* The same register stored through after the reuse is no longer the stack. */
   EXPECT_FALSE(local({addi(kA5, kSp, 0), lw(kA5, kA2, 0), sw(kA0, kA5, 0), jalr(kZero, kZero)}));
}

TEST(ShaderLocality, a_branch_merges_what_its_paths_hold)
{
   /* t0 is the stack on one path and a loaded pointer on the other. */
   EXPECT_FALSE(local({addi(kT0, kSp, 0), beq(kA0, kZero, 2), lw(kT0, kA3, 0), sw(kA0, kT0, 0),
                       jalr(kZero, kZero)}));
   EXPECT_TRUE(local({addi(kT0, kSp, 0), beq(kA0, kZero, 2), addi(kT0, kA1, 16), sw(kA0, kT0, 0),
                      jalr(kZero, kZero)}));
}

TEST(ShaderLocality, job_memory_atomics_and_unknown_jumps_are_not_local)
{
   EXPECT_FALSE(local({sw(kA0, kA3, 0), jalr(kZero, kZero)})); /* descriptors: job memory */
   EXPECT_FALSE(local({amoadd(kA0, kSp, kA0), jalr(kZero, kZero)}));
   EXPECT_FALSE(local({jalr(kZero, kA0), sw(kA0, kA3, 0)}));  /* where does it go? */
   EXPECT_FALSE(local({jalr(kRa, kT0), jalr(kZero, kZero)})); /* a call */
}
