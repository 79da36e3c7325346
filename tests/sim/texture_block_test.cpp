/* SPDX-License-Identifier: MIT */

/* The texture unit's block decoders (TEX_CODEC): S3TC against libsquish's decoder on
 * random blocks, RGTC's channel against DXT5's alpha (the same block), and signed
 * RGTC, ETC2 in each of its modes and EAC against values worked out by hand from the
 * OpenGL ES 3.0 specification, Appendix C.1. */

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>

#include <gtest/gtest.h>
#include <squish.h>

#include "gpu/texture/texture_format.h"

using namespace lsgpu::sim;

namespace
{

/* Texel (i, j) of a block of format tfmt, as 8-bit codes (what the codec produced,
 * for formats whose kind is UNORM). */
void
decode8(uint32_t tfmt, const uint8_t *block, unsigned i, unsigned j, int out[4])
{
   const TexelBlock *b = texture_format_block(tfmt);
   ASSERT_NE(b, nullptr);
   float v[4];
   texture_format_decode_block(*b, block, i, j, v);
   for (unsigned c = 0; c < 4; c++)
      out[c] = (int)std::lround(v[c] * 255.0f);
}

/* Channel 0 of texel (i, j) of a signed or 11-bit block, unscaled. */
float
decode_channel(uint32_t tfmt, const uint8_t *block, unsigned i, unsigned j, unsigned c = 0)
{
   float v[4];
   texture_format_decode_block(*texture_format_block(tfmt), block, i, j, v);
   return v[c];
}

void
expect_rgb(uint32_t tfmt, const uint8_t *block, unsigned i, unsigned j, int r, int g, int b,
           int a = 255)
{
   int v[4];
   decode8(tfmt, block, i, j, v);
   EXPECT_EQ(v[0], r) << "texel " << i << "," << j;
   EXPECT_EQ(v[1], g) << "texel " << i << "," << j;
   EXPECT_EQ(v[2], b) << "texel " << i << "," << j;
   EXPECT_EQ(v[3], a) << "texel " << i << "," << j;
}

} // namespace

TEST(TextureBlock, FormatsDescribeTheirBlocks)
{
   EXPECT_EQ(texture_format_size(LSGPU_TFMT_BC1_UNORM), 8u);
   EXPECT_EQ(texture_format_size(LSGPU_TFMT_BC3_SRGB), 16u);
   EXPECT_EQ(texture_format_size(LSGPU_TFMT_EAC_RG11_SNORM), 16u);
   /* No per-texel layout: render targets, resolves and image stores refuse them. */
   EXPECT_EQ(texture_format_layout(LSGPU_TFMT_ETC2_RGB8), nullptr);
   EXPECT_EQ(texture_format_block(LSGPU_TFMT_R8G8B8A8_UNORM), nullptr);
}

/* Every texel of 3000 random blocks of each S3TC codec, both DXT1 modes included,
 * as libsquish decodes them. */
TEST(TextureBlock, S3tcDecodesAsLibsquish)
{
   std::mt19937 rng(7);
   const struct {
      uint32_t tfmt;
      int flags;
      unsigned bytes;
   } codecs[] = {{LSGPU_TFMT_BC1_UNORM, squish::kDxt1, 8},
                 {LSGPU_TFMT_BC2_UNORM, squish::kDxt3, 16},
                 {LSGPU_TFMT_BC3_UNORM, squish::kDxt5, 16}};
   for (const auto &codec : codecs) {
      unsigned mismatches = 0;
      for (int n = 0; n < 3000; n++) {
         uint8_t block[16];
         for (uint8_t &b : block)
            b = (uint8_t)rng();
         uint8_t ref[64];
         squish::Decompress(ref, block, codec.flags);
         for (unsigned j = 0; j < 4; j++)
            for (unsigned i = 0; i < 4; i++) {
               int v[4];
               decode8(codec.tfmt, block, i, j, v);
               for (unsigned c = 0; c < 4; c++)
                  mismatches += v[c] != ref[4 * (4 * j + i) + c];
            }
      }
      EXPECT_EQ(mismatches, 0u) << lsgpu_tfmt_name(codec.tfmt);
   }
}

/* An unsigned RGTC block is a DXT5 alpha block: both channels of BC5 decode as
 * libsquish decodes DXT5's alpha. */
