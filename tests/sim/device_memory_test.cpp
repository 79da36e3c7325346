/* SPDX-License-Identifier: MIT */

/* Device memory (src/simulator/gpu/device_memory.cpp): new ranges read as zero whether
 * they reuse resident freed pages or punched-out ones, and the resident pool stays
 * within its budget. */

#include <cstring>

#include <gtest/gtest.h>

#include "gpu/memory/device_memory.h"

using lsgpu::sim::DeviceMemory;

namespace
{

bool
all_zero(const DeviceMemory &m, uint64_t offset, uint64_t size)
{
   for (uint64_t i = 0; i < size; i++) {
      if (m.host(offset)[i] != 0)
         return false;
   }
   return true;
}

} // namespace

TEST(DeviceMemory, ReusedRangesReadAsZero)
{
   constexpr uint64_t kPage = DeviceMemory::kPageSize;
   DeviceMemory m(256ull << 20);
   ASSERT_TRUE(m.valid());
   auto a = m.allocate(4 * kPage);
   ASSERT_TRUE(a);
   memset(m.host(*a), 0xab, 4 * kPage);
   m.release(*a, 4 * kPage);
   EXPECT_EQ(m.resident_free(), 4 * kPage); /* kept resident, not yet zeroed */

   /* A smaller allocation reuses part of it (first fit): zeroed, the rest still pooled. */
   auto b = m.allocate(kPage);
   ASSERT_TRUE(b);
   EXPECT_EQ(*b, *a);
   EXPECT_TRUE(all_zero(m, *b, kPage));
   EXPECT_EQ(m.resident_free(), 3 * kPage);
   auto c = m.allocate(3 * kPage);
   ASSERT_TRUE(c);
   EXPECT_TRUE(all_zero(m, *c, 3 * kPage));
   EXPECT_EQ(m.resident_free(), 0u);
}

TEST(DeviceMemory, ThePoolStaysWithinItsBudget)
{
   constexpr uint64_t kChunk = 16ull << 20;
   DeviceMemory m(512ull << 20);
   ASSERT_TRUE(m.valid());
   uint64_t offsets[8];
   for (uint64_t &o : offsets) {
      auto r = m.allocate(kChunk);
      ASSERT_TRUE(r);
      o = *r;
      memset(m.host(o), 0x5a, kChunk);
   }
   for (uint64_t o : offsets)
      m.release(o, kChunk);
   EXPECT_LE(m.resident_free(), DeviceMemory::kResidentFree);
   /* Punched-out ranges read as zero too. */
   EXPECT_TRUE(all_zero(m, offsets[0], kChunk));
   auto again = m.allocate(8 * kChunk);
   ASSERT_TRUE(again);
   EXPECT_TRUE(all_zero(m, *again, 8 * kChunk));
   EXPECT_EQ(m.resident_free(), 0u);
}
