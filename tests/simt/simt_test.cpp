/* SPDX-License-Identifier: MIT */
/* SIMT behaviour: divergence, quads, helpers, barriers, atomics, faults, watchdog. */
#include <gtest/gtest.h>

#include "simt_rig.h"

using namespace lsgpu::test;

TEST(simt, divergent_control_flow_gives_per_lane_results)
{
   SimtRig rig("divergence");
   ASSERT_TRUE(rig.loaded());
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      SCOPED_TRACE(testing::Message() << "lane " << l);
      EXPECT_EQ(rig.out(0, l, 0), (l & 1) ? 100u : 200u);
      EXPECT_EQ(rig.out(0, l, 1), l >= 8 ? 0u : (l & 2) ? 1u : 2u);
      EXPECT_EQ(rig.out(0, l, 2), l * (l + 1) / 2);
      EXPECT_EQ(rig.out(0, l, 3), l >= 12 ? 0xaaaaaaaau : 7u);
   }
   /* Divergence costs issue slots: fewer active lanes than issued could run. */
   EXPECT_LT(rig.counters.lane_instructions.load(), rig.counters.warp_instructions.load() * 16);
}

TEST(simt, partial_warps_run_only_their_lanes)
{
   SimtRig rig("divergence");
   ASSERT_TRUE(rig.loaded());
   ASSERT_EQ(rig.run(0x0005).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(rig.out(0, 0, 0), 200u);
   EXPECT_EQ(rig.out(0, 2, 0), 200u);
   EXPECT_EQ(rig.out(0, 1, 0), 0xaaaaaaaau);
}

TEST(simt, quad_derivatives_and_swaps)
{
   SimtRig rig("quad");
   ASSERT_TRUE(rig.loaded());
   /* v = lane², so that fine and coarse derivatives differ. */
   for (unsigned l = 0; l < 16; l++)
      rig.set_in_f(0, l, 0, (float)(l * l));
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      const unsigned q = l & ~3u, c = l & 1, r = (l >> 1) & 1;
      auto v = [&](unsigned col, unsigned row) {
         unsigned i = q + col + 2 * row;
         return (float)(i * i);
      };
      SCOPED_TRACE(testing::Message() << "lane " << l);
      EXPECT_EQ(rig.out_f(0, l, 0), v(1, r) - v(0, r));
      EXPECT_EQ(rig.out_f(0, l, 1), v(c, 1) - v(c, 0));
      EXPECT_EQ(rig.out_f(0, l, 2), v(1, 0) - v(0, 0));
      EXPECT_EQ(rig.out_f(0, l, 3), v(0, 1) - v(0, 0));
      EXPECT_EQ(rig.out_f(0, l, 4), (float)((l ^ 1) * (l ^ 1)));
      EXPECT_EQ(rig.out_f(0, l, 5), (float)((l ^ 2) * (l ^ 2)));
      EXPECT_EQ(rig.out_f(0, l, 6), (float)((l ^ 3) * (l ^ 3)));
      EXPECT_EQ(rig.out_f(0, l, 7), v(0, 1));
   }
}

TEST(simt, demoted_lanes_keep_running_as_helpers_but_write_nothing)
{
   SimtRig rig("demote_loop");
   ASSERT_TRUE(rig.loaded());
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      SCOPED_TRACE(testing::Message() << "lane " << l);
      if (l & 1) {
         /* Helpers: all their stores were discarded. */
         EXPECT_EQ(rig.out(0, l, 0), 0xaaaaaaaau);
         EXPECT_EQ(rig.out(0, l, 2), 0xaaaaaaaau);
      } else {
         EXPECT_EQ(rig.out(0, l, 0), 4u);
         EXPECT_EQ(rig.out(0, l, 1), 0u);
         /* ddx needs the helper neighbour's value: it ran the whole program. */
         EXPECT_EQ(rig.out_f(0, l, 2), 1.0f);
      }
   }
}

/* Helper lanes' writes are discarded, but for their stack: compiled code spills there
 * and fills from it, and a helper lane's values feed its quad's derivatives. (A discarded
 * spill gave glsl-fs-vec4-indexing-temp-dst-in-loop a null output pointer.) */
TEST(simt, helper_lanes_stores_to_their_own_stack_take_effect)
{
   SimtRig rig("helper_stack");
   ASSERT_TRUE(rig.loaded());
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      SCOPED_TRACE(testing::Message() << "lane " << l);
      if (l & 1) {
         EXPECT_EQ(rig.out(0, l, 0), 0xaaaaaaaau); /* a helper's output writes drop */
         EXPECT_EQ(rig.out(0, l, 1), 0xaaaaaaaau);
      } else {
         EXPECT_EQ(rig.out_f(0, l, 0), 1.0f);
         EXPECT_EQ(rig.out(0, l, 1), 100 + l);
      }
   }
}

TEST(simt, barrier_and_atomics_across_the_warps_of_a_workgroup)
{
   SimtRig rig("atomics_barrier", 2);
   ASSERT_TRUE(rig.loaded());
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   const uint32_t total = 2 * (16 * 17 / 2);
   for (unsigned w = 0; w < 2; w++)
      for (unsigned l = 0; l < 16; l++)
         EXPECT_EQ(rig.out(w, l, 0), total) << "warp " << w << " lane " << l;
   EXPECT_EQ(rig.global(0), total); /* amoadd on global memory */
   EXPECT_EQ(rig.global(16), 32u);  /* lr/sc loop: one increment per lane */
}

namespace
{

lsgpu_fault
run_fault_case(uint32_t which, int64_t budget = 1000000)
{
   SimtRig rig("faults");
   if (!rig.loaded())
      return LSGPU_FAULT_NONE;
   for (unsigned l = 0; l < 16; l++)
      rig.set_in(0, l, 0, which);
   return rig.run(0xffff, budget).fault;
}

} // namespace

TEST(simt_faults, no_fault_without_a_cause)
{
   EXPECT_EQ(run_fault_case(0), LSGPU_FAULT_NONE);
}

TEST(simt_faults, privileged_instruction_is_illegal)
{
   EXPECT_EQ(run_fault_case(1), LSGPU_FAULT_ILLEGAL_INSTRUCTION);
}

/* lsgpu.fbld outside a fragment warp (docs/isa.md §3.5). */
TEST(simt_faults, framebuffer_load_without_a_framebuffer_is_illegal)
{
   EXPECT_EQ(run_fault_case(6), LSGPU_FAULT_ILLEGAL_INSTRUCTION);
}

TEST(simt_faults, misaligned_load)
{
   EXPECT_EQ(run_fault_case(2), LSGPU_FAULT_MISALIGNED);
}

TEST(simt_faults, store_to_unmapped_memory)
{
   EXPECT_EQ(run_fault_case(3), LSGPU_FAULT_MMU);
}

/* The shader cores' TLB keeps a mapping's permission: a store to read-only memory
 * faults after loads from it hit. */
TEST(simt_faults, store_to_read_only_memory_after_loading_from_it)
{
   EXPECT_EQ(run_fault_case(7), LSGPU_FAULT_MMU_READ_ONLY);
}

TEST(simt_faults, infinite_loop_hits_the_watchdog)
{
   EXPECT_EQ(run_fault_case(4, 100000), LSGPU_FAULT_TIMEOUT);
}

TEST(simt_faults, jump_to_misaligned_target)
{
   EXPECT_EQ(run_fault_case(5), LSGPU_FAULT_MISALIGNED);
}
