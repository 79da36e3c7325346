/* SPDX-License-Identifier: MIT */

/* The generated layout code (src/hw/lsgpu_packets.yaml), for every packet and
 * descriptor at once through lsgpu_layouts(): random field values pack → unpack →
 * pack to the same words and print every field; reserved bits and values outside
 * an enumeration or a range are rejected by the decoder. */

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/float_bits.h"
#include "lsgpu_packets.h"
#include "printed.h"

namespace
{

/* A valid value of element i of a field, drawn at random. */
uint64_t
random_valid(std::mt19937_64 &rng, const lsgpu_field_info &f)
{
   if (f.num_values)
      return f.values[rng() % f.num_values];
   if (f.kind == LSGPU_FIELD_ADDRESS)
      return rng() & ~(uint64_t)(f.align - 1);
   if (f.kind == LSGPU_FIELD_FLOAT) {
      return lsgpu::sim::as_bits((float)(int32_t)(rng() % 2001 - 1000) / 8.0f);
   }
   const uint64_t span = (uint64_t)f.max - f.min + 1;
   uint64_t v = f.min + rng() % span;
   v &= ~(uint64_t)(f.align - 1);
   return v < f.min ? v + f.align : v;
}

struct Layouts : ::testing::TestWithParam<unsigned> {
   const lsgpu_layout_info &layout() const
   {
      unsigned n;
      return lsgpu_layouts(&n)[GetParam()];
   }
   std::vector<uint32_t> random_words(std::mt19937_64 &rng) const
   {
      std::vector<uint32_t> dw(layout().length);
      unsigned n;
      const lsgpu_field_info *fields = layout().fields(&n);
      for (unsigned i = 0; i < n; i++)
         for (unsigned e = 0; e < fields[i].count; e++)
            lsgpu_field_set(dw.data(), &fields[i], e, random_valid(rng, fields[i]));
      return dw;
   }
};

std::string
layout_name(const ::testing::TestParamInfo<unsigned> &info)
{
   unsigned n;
   return lsgpu_layouts(&n)[info.param].name;
}

unsigned
num_layouts()
{
   unsigned n;
   lsgpu_layouts(&n);
   return n;
}

} // namespace

TEST_P(Layouts, RandomFieldsRoundTripDecodeAndPrint)
{
   const lsgpu_layout_info &l = layout();
   std::mt19937_64 rng(GetParam() * 7919u + 1);
   for (int round = 0; round < 200; round++) {
      const std::vector<uint32_t> dw = random_words(rng);
      std::vector<uint8_t> st(l.struct_size), st2(l.struct_size);
      ASSERT_EQ(l.decode(dw.data(), st.data()), LSGPU_FAULT_NONE) << "round " << round;
      std::vector<uint32_t> again(l.length, 0xdeadbeef);
      l.pack(again.data(), st.data());
      ASSERT_EQ(again, dw) << "round " << round;
      l.unpack(again.data(), st2.data());
      std::vector<uint32_t> third(l.length);
      l.pack(third.data(), st2.data());
      EXPECT_EQ(third, dw);

      const std::string out = printed([&](FILE *fp) { l.print(fp, st.data(), "  "); });
      const char *text = out.c_str();
      unsigned n;
      const lsgpu_field_info *fields = l.fields(&n);
      for (unsigned i = 0; i < n; i++)
         EXPECT_NE(strstr(text, (std::string("  ") + fields[i].name + ":").c_str()), nullptr)
            << fields[i].name;
      EXPECT_EQ(strstr(text, "invalid"), nullptr) << text;
   }
}

TEST_P(Layouts, ReservedBitsAndOutOfTableValuesAreRejected)
{
   const lsgpu_layout_info &l = layout();
   std::mt19937_64 rng(GetParam() + 17);
   const std::vector<uint32_t> good = random_words(rng);
   std::vector<uint8_t> st(l.struct_size);
   ASSERT_EQ(l.decode(good.data(), st.data()), LSGPU_FAULT_NONE);

   /* Every bit no field covers. */
   std::vector<uint32_t> covered(l.length);
   unsigned n;
   const lsgpu_field_info *fields = l.fields(&n);
   for (unsigned i = 0; i < n; i++)
      for (unsigned e = 0; e < fields[i].count; e++)
         lsgpu_field_set(covered.data(), &fields[i], e, ~0ull);
   unsigned reserved = 0;
   for (unsigned w = 0; w < l.length; w++) {
      for (unsigned b = 0; b < 32; b++) {
         if (covered[w] >> b & 1)
            continue;
         std::vector<uint32_t> bad = good;
         bad[w] |= 1u << b;
         EXPECT_EQ(l.decode(bad.data(), st.data()), LSGPU_FAULT_BAD_ARGUMENT)
            << "word " << w << " bit " << b;
         reserved++;
      }
   }

   /* Each enumerated or listed field holding a value its list lacks, and each bounded
    * field just past its bound. */
   for (unsigned i = 0; i < n; i++) {
      const lsgpu_field_info &f = fields[i];
      const uint64_t top = f.size >= 32 ? 0xffffffffull : (1ull << f.size) - 1;
      std::vector<uint64_t> invalid;
      if (f.num_values) {
         for (uint64_t v = 0; v <= std::min<uint64_t>(top, 64); v++)
            if (std::find(f.values, f.values + f.num_values, v) == f.values + f.num_values) {
               invalid.push_back(v);
               break;
            }
      } else if (f.kind == LSGPU_FIELD_UINT || f.kind == LSGPU_FIELD_ENUM) {
         if (f.max < top)
            invalid.push_back((uint64_t)f.max + 1);
         if (f.min > 0)
            invalid.push_back((uint64_t)f.min - 1);
      }
      if (f.align > 1)
         invalid.push_back(random_valid(rng, f) | 1);
      for (uint64_t v : invalid) {
         std::vector<uint32_t> bad = good;
         lsgpu_field_set(bad.data(), &f, f.count - 1, v);
         EXPECT_EQ(l.decode(bad.data(), st.data()), LSGPU_FAULT_BAD_ARGUMENT)
            << f.name << " = " << v;
      }
   }
   RecordProperty("reserved_bits", reserved);
}

