/* SPDX-License-Identifier: MIT */

/* The generated descriptor code (src/hw/lsgpu_packets.yaml): pack and unpack are
 * inverse, and validation rejects each field outside its documented range. */

#include <cstring>

#include <gtest/gtest.h>

#include "lsgpu_packets.h"

TEST(Descriptors, SamplerRoundTripsFloatsAndBorderColour)
{
   lsgpu_sampler s = {};
   s.wrap_s = LSGPU_WRAP_CLAMP_TO_BORDER;
   s.min_filter = LSGPU_FILTER_LINEAR;
   s.mip_filter = LSGPU_FILTER_NONE;
   s.lod_bias = -1.25f;
   s.max_lod = 1000.0f;
   s.compare = 1;
   s.compare_func = LSGPU_FUNC_LEQUAL;
   const float border[4] = {0.25f, 0.5f, 0.75f, 1.0f};
   memcpy(s.border, border, sizeof(border));
   s.normalized = 1;
   uint32_t dw[LSGPU_SAMPLER_LENGTH];
   lsgpu_pack_sampler(dw, &s);
   lsgpu_sampler back;
   lsgpu_unpack_sampler(dw, &back);
   EXPECT_EQ(memcmp(&s, &back, sizeof(s)), 0);
   EXPECT_EQ(lsgpu_validate_sampler(&back), LSGPU_FAULT_NONE);
   back.mip_filter = 3;
   EXPECT_EQ(lsgpu_validate_sampler(&back), LSGPU_FAULT_BAD_ARGUMENT);
}

TEST(Descriptors, TextureFieldsAreRangeChecked)
{
   lsgpu_texture t = {0x100000, LSGPU_TEX_TARGET_CUBE, LSGPU_TFMT_R8G8B8A8_UNORM, 64, 64, 1, 6, 0};
   EXPECT_EQ(lsgpu_validate_texture(&t), LSGPU_FAULT_NONE);
   uint32_t dw[LSGPU_TEXTURE_LENGTH];
   lsgpu_pack_texture(dw, &t);
   EXPECT_EQ(dw[0], 0x100000u);
   EXPECT_EQ(dw[2], (uint32_t)LSGPU_TEX_TARGET_CUBE);
   t.va = 0x100010; /* not 64-byte aligned */
   EXPECT_EQ(lsgpu_validate_texture(&t), LSGPU_FAULT_BAD_ARGUMENT);
   t.va = 0x100000;
   t.width = 8192;
   EXPECT_EQ(lsgpu_validate_texture(&t), LSGPU_FAULT_BAD_ARGUMENT);
   /* The texture table entry (docs/isa.md §3.2) holds a TEXTURE and a SAMPLER. */
   EXPECT_LE((LSGPU_TEXTURE_LENGTH + LSGPU_SAMPLER_LENGTH) * 4, 128u);
}

TEST(Descriptors, DrawStateRejectsOutOfRangeFields)
{
   lsgpu_draw_state st = {};
   st.vs_code_size = st.fs_code_size = 4;
   st.num_vs_outputs = 1;
   st.width = st.height = 1;
   EXPECT_EQ(lsgpu_validate_draw_state(&st), LSGPU_FAULT_NONE);
   st.num_rts = 9;
   EXPECT_EQ(lsgpu_validate_draw_state(&st), LSGPU_FAULT_BAD_ARGUMENT);
   st.num_rts = 1;
   st.stack_size = 24; /* not a multiple of 16 */
   EXPECT_EQ(lsgpu_validate_draw_state(&st), LSGPU_FAULT_BAD_ARGUMENT);
   st.stack_size = 32;
   st.zs_format = 5;
   EXPECT_EQ(lsgpu_validate_draw_state(&st), LSGPU_FAULT_BAD_ARGUMENT);
}
