/* SPDX-License-Identifier: MIT */

/* Which fragment programs the draw may run on its cores side by side: those whose
 * stores reach only the lane's stack window and I/O blocks (shader_locality.h). */

#include <cstdint>
#include <initializer_list>

#include <gtest/gtest.h>

#include "gpu/shader/shader_isa.h"
#include "gpu/shader/shader_locality.h"
#include "../common/rv32_words.h"

using namespace lsgpu::sim;
using namespace lsgpu::test::rv32;

namespace
{

constexpr uint32_t kZero = 0, kSp = 2, kA0 = 10, kA1 = 11, kA2 = 12, kA3 = 13, kA5 = 15, kT0 = 5,
                   kRa = 1;

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