INSTANTIATE_TEST_SUITE_P(Generated, Layouts, ::testing::Range(0u, num_layouts()), layout_name);

TEST(Descriptors, SamplerFloatsAndTextureTableEntry)
{
   lsgpu_sampler s = {};
   s.wrap_s = LSGPU_WRAP_CLAMP_TO_BORDER;
   s.min_filter = LSGPU_FILTER_LINEAR;
   s.mip_filter = LSGPU_FILTER_NONE;
   s.lod_bias = -1.25f;
   s.max_lod = 1000.0f;
   s.compare = true;
   s.compare_func = LSGPU_FUNC_LEQUAL;
   const float border[4] = {0.25f, 0.5f, 0.75f, 1.0f};
   memcpy(s.border, border, sizeof(border));
   s.normalized = true;
   uint32_t dw[LSGPU_SAMPLER_LENGTH];
   lsgpu_pack_sampler(dw, &s);
   lsgpu_sampler back;
   ASSERT_EQ(lsgpu_decode_sampler(dw, &back), LSGPU_FAULT_NONE);
   EXPECT_EQ(back.lod_bias, -1.25f);
   EXPECT_EQ(back.border[2], 0.75f);
   EXPECT_EQ(back.compare_func, LSGPU_FUNC_LEQUAL);
   /* A magnification filter of NONE fits the field and is in FILTER, but the field
    * allows NEAREST and LINEAR only. */
   back.mag_filter = LSGPU_FILTER_NONE;
   EXPECT_EQ(lsgpu_validate_sampler(&back), LSGPU_FAULT_BAD_ARGUMENT);
   /* The texture table entry (docs/isa.md §3.2) holds a TEXTURE and a SAMPLER. */
   EXPECT_LE((LSGPU_TEXTURE_LENGTH + LSGPU_SAMPLER_LENGTH) * 4, 128u);
}

TEST(Descriptors, DrawStateBitfieldsLandWhereTheReferenceSays)
{
   lsgpu_draw_state st = {};
   st.scissor_min_x = 3;
   st.scissor_min_y = 5;
   st.stencil_func[0] = LSGPU_FUNC_EQUAL;
   st.stencil_zpass_op[0] = LSGPU_STENCIL_OP_INVERT;
   st.stencil_write_mask[1] = 0xa5;
   st.fs_input_slot[1] = 7;
   st.fs_input_interp[1] = LSGPU_INTERP_FLAT;
   st.line_stipple_enable = true;
   st.line_stipple_factor = 2;
   st.fs_writes_stencil = true;
   uint32_t dw[LSGPU_DRAW_STATE_LENGTH];
   lsgpu_pack_draw_state(dw, &st);
   /* docs/command-stream-reference.md, DRAW_STATE. */
   EXPECT_EQ(dw[46], 3u | 5u << 16);
   EXPECT_EQ(dw[67], 2u | 7u << 9);
   EXPECT_EQ(dw[70], 0xa5u << 16);
   EXPECT_EQ(dw[20], 7u | 2u << 8);
   EXPECT_EQ(dw[85], 1u << 24 | 2u << 16);
   EXPECT_EQ(dw[39], 8u);
}

TEST(Descriptors, PacketPrinterNamesFieldsAndEnums)
{
   lsgpu_draw d = {};
   d.state_va = 0x12340;
   d.mode = LSGPU_PRIM_TRIANGLE_STRIP;
   d.count = 4;
   d.instance_count = 1;
   d.base_vertex = -3;
   uint32_t dw[1 + LSGPU_DRAW_LENGTH];
   lsgpu_pack_draw(dw, &d);
   const std::string out = printed([&](FILE *fp) {
      EXPECT_EQ(lsgpu_print_packet(fp, dw, 1 + LSGPU_DRAW_LENGTH, ""), 1u + LSGPU_DRAW_LENGTH);
      EXPECT_EQ(lsgpu_print_packet(fp, dw, 3, ""), 3u); /* truncated */
   });
   const char *text = out.c_str();
   EXPECT_NE(strstr(text, ("DRAW (0x0b), " + std::to_string(LSGPU_DRAW_LENGTH) + " words").c_str()),
             nullptr)
      << text;
   EXPECT_NE(strstr(text, "mode: TRIANGLE_STRIP"), nullptr) << text;
   EXPECT_NE(strstr(text, "base_vertex: -3"), nullptr) << text;
   EXPECT_NE(strstr(text, "state_va: 0x12340"), nullptr) << text;
   EXPECT_NE(strstr(text, "truncated"), nullptr) << text;
}
