/* SPDX-License-Identifier: MIT */
#include <gtest/gtest.h>

#include <vector>

#include "gpu/memory/address_space.h"

using lsgpu::sim::AddressSpace;

TEST(AddressSpace, translates_inside_a_mapping)
{
   std::vector<uint8_t> mem(0x2000);
   AddressSpace as;
   as.map(0x100000, mem.size(), mem.data());
   EXPECT_EQ(as.translate(0x100000, 1, false).host, mem.data());
   EXPECT_EQ(as.translate(0x101fff, 1, false).host, mem.data() + 0x1fff);
   EXPECT_EQ(as.translate(0x100000, 0x2000, false).host, mem.data());
}

TEST(AddressSpace, access_crossing_the_end_faults)
{
   std::vector<uint8_t> mem(0x1000);
   AddressSpace as;
   as.map(0x100000, mem.size(), mem.data());
   EXPECT_EQ(as.translate(0x100fff, 2, false).host, nullptr);
   EXPECT_EQ(as.translate(0x100000, 0x1001, false).host, nullptr);
}

TEST(AddressSpace, unmapped_addresses_fault)
{
   std::vector<uint8_t> mem(0x1000);
   AddressSpace as;
   as.map(0x100000, mem.size(), mem.data());
   EXPECT_EQ(as.translate(0, 4, false).host, nullptr);
   EXPECT_EQ(as.translate(0xfffff, 1, false).host, nullptr);
   EXPECT_EQ(as.translate(0x101000, 4, false).host, nullptr);
   EXPECT_EQ(as.translate(UINT64_MAX, 1, false).host, nullptr);
}

TEST(AddressSpace, adjacent_mappings_do_not_merge)
{
   /* Two BOs back to back in VA are still two objects: one access may not span both. */
   std::vector<uint8_t> a(0x1000), b(0x1000);
   AddressSpace as;
   as.map(0x200000, a.size(), a.data());
   as.map(0x201000, b.size(), b.data());
   EXPECT_EQ(as.translate(0x201000, 4, false).host, b.data());
   EXPECT_EQ(as.translate(0x200ffe, 4, false).host, nullptr);
}

/* A core's private window over part of a buffer (the fragment cores' stacks): the
 * window's addresses reach the private memory, the rest of the buffer its own. */
TEST(AddressSpace, overlay_replaces_a_window_of_one_writable_mapping)
{
   std::vector<uint8_t> mem(0x3000), window(0x1000), other(0x1000);
   AddressSpace as;
   as.map(0x100000, mem.size(), mem.data());
   as.map(0x200000, other.size(), other.data(), false);
   ASSERT_TRUE(as.overlay(0x101000, window.size(), window.data()));
   EXPECT_EQ(as.translate(0x100ffc, 4, true).host, mem.data() + 0xffc);
   EXPECT_EQ(as.translate(0x101000, 4, true).host, window.data());
   EXPECT_EQ(as.translate(0x101ffc, 4, true).host, window.data() + 0xffc);
   EXPECT_EQ(as.translate(0x102000, 4, true).host, mem.data() + 0x2000);
   EXPECT_EQ(as.translate(0x100ffe, 4, false).host, nullptr); /* across the window's edge */
   /* Nothing changes when no single writable mapping holds the range. */
   EXPECT_FALSE(as.overlay(0x102800, 0x1000, window.data()));
   EXPECT_FALSE(as.overlay(0x200000, 0x100, window.data()));
   EXPECT_FALSE(as.overlay(0x300000, 0x100, window.data()));
   EXPECT_EQ(as.translate(0x102800, 0x800, true).host, mem.data() + 0x2800);
}
