/* SPDX-License-Identifier: MIT */
#include <gtest/gtest.h>

#include "common/range_allocator.h"

using lsgpu::sim::RangeAllocator;

TEST(RangeAllocator, allocates_aligned_ranges_in_order)
{
   RangeAllocator a(0x1000, 0x10000);
   EXPECT_EQ(a.allocate(0x1000, 0x1000).value(), 0x1000u);
   EXPECT_EQ(a.allocate(0x1000, 0x4000).value(), 0x4000u);
   EXPECT_EQ(a.allocate(0x1000, 0x1000).value(), 0x2000u);
}

TEST(RangeAllocator, exhaustion_returns_nullopt)
{
   RangeAllocator a(0, 0x2000);
   EXPECT_TRUE(a.allocate(0x2000, 0x1000).has_value());
   EXPECT_FALSE(a.allocate(0x1000, 0x1000).has_value());
}

TEST(RangeAllocator, release_coalesces_neighbours)
{
   RangeAllocator a(0, 0x3000);
   auto x = a.allocate(0x1000, 0x1000), y = a.allocate(0x1000, 0x1000),
        z = a.allocate(0x1000, 0x1000);
   a.release(*x, 0x1000);
   a.release(*z, 0x1000);
   a.release(*y, 0x1000);
   /* Only a fully merged free list can satisfy the whole range again. */
   EXPECT_EQ(a.allocate(0x3000, 0x1000).value(), 0u);
}