TEST(TextureBlock, RgtcChannelsDecodeAsDxt5Alpha)
{
   std::mt19937 rng(11);
   unsigned mismatches = 0;
   for (int n = 0; n < 3000; n++) {
      uint8_t block[16];
      for (uint8_t &b : block)
         b = (uint8_t)rng();
      uint8_t dxt5[16] = {}, ref0[64], ref1[64];
      memcpy(dxt5, block, 8);
      squish::Decompress(ref0, dxt5, squish::kDxt5);
      memcpy(dxt5, block + 8, 8);
      squish::Decompress(ref1, dxt5, squish::kDxt5);
      for (unsigned j = 0; j < 4; j++)
         for (unsigned i = 0; i < 4; i++) {
            int v[4], r[4];
            decode8(LSGPU_TFMT_BC5_UNORM, block, i, j, v);
            decode8(LSGPU_TFMT_BC4_UNORM, block, i, j, r);
            mismatches += v[0] != ref0[4 * (4 * j + i) + 3] || v[1] != ref1[4 * (4 * j + i) + 3] ||
                          r[0] != v[0] || r[1] != 0 || r[3] != 255;
         }
   }
   EXPECT_EQ(mismatches, 0u);
}

/* Signed RGTC: endpoints are signed bytes, interpolation truncates toward zero, codes
 * 6 and 7 of the six-value mode are −128 and 127 (both read as ±1). */
TEST(TextureBlock, SignedRgtcInterpolatesTowardZero)
{
   /* a0 = −100 < a1 = 50: six values; texels 0..3 take codes 2, 3, 6, 7. */
   const uint8_t six[8] = {0x9c, 50, (2 | 3 << 3 | 6 << 6) & 0xff, 6 >> 2 | 7 << 1, 0, 0, 0, 0};
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_BC4_SNORM, six, 0, 0), -70.0f / 127);
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_BC4_SNORM, six, 1, 0), -40.0f / 127);
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_BC4_SNORM, six, 2, 0), -1.0f);
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_BC4_SNORM, six, 3, 0), 1.0f);
   /* a0 = 50 > a1 = −100: eight values; codes 2 and 5 (200 / 7, −250 / 7). */
   const uint8_t eight[8] = {50, 0x9c, 2 | 5 << 3, 0, 0, 0, 0, 0};
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_BC4_SNORM, eight, 0, 0), 28.0f / 127);
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_BC4_SNORM, eight, 1, 0), -35.0f / 127);
}

/* Individual and differential ETC1/ETC2 blocks: halves side by side or (flip)
 * stacked, each with its base colour and intensity table. */
TEST(TextureBlock, Etc2IndividualAndDifferentialModes)
{
   /* Individual: bases (170, 51, 0) and (85, 204, 0), tables 7 and 0, index 1
    * (+large) everywhere. */
   const uint8_t ind[8] = {0xa5, 0x3c, 0x00, 0xe0, 0, 0, 0xff, 0xff};
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, ind, 0, 0, 255, 234, 183);
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, ind, 3, 3, 93, 212, 8);
   /* Differential, flipped: (132, 0, 255) and (156, 0, 222) from R 16 + 3, G 0,
    * B 31 − 4; tables 0 and 1, index 2 (−small). */
   const uint8_t diff[8] = {0x83, 0x00, 0xfc, 0x07, 0xff, 0xff, 0, 0};
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, diff, 3, 0, 130, 0, 253);
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, diff, 0, 3, 151, 0, 217);
}

/* The modes ETC2 adds where a differential colour overflows: T (red), H (green),
 * planar (blue). */
