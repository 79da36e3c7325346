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
   /* Entry n of the buffer table (address, size) is storage block n in the linker's
    * block order (the names sort A_Out, B_Count), which st/mesa also binds by. */
   const uint32_t table_words[4] = {kOut, (uint32_t)out.size(), kCount, (uint32_t)count.size()};
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
   sim::GpuClock clock;
   ASSERT_EQ(sim::compute_dispatch(d, as, counters, clock), LSGPU_FAULT_NONE);

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

/* Robust buffer access (docs/isa.md §4): each storage-buffer access is checked against
 * the size in its buffer-table entry, not against the memory mapped there. Loads past
 * the size read 0, stores and atomics past it change nothing (atomics return 0), and
 * every such lane access counts in ROBUST_ACCESSES; accesses inside behave as before. */
TEST(CompilerCompute, StorageBufferAccessOutsideItsSizeReadsZeroAndWritesNothing)
{
   Binary b = compile_glsl(R"(#version 430
layout(local_size_x = 16) in;
layout(std430, binding = 0) buffer A_Out { uint result[]; };
layout(std430, binding = 1) buffer B_Data { uint data[]; };
void main() {
   uint i = gl_LocalInvocationIndex;
   uint old = atomicAdd(data[i * 2u], 100u); /* lanes 8..15: past the 16 words */
   result[i] = data[i * 2u + 1u] + old;      /* lanes 8..15 read 0 + 0 */
   data[16u + i] = 7u;                       /* every lane: past the size, dropped */
   result[16u + i] = data[i];                /* inside: sees the atomics of lanes 0..7 */
}
)",
                           ".comp");
   ASSERT_TRUE(b.ok()) << b.log;

   constexpr uint32_t kCode = 0x10000, kStack = 0x20000, kData = 0x40000, kOut = 0x41000,
                      kTable = 0x42000, kDataWords = 16;
   std::vector<uint8_t> code(b.code), stack(16 * 1024), data(4096, 0), out(4096, 0xee),
      table(64, 0);
   for (uint32_t w = 0; w < 1024; w++) /* the whole mapping, past the 16-word buffer too */
      memcpy(&data[4 * w], &w, 4);
   /* Entry 0 (A_Out) is the whole of its mapping; entry 1 (B_Data) 16 words of a 4 KiB
    * mapping. */
   const uint32_t entries[4] = {kOut, (uint32_t)out.size(), kData, kDataWords * 4};
   memcpy(table.data(), entries, sizeof(entries));
   sim::AddressSpace as;
   as.map(kCode, code.size(), code.data(), false);
   as.map(kStack, stack.size(), stack.data());
   as.map(kData, data.size(), data.data());
   as.map(kOut, out.size(), out.data());
   as.map(kTable, table.size(), table.data(), false);

   lsgpu_dispatch d = {};
   d.code_va = kCode;
   d.code_size = (uint32_t)code.size();
   d.local_x = 16;
   d.local_y = d.local_z = d.groups_x = d.groups_y = d.groups_z = 1;
   d.stack_va = kStack;
   d.stack_size = b.info.stack_size;
   d.buffers_va = kTable;
   sim::Counters counters;
   sim::GpuClock clock;
   ASSERT_EQ(sim::compute_dispatch(d, as, counters, clock), LSGPU_FAULT_NONE);

   auto word = [](const std::vector<uint8_t> &v, uint32_t w) {
      uint32_t x;
      memcpy(&x, &v[4 * w], 4);
      return x;
   };
   for (uint32_t i = 0; i < 16; i++) {
      if (i < 8)
         EXPECT_EQ(word(out, i), (2 * i + 1) + 2 * i) << i; /* data[2i+1] + old data[2i] */
      else
         EXPECT_EQ(word(out, i), 0u) << i;
      /* data[i] after the atomics: even words below 16 gained 100. */
      EXPECT_EQ(word(out, 16 + i), i % 2 == 0 ? i + 100 : i) << i;
   }
   for (uint32_t w = 16; w < 1024; w++)
      ASSERT_EQ(word(data, w), w) << "word " << w << " past the buffer's size was written";
   /* Lanes 8..15: the atomic and the load; all 16: the store past the size. */
   EXPECT_EQ(counters.robust_accesses.load(), 8u + 8u + 16u);
}
