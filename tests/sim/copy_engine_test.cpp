/* SPDX-License-Identifier: MIT */
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "gpu/memory/address_space.h"
#include "gpu/counters.h"
#include "gpu/frontend/copy_engine.h"

using namespace lsgpu::sim;

namespace
{

constexpr uint64_t kVa = 0x400000;

struct FillFixture : ::testing::Test {
   std::vector<uint8_t> mem = std::vector<uint8_t>(4096, 0xee);
   AddressSpace as;
   Counters counters;
   GpuClock clock;

   void SetUp() override { as.map(kVa, mem.size(), mem.data()); }

   static lsgpu_fill packet(uint64_t va, uint32_t pitch, uint32_t w, uint32_t h, uint32_t cpp,
                            uint32_t value)
   {
      lsgpu_fill p = {};
      p.dst_va = va;
      p.pitch = pitch;
      p.width = w;
      p.height = h;
      p.cpp = cpp;
      p.value[0] = value;
      memset(p.mask, 0xff, sizeof(p.mask));
      return p;
   }
};

} // namespace

TEST_F(FillFixture, fills_exactly_the_rectangle)
{
   /* 3x2 elements of 4 bytes at (1, 1) in a 64-byte-pitch surface. */
   auto p = packet(kVa + 64 + 4, 64, 3, 2, 4, 0x11223344);
   ASSERT_EQ(copy_engine_fill(p, as, counters, clock), LSGPU_FAULT_NONE);
   for (uint32_t y = 0; y < 4; y++) {
      for (uint32_t x = 0; x < 16; x++) {
         uint32_t v;
         memcpy(&v, &mem[y * 64 + x * 4], 4);
         bool inside = y >= 1 && y < 3 && x >= 1 && x < 4;
         EXPECT_EQ(v, inside ? 0x11223344u : 0xeeeeeeeeu) << "x=" << x << " y=" << y;
      }
   }
   EXPECT_EQ(counters.fill_bytes.load(), 24u);
   EXPECT_EQ(clock.cycles(), 2u); /* 24 bytes at 16 a cycle (docs/isa.md §6) */
}

TEST_F(FillFixture, partial_mask_keeps_unmasked_bits)
{
   /* Clearing only the stencil byte of a packed Z24S8 element. */
   auto p = packet(kVa, 16, 2, 1, 4, 0xab000000);
   p.mask[0] = 0xff000000;
   ASSERT_EQ(copy_engine_fill(p, as, counters, clock), LSGPU_FAULT_NONE);
   uint32_t v;
   memcpy(&v, &mem[0], 4);
   EXPECT_EQ(v, 0xabeeeeeeu);
   memcpy(&v, &mem[4], 4);
   EXPECT_EQ(v, 0xabeeeeeeu);
   memcpy(&v, &mem[8], 4);
   EXPECT_EQ(v, 0xeeeeeeeeu);
}

TEST_F(FillFixture, sixteen_byte_elements_use_all_value_words)
{
   auto p = packet(kVa, 16, 1, 1, 16, 1);
   p.value[1] = 2;
   p.value[2] = 3;
   p.value[3] = 4;
   ASSERT_EQ(copy_engine_fill(p, as, counters, clock), LSGPU_FAULT_NONE);
   uint32_t v[4];
   memcpy(v, mem.data(), 16);
   EXPECT_EQ(v[0], 1u);
   EXPECT_EQ(v[3], 4u);
}

TEST_F(FillFixture, rejects_bad_cpp)
{
   EXPECT_EQ(copy_engine_fill(packet(kVa, 64, 1, 1, 3, 0), as, counters, clock),
             LSGPU_FAULT_BAD_ARGUMENT);
   EXPECT_EQ(copy_engine_fill(packet(kVa, 64, 1, 1, 0, 0), as, counters, clock),
             LSGPU_FAULT_BAD_ARGUMENT);
   EXPECT_EQ(copy_engine_fill(packet(kVa, 64, 1, 1, 32, 0), as, counters, clock),
             LSGPU_FAULT_BAD_ARGUMENT);
}