TEST(TextureBlock, Etc2TAndHAndPlanarModes)
{
   /* T: C1 (221, 68, 170), C2 (34, 119, 85), distance 32; texel (0, 0) index 1
    * (C2 + d), (0, 1) index 3 (C2 − d), (1, 0) index 0 (C1). */
   const uint8_t t[8] = {0xf9, 0x4a, 0x27, 0x5b, 0x00, 0x02, 0x00, 0x03};
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, t, 0, 0, 66, 151, 117);
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, t, 0, 1, 2, 87, 53);
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, t, 1, 0, 221, 68, 170);
   /* H: C1 (34, 17, 187) >= C2 (0, 17, 102) sets the distance's low bit: 32; index 2
    * (C2 + d) everywhere. */
   const uint8_t h[8] = {0x10, 0xf9, 0x80, 0xb6, 0xff, 0xff, 0x00, 0x00};
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, h, 2, 1, 32, 49, 134);
   /* Planar: O (130, 64, 105), H (0, 255, 125), V (28, 6, 20). */
   const uint8_t planar[8] = {0x40, 0x40, 0xf9, 0x02, 0xfe, 0xf8, 0xe0, 0xc5};
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, planar, 0, 0, 130, 64, 105);
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, planar, 3, 0, 33, 207, 120);
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, planar, 0, 3, 54, 21, 41);
   expect_rgb(LSGPU_TFMT_ETC2_RGB8, planar, 3, 3, 0, 164, 56);
}

/* Punch-through alpha: a non-opaque differential block has no small intensities and
 * index 2 is transparent black. */
TEST(TextureBlock, Etc2PunchThroughAlpha)
{
   const uint8_t block[8] = {0x83, 0x00, 0xfc, 0x05, 0x00, 0x01, 0x00, 0x04};
   expect_rgb(LSGPU_TFMT_ETC2_RGB8A1, block, 0, 0, 0, 0, 0, 0);
   expect_rgb(LSGPU_TFMT_ETC2_RGB8A1, block, 0, 1, 132, 0, 255, 255);
   expect_rgb(LSGPU_TFMT_ETC2_RGB8A1, block, 0, 2, 173, 17, 239, 255);
   /* The same block with the opaque bit: ETC2 RGB8's decoding, alpha 255. */
   uint8_t opaque[8];
   memcpy(opaque, block, 8);
   opaque[3] |= 2;
   int a[4], b[4];
   decode8(LSGPU_TFMT_ETC2_RGB8A1, opaque, 0, 0, a);
   decode8(LSGPU_TFMT_ETC2_RGB8, opaque, 0, 0, b);
   EXPECT_EQ(memcmp(a, b, sizeof(a)), 0);
   EXPECT_EQ(a[3], 255);
}

/* EAC: 11-bit unsigned values 8 base + 4 + modifier × multiplier × 8 (the modifier
 * alone for multiplier 0), signed ones without the 4 and clamped to ±1023; as RGBA8's
 * alpha, base + modifier × multiplier. Table 13 is −1, −2, −3, −10, 0, 1, 2, 9. */
TEST(TextureBlock, EacElevenBitAndAlpha)
{
   const uint8_t r11[8] = {100, 0x2d, 0xe0, 0, 0, 0, 0, 0}; /* (0, 0) index 7, (0, 1) 0 */
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_EAC_R11_UNORM, r11, 0, 0), 948.0f / 2047);
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_EAC_R11_UNORM, r11, 0, 1), 788.0f / 2047);
   const uint8_t zero_mult[8] = {100, 0x0d, 0xe0, 0, 0, 0, 0, 0};
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_EAC_R11_UNORM, zero_mult, 0, 0), 813.0f / 2047);
   const uint8_t s11[8] = {0x80, 0x2d, 0xe0, 0, 0, 0, 0, 0}; /* base −128 reads −127 */
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_EAC_R11_SNORM, s11, 0, 0), -872.0f / 1023);
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_EAC_R11_SNORM, s11, 0, 1), -1.0f);
   uint8_t rg[16];
   memcpy(rg, r11, 8);
   memcpy(rg + 8, zero_mult, 8);
   EXPECT_FLOAT_EQ(decode_channel(LSGPU_TFMT_EAC_RG11_UNORM, rg, 0, 0, 1), 813.0f / 2047);
   /* RGBA8: the alpha block, then (individual) colour. */
   const uint8_t rgba[16] = {100,  0x2d, 0xe0, 0,    0, 0, 0,    0,
                             0xa5, 0x3c, 0x00, 0xe0, 0, 0, 0xff, 0xff};
   expect_rgb(LSGPU_TFMT_ETC2_RGBA8, rgba, 0, 0, 255, 234, 183, 118);
   expect_rgb(LSGPU_TFMT_ETC2_RGBA8, rgba, 0, 1, 255, 234, 183, 98);
}
