/* SPDX-License-Identifier: MIT */

/* Vertex fetch (src/simulator/gpu/vertex_fetch.cpp): each VFMT converted to the four
 * words of an input slot, missing components (0, 0, 0, 1), strides and divisors. */

#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "gpu/memory/address_space.h"
#include "gpu/geometry/vertex_fetch.h"

using namespace lsgpu::sim;

namespace
{

constexpr uint64_t kVa = 0x40000;

float
f(uint32_t u)
{
   float v;
   memcpy(&v, &u, 4);
   return v;
}

struct Fetch {
   std::vector<uint8_t> mem = std::vector<uint8_t>(256);
   AddressSpace as;
   Fetch() { as.map(kVa, mem.size(), mem.data(), false); }
   /* size: VERTEX_ELEMENT.size, the buffer's bytes (default: the whole BO). */
   lsgpu_fault run(uint32_t format, uint32_t stride, uint32_t divisor, uint32_t vertex,
                   uint32_t instance, uint32_t out[4], uint32_t size = 256)
   {
      lsgpu_vertex_element e = {kVa, stride, (lsgpu_vfmt)format, divisor, size};
      return vertex_fetch(as, e, vertex, instance, out);
   }
};

} // namespace

TEST(VertexFetch, FormatsConvertAndFillMissingComponents)
{
   Fetch v;
   const float xyz[3] = {1.5f, -2.0f, 3.25f};
   memcpy(v.mem.data(), xyz, sizeof(xyz));
   uint32_t out[4];
   ASSERT_EQ(v.run(LSGPU_VFMT_R32G32B32_FLOAT, 12, 0, 0, 0, out), LSGPU_FAULT_NONE);
   EXPECT_EQ(f(out[2]), 3.25f);
   EXPECT_EQ(f(out[3]), 1.0f);

   const uint8_t bgra[4] = {255, 0, 51, 102}; /* B, G, R, A */
   memcpy(v.mem.data(), bgra, 4);
   ASSERT_EQ(v.run(LSGPU_VFMT_B8G8R8A8_UNORM, 4, 0, 0, 0, out), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(f(out[0]), 0.2f);
   EXPECT_FLOAT_EQ(f(out[2]), 1.0f);
   EXPECT_FLOAT_EQ(f(out[3]), 0.4f);

   /* 10:10:10:2 signed: -512 clamps to -1 (GL 4.2), 511 is 1, A = -2 → -1. */
   const uint32_t packed = (uint32_t)(-512 & 0x3ff) | 511u << 10 | 0u << 20 | 2u << 30;
   memcpy(v.mem.data(), &packed, 4);
   ASSERT_EQ(v.run(LSGPU_VFMT_R10G10B10A2_SNORM, 4, 0, 0, 0, out), LSGPU_FAULT_NONE);
   EXPECT_EQ(f(out[0]), -1.0f);
   EXPECT_EQ(f(out[1]), 1.0f);
   EXPECT_EQ(f(out[2]), 0.0f);
   EXPECT_EQ(f(out[3]), -1.0f);
   ASSERT_EQ(v.run(LSGPU_VFMT_B10G10R10A2_USCALED, 4, 0, 0, 0, out), LSGPU_FAULT_NONE);
   EXPECT_EQ(f(out[2]), 512.0f); /* bits 0..9 hold blue in the BGR order */
   EXPECT_EQ(f(out[1]), 511.0f);
   EXPECT_EQ(f(out[3]), 2.0f);
}

/* The float and 32-bit integer formats (one to four words) read their words as they
 * are, and the components they lack as 0, 0, 1 (the integer 1 for integers). */
TEST(VertexFetch, WordFormatsReadTheirWordsAndFillTheRest)
{
   struct Case {
      uint32_t format;
      unsigned words;
      bool integer;
   };
   const Case cases[] = {
      {LSGPU_VFMT_R32_FLOAT, 1, false},       {LSGPU_VFMT_R32G32_FLOAT, 2, false},
      {LSGPU_VFMT_R32G32B32_FLOAT, 3, false}, {LSGPU_VFMT_R32G32B32A32_FLOAT, 4, false},
      {LSGPU_VFMT_R32_UINT, 1, true},         {LSGPU_VFMT_R32G32_UINT, 2, true},
      {LSGPU_VFMT_R32G32B32_UINT, 3, true},   {LSGPU_VFMT_R32G32B32A32_UINT, 4, true},
      {LSGPU_VFMT_R32_SINT, 1, true},         {LSGPU_VFMT_R32G32_SINT, 2, true},
      {LSGPU_VFMT_R32G32B32_SINT, 3, true},   {LSGPU_VFMT_R32G32B32A32_SINT, 4, true},
   };
   Fetch v;
   for (unsigned i = 0; i < v.mem.size(); i++)
      v.mem[i] = (uint8_t)(i * 7 + 3);
   for (const Case &c : cases) {
      const uint32_t format = c.format;
      /* Vertex 5 with a stride of 20: words at byte 100. */
      uint32_t out[4];
      ASSERT_EQ(v.run(format, 20, 0, 5, 0, out), LSGPU_FAULT_NONE) << format;
      const uint32_t fill[4] = {0, 0, 0, c.integer ? 1u : 0x3f800000u};
      for (unsigned w = 0; w < 4; w++) {
         uint32_t want = fill[w];
         if (w < c.words)
            memcpy(&want, &v.mem[100 + 4 * w], 4);
         EXPECT_EQ(out[w], want) << "format " << format << " word " << w;
      }
   }
}

TEST(VertexFetch, StridesDivisorsAndFaults)
{
   Fetch v;
   for (uint32_t i = 0; i < 8; i++)
      memcpy(&v.mem[16 * i], &i, 4);
   uint32_t out[4];
   ASSERT_EQ(v.run(LSGPU_VFMT_R32_UINT, 16, 0, 5, 0, out), LSGPU_FAULT_NONE);
   EXPECT_EQ(out[0], 5u);
   EXPECT_EQ(out[3], 1u); /* integer w defaults to 1 */
   ASSERT_EQ(v.run(LSGPU_VFMT_R32_UINT, 16, 3, 5, 7, out), LSGPU_FAULT_NONE);
   EXPECT_EQ(out[0], 2u); /* instance 7 / divisor 3 */
   /* A buffer that claims more than its BO holds: the MMU faults the element. */
   EXPECT_EQ(v.run(LSGPU_VFMT_R32_UINT, 16, 0, 16, 0, out, 4096), LSGPU_FAULT_MMU);
   EXPECT_EQ(v.run(0, 16, 0, 0, 0, out), LSGPU_FAULT_BAD_ARGUMENT);
}

TEST(VertexFetch, ElementsPastTheBufferReadZeroWOne)
{
   /* Robust buffer access: a 64-byte buffer of 16-byte vertices holds vertices 0..3;
    * vertex 4 and any vertex past the end read (0, 0, 0, 1) with no fault, integer w
    * 1 and float w 1.0; an element straddling the end is outside too. */
   Fetch v;
   memset(v.mem.data(), 0x7f, v.mem.size());
   uint32_t out[4];
   ASSERT_EQ(v.run(LSGPU_VFMT_R32G32B32A32_FLOAT, 16, 0, 4, 0, out, 64), LSGPU_FAULT_NONE);
   EXPECT_EQ(out[0], 0u);
   EXPECT_EQ(out[1], 0u);
   EXPECT_EQ(out[2], 0u);
   EXPECT_EQ(f(out[3]), 1.0f);
   ASSERT_EQ(v.run(LSGPU_VFMT_R32_UINT, 16, 0, 1000000, 0, out, 64), LSGPU_FAULT_NONE);
   EXPECT_EQ(out[0], 0u);
   EXPECT_EQ(out[3], 1u);
   ASSERT_EQ(v.run(LSGPU_VFMT_R32G32_FLOAT, 60, 0, 1, 0, out, 64), LSGPU_FAULT_NONE);
   EXPECT_EQ(out[0], 0u); /* bytes 60..67: straddles the end */
   ASSERT_EQ(v.run(LSGPU_VFMT_R32G32B32A32_FLOAT, 16, 0, 3, 0, out, 64), LSGPU_FAULT_NONE);
   EXPECT_EQ(out[0], 0x7f7f7f7fu); /* the last vertex inside is read */
   /* Zero bytes: nothing is inside. */
   ASSERT_EQ(v.run(LSGPU_VFMT_R32_FLOAT, 4, 0, 0, 0, out, 0), LSGPU_FAULT_NONE);
   EXPECT_EQ(out[0], 0u);
}

/* A draw finds each element's buffer once (vertex_buffer_host) when one mapping holds
 * all of it, and fetches from there the words a translation per vertex reads; a buffer
 * running past its mapping is not found, and its vertices fault where they did. */
TEST(VertexFetch, BuffersFoundOnceReadTheSameWords)
{
   Fetch v;
   for (unsigned i = 0; i < v.mem.size(); i++)
      v.mem[i] = (uint8_t)(i * 37 + 11);
   const lsgpu_vertex_element inside = {kVa + 16, 12, LSGPU_VFMT_R32G32B32_FLOAT, 0, 240};
   const uint8_t *buffer = vertex_buffer_host(v.as, inside);
   ASSERT_EQ(buffer, v.mem.data() + 16);
   for (uint32_t vertex = 0; vertex < 21; vertex++) { /* 20 inside, the 21st past the size */
      uint32_t once[4], each[4];
      bool outside_once = false, outside_each = false;
      ASSERT_EQ(vertex_fetch(v.as, inside, vertex, 0, once, 0, &outside_once, buffer),
                LSGPU_FAULT_NONE);
      ASSERT_EQ(vertex_fetch(v.as, inside, vertex, 0, each, 0, &outside_each), LSGPU_FAULT_NONE);
      EXPECT_EQ(memcmp(once, each, sizeof(once)), 0) << "vertex " << vertex;
      EXPECT_EQ(outside_once, outside_each);
   }
   const lsgpu_vertex_element past = {kVa + 16, 12, LSGPU_VFMT_R32G32B32_FLOAT, 0, 260};
   EXPECT_EQ(vertex_buffer_host(v.as, past), nullptr);
   uint32_t out[4];
   EXPECT_EQ(vertex_fetch(v.as, past, 20, 0, out), LSGPU_FAULT_MMU);
   const lsgpu_vertex_element unmapped = {kVa + 4096, 12, LSGPU_VFMT_R32G32B32_FLOAT, 0, 12};
   EXPECT_EQ(vertex_buffer_host(v.as, unmapped), nullptr);
}

/* A warp's elements of 32-bit words at once (vertex_fetch_copy): the words vertex_fetch
 * gives each vertex, for every format it copies; nothing written, and false, for the
 * formats it converts, an instanced element, an unknown buffer, or a warp with a vertex
 * past the buffer (which must read (0, 0, 0, 1) and be counted, vertex by vertex). */
TEST(VertexFetch, WarpCopiesGiveEachVertexsWords)
{
   Fetch v;
   for (unsigned i = 0; i < v.mem.size(); i++)
      v.mem[i] = (uint8_t)(i * 53 + 7);
   constexpr size_t kStride = 24; /* bytes between lanes' slots, as a warp block's */
   const uint32_t ids[5] = {3, 0, 9, 9, 14};
   const lsgpu_vfmt copied[] = {
      LSGPU_VFMT_R32_FLOAT,          LSGPU_VFMT_R32G32_FLOAT,      LSGPU_VFMT_R32G32B32_FLOAT,
      LSGPU_VFMT_R32G32B32A32_FLOAT, LSGPU_VFMT_R32_UINT,          LSGPU_VFMT_R32G32_UINT,
      LSGPU_VFMT_R32G32B32_UINT,     LSGPU_VFMT_R32G32B32A32_UINT, LSGPU_VFMT_R32_SINT,
      LSGPU_VFMT_R32G32_SINT,        LSGPU_VFMT_R32G32B32_SINT,    LSGPU_VFMT_R32G32B32A32_SINT};
   for (const lsgpu_vfmt format : copied) {
      const lsgpu_vertex_element e = {kVa + 8, 16, format, 0, 248};
      const uint8_t *buffer = vertex_buffer_host(v.as, e);
      ASSERT_NE(buffer, nullptr);
      std::vector<uint32_t> out(5 * kStride / 4, 0xdeadbeef);
      ASSERT_TRUE(vertex_fetch_copy(e, buffer, ids, 5, out.data(), kStride)) << format;
      for (unsigned l = 0; l < 5; l++) {
         uint32_t each[4];
         ASSERT_EQ(vertex_fetch(v.as, e, ids[l], 0, each), LSGPU_FAULT_NONE);
         EXPECT_EQ(memcmp(&out[l * kStride / 4], each, sizeof(each)), 0)
            << "format " << format << " lane " << l;
         EXPECT_EQ(out[l * kStride / 4 + 4], 0xdeadbeef) << "past the slot";
      }
   }
   std::vector<uint32_t> out(5 * kStride / 4, 0xdeadbeef);
   const std::vector<uint32_t> untouched = out;
   const lsgpu_vertex_element floats = {kVa + 8, 16, LSGPU_VFMT_R32G32B32_FLOAT, 0, 248};
   const uint8_t *buffer = vertex_buffer_host(v.as, floats);
   /* Vertex 15 ends at 15 * 16 + 12 = 252 > 248 bytes. */
   const uint32_t past[2] = {2, 15};
   EXPECT_FALSE(vertex_fetch_copy(floats, buffer, past, 2, out.data(), kStride));
   lsgpu_vertex_element instanced = floats;
   instanced.divisor = 1;
   EXPECT_FALSE(vertex_fetch_copy(instanced, buffer, ids, 5, out.data(), kStride));
   EXPECT_FALSE(vertex_fetch_copy(floats, nullptr, ids, 5, out.data(), kStride));
   const lsgpu_vertex_element bytes = {kVa + 8, 16, LSGPU_VFMT_R8G8B8A8_UNORM, 0, 248};
   EXPECT_FALSE(vertex_fetch_copy(bytes, buffer, ids, 5, out.data(), kStride));
   EXPECT_EQ(out, untouched);
}
