/* SPDX-License-Identifier: MIT */

/* Compute shaders compiled by lsgpu-compile and run through the simulator's DISPATCH
 * front end: shared memory, barriers, shared and buffer atomics. */

#include <cstring>

#include <gtest/gtest.h>

#include "gpu/frontend/compute_dispatch.h"
#include "shader_rig.h"

using namespace lsgpu::test;
namespace sim = lsgpu::sim;

TEST(CompilerCompute, SharedMemoryBarrierAndAtomics)
{
   Binary b = compile_glsl(R"(#version 430
layout(local_size_x = 32) in;
layout(std430, binding = 0) buffer A_Out { uint result[]; };
layout(std430, binding = 1) buffer B_Count { uint total; uint maximum; };
shared uint squares[32];
shared uint sum;
void main() {
   uint i = gl_LocalInvocationIndex;
   squares[i] = i * i;
   atomicAdd(sum, i);
   barrier();
   result[gl_WorkGroupID.x * 32u + i] = squares[31u - i] + sum * 1000u;
   atomicAdd(total, 1u);
   atomicMax(maximum, gl_WorkGroupID.x * 100u + i);
})",
                           ".comp");
   ASSERT_TRUE(b.ok()) << b.log;
   EXPECT_EQ(b.info.workgroup_size[0], 32u);
   EXPECT_GE(b.info.shared_size, 33u * 4);
   EXPECT_TRUE(b.info.flags & LSGPU_SHADER_USES_BARRIER);

   constexpr uint32_t kCode = 0x10000, kStack = 0x20000, kOut = 0x40000, kCount = 0x41000,
                      kTable = 0x42000;
   constexpr unsigned kGroups = 3;
   std::vector<uint8_t> code(b.code), stack(kGroups * 32 * 1024), out(4096, 0), count(64, 0),
      table(64, 0);
   /* Word n of the buffer table is storage block n in the linker's block order (the
    * names sort A_Out, B_Count), which st/mesa also binds by. */
   const uint32_t table_words[2] = {kOut, kCount};
   memcpy(table.data(), table_words, sizeof(table_words));
   sim::AddressSpace as;
   as.map(kCode, code.size(), code.data(), false);
   as.map(kStack, stack.size(), stack.data());
   as.map(kOut, out.size(), out.data());
   as.map(kCount, count.size(), count.data());
   as.map(kTable, table.size(), table.data(), false);

   lsgpu_dispatch d = {};
   d.code_va = kCode;
   d.code_size = (uint32_t)code.size();
   d.local_x = 32;
   d.local_y = d.local_z = 1;
   d.groups_x = kGroups;
   d.groups_y = d.groups_z = 1;
   d.shared_size = (b.info.shared_size + 3) & ~3u;
   d.stack_va = kStack;
   d.stack_size = b.info.stack_size;
   d.buffers_va = kTable;
   sim::Counters counters;
   ASSERT_EQ(sim::compute_dispatch(d, as, counters, INT64_MAX), LSGPU_FAULT_NONE);

   const uint32_t sum = 31 * 32 / 2;
   for (unsigned g = 0; g < kGroups; g++) {
      for (unsigned i = 0; i < 32; i++) {
         uint32_t v;
         memcpy(&v, &out[(g * 32 + i) * 4], 4);
         EXPECT_EQ(v, (31 - i) * (31 - i) + sum * 1000) << "group " << g << " invocation " << i;
      }
   }
   uint32_t total, maximum;
   memcpy(&total, &count[0], 4);
   memcpy(&maximum, &count[4], 4);
   EXPECT_EQ(total, kGroups * 32);
   EXPECT_EQ(maximum, (kGroups - 1) * 100 + 31);
}