TEST_F(FillFixture, rejects_empty_and_oversized_rectangles)
{
   EXPECT_EQ(copy_engine_fill(packet(kVa, 64, 0, 1, 4, 0), as, counters, clock),
             LSGPU_FAULT_BAD_ARGUMENT);
   EXPECT_EQ(copy_engine_fill(packet(kVa, 64, 1, 0, 4, 0), as, counters, clock),
             LSGPU_FAULT_BAD_ARGUMENT);
   EXPECT_EQ(
      copy_engine_fill(packet(kVa, 64, LSGPU_FILL_WIDTH_MAX + 1, 1, 1, 0), as, counters, clock),
      LSGPU_FAULT_BAD_ARGUMENT);
}

TEST_F(FillFixture, rejects_pitch_smaller_than_a_row)
{
   EXPECT_EQ(copy_engine_fill(packet(kVa, 8, 4, 2, 4, 0), as, counters, clock),
             LSGPU_FAULT_BAD_ARGUMENT);
}

TEST_F(FillFixture, rectangle_past_the_bo_faults_without_writing)
{
   /* The last row would end 64 bytes past the 4 KiB BO. */
   auto p = packet(kVa, 64, 16, 65, 4, 0);
   EXPECT_EQ(copy_engine_fill(p, as, counters, clock), LSGPU_FAULT_MMU);
   EXPECT_EQ(mem[0], 0xee);
   EXPECT_EQ(counters.fill_bytes.load(), 0u);
}

TEST_F(FillFixture, huge_pitch_cannot_wrap_around)
{
   auto p = packet(kVa, 0xffffffffu, 1, 16384, 1, 0);
   EXPECT_EQ(copy_engine_fill(p, as, counters, clock), LSGPU_FAULT_MMU);
}

TEST_F(FillFixture, unmapped_destination_faults)
{
   EXPECT_EQ(copy_engine_fill(packet(0, 64, 1, 1, 4, 0), as, counters, clock), LSGPU_FAULT_MMU);
   EXPECT_EQ(copy_engine_fill(packet(1ull << 39, 64, 1, 1, 4, 0), as, counters, clock),
             LSGPU_FAULT_MMU);
}

TEST_F(FillFixture, read_only_destination_faults)
{
   std::vector<uint8_t> ro(4096, 0);
   as.map(0x800000, ro.size(), ro.data(), false);
   EXPECT_EQ(copy_engine_fill(packet(0x800000, 64, 1, 1, 4, 5), as, counters, clock),
             LSGPU_FAULT_MMU_READ_ONLY);
   EXPECT_EQ(ro[0], 0);
}

namespace
{

lsgpu_copy
copy_packet(uint64_t src, uint64_t dst, uint32_t src_pitch, uint32_t dst_pitch, uint32_t w,
            uint32_t h)
{
   lsgpu_copy p = {};
   p.src_va = src;
   p.dst_va = dst;
   p.src_pitch = src_pitch;
   p.dst_pitch = dst_pitch;
   p.width = w;
   p.height = h;
   return p;
}

} // namespace

TEST_F(FillFixture, copy_moves_a_rectangle_between_pitches)
{
   for (int i = 0; i < 64; i++)
      mem[i] = (uint8_t)i;
   /* 2 rows of 3 bytes, source pitch 8, destination pitch 16, at offset 1024. */
   ASSERT_EQ(copy_engine_copy(copy_packet(kVa + 1, kVa + 1024, 8, 16, 3, 2), as, counters, clock),
             LSGPU_FAULT_NONE);
   EXPECT_EQ(mem[1024], 1);
   EXPECT_EQ(mem[1026], 3);
   EXPECT_EQ(mem[1027], 0xee); /* past the row */
   EXPECT_EQ(mem[1040], 9);
   EXPECT_EQ(mem[1042], 11);
   EXPECT_EQ(counters.copy_bytes.load(), 6u);
}

TEST_F(FillFixture, overlapping_copy_with_equal_pitch_is_memmove)
{
   for (int i = 0; i < 32; i++)
      mem[i] = (uint8_t)i;
   ASSERT_EQ(copy_engine_copy(copy_packet(kVa, kVa + 4, 8, 8, 8, 2), as, counters, clock),
             LSGPU_FAULT_NONE);
   for (int i = 0; i < 16; i++)
      EXPECT_EQ(mem[4 + i], i) << i;
}

TEST_F(FillFixture, copy_source_outside_bo_faults)
{
   EXPECT_EQ(copy_engine_copy(copy_packet(kVa + 4000, kVa, 200, 200, 200, 1), as, counters, clock),
             LSGPU_FAULT_MMU);
   EXPECT_EQ(copy_engine_copy(copy_packet(0x10, kVa, 4, 4, 4, 1), as, counters, clock),
             LSGPU_FAULT_MMU);
}

TEST_F(FillFixture, copy_into_read_only_faults_and_from_read_only_works)
{
   std::vector<uint8_t> ro(4096, 7);
   as.map(0x800000, ro.size(), ro.data(), false);
   EXPECT_EQ(copy_engine_copy(copy_packet(kVa, 0x800000, 4, 4, 4, 1), as, counters, clock),
             LSGPU_FAULT_MMU_READ_ONLY);
   EXPECT_EQ(copy_engine_copy(copy_packet(0x800000, kVa, 4, 4, 4, 1), as, counters, clock),
             LSGPU_FAULT_NONE);
   EXPECT_EQ(mem[0], 7);
}

TEST_F(FillFixture, copy_rejects_bad_sizes_and_pitches)
{
   EXPECT_EQ(copy_engine_copy(copy_packet(kVa, kVa + 64, 4, 4, 0, 1), as, counters, clock),
             LSGPU_FAULT_BAD_ARGUMENT);
   EXPECT_EQ(copy_engine_copy(copy_packet(kVa, kVa + 64, 4, 4, 4, 0), as, counters, clock),
             LSGPU_FAULT_BAD_ARGUMENT);
   EXPECT_EQ(copy_engine_copy(copy_packet(kVa, kVa + 64, 2, 8, 4, 2), as, counters, clock),
             LSGPU_FAULT_BAD_ARGUMENT);
}

/* RESOLVE: the average of four samples for normalized and float formats (rounded to
 * nearest), sample 0 for integer and depth/stencil formats; pitches checked. */
TEST_F(FillFixture, resolve_averages_colour_and_takes_sample_zero_of_integers)
{
   /* Two pixels of four RGBA8 samples, then their resolve at +256. */
   const uint8_t samples[8][4] = {{0, 0, 0, 255},       {255, 0, 0, 255}, {255, 255, 0, 255},
                                  {255, 255, 255, 255}, {10, 20, 30, 40}, {10, 20, 30, 40},
                                  {10, 20, 30, 40},     {14, 24, 34, 44}};
   memcpy(mem.data(), samples, sizeof(samples));
   lsgpu_resolve p = {};
   p.src_va = kVa;
   p.dst_va = kVa + 256;
   p.src_pitch = 32;
   p.dst_pitch = 8;
   p.width = 2;
   p.height = 1;
   p.format = LSGPU_TFMT_R8G8B8A8_UNORM;
   ASSERT_EQ(copy_engine_resolve(p, as, counters, clock), LSGPU_FAULT_NONE);
   EXPECT_EQ(mem[256], 191); /* 765 / 4 = 191.25 */
   EXPECT_EQ(mem[257], 128); /* 510 / 4 = 127.5, rounded up */
   EXPECT_EQ(mem[258], 64);
   EXPECT_EQ(mem[259], 255);
   EXPECT_EQ(mem[260], 11);
   EXPECT_EQ(mem[263], 41);

   p.format = LSGPU_TFMT_R8G8B8A8_UINT;
   ASSERT_EQ(copy_engine_resolve(p, as, counters, clock), LSGPU_FAULT_NONE);
   EXPECT_EQ(memcmp(&mem[256], samples[0], 4), 0);
   EXPECT_EQ(memcmp(&mem[260], samples[4], 4), 0);

   p.height = 2;
   p.src_pitch = 31; /* shorter than a row of samples */
   EXPECT_EQ(copy_engine_resolve(p, as, counters, clock), LSGPU_FAULT_BAD_ARGUMENT);
   p.src_pitch = 32;
   p.dst_va = kVa + 4096 - 8; /* the second row ends outside the mapping */
   EXPECT_EQ(copy_engine_resolve(p, as, counters, clock), LSGPU_FAULT_MMU);
}
