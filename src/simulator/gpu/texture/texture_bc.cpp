/* SPDX-License-Identifier: MIT */
/* S3TC (BC1..BC3) and RGTC (BC4, BC5) block decoding in the texture unit, exactly as
 * TEX_CODEC in the hardware description says: 8-bit results, divisions truncating. */
#include "gpu/texture/texture_block.h"

namespace lsgpu::sim
{

namespace
{

uint32_t
le16(const uint8_t *p)
{
   return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

/* RGB565 to three 8-bit codes, each widened by repeating its top bits. */
void
rgb565(uint32_t c, int32_t out[3])
{
   const uint32_t r = c >> 11, g = (c >> 5) & 0x3f, b = c & 0x1f;
   out[0] = (int32_t)(r << 3 | r >> 2);
   out[1] = (int32_t)(g << 2 | g >> 4);
   out[2] = (int32_t)(b << 3 | b >> 2);
}

/* A BC1 colour block; four_colour forces the c0 > c1 rule (BC2, BC3). */
void
colour_block(const uint8_t *p, bool four_colour, unsigned i, unsigned j, int32_t code[4])
{
   const uint32_t c0 = le16(p), c1 = le16(p + 2);
   const uint32_t indices = le16(p + 4) | le16(p + 6) << 16;
   const unsigned index = (indices >> (2 * (4 * j + i))) & 3;
   int32_t a[3], b[3];
   rgb565(c0, a);
   rgb565(c1, b);
   const bool opaque = four_colour || c0 > c1;
   code[3] = 255;
   for (unsigned c = 0; c < 3; c++) {
      switch (index) {
      case 0:
         code[c] = a[c];
         break;
      case 1:
         code[c] = b[c];
         break;
      case 2:
         code[c] = opaque ? (2 * a[c] + b[c]) / 3 : (a[c] + b[c]) / 2;
         break;
      default:
         code[c] = opaque ? (a[c] + 2 * b[c]) / 3 : 0;
         break;
      }
   }
   if (index == 3 && !opaque)
      code[3] = 0; /* the transparent black of three-colour blocks */
}

/* One channel of an RGTC block (and BC3's alpha). */
int32_t
channel_block(const uint8_t *p, bool is_signed, unsigned i, unsigned j)
{
   const int32_t a0 = is_signed ? (int8_t)p[0] : p[0];
   const int32_t a1 = is_signed ? (int8_t)p[1] : p[1];
   uint64_t indices = 0;
   for (unsigned k = 0; k < 6; k++)
      indices |= (uint64_t)p[2 + k] << (8 * k);
   const int32_t k = (int32_t)((indices >> (3 * (4 * j + i))) & 7);
   if (k == 0)
      return a0;
   if (k == 1)
      return a1;
   if (a0 > a1)
      return (a0 * (8 - k) + a1 * (k - 1)) / 7;
   if (k < 6)
      return (a0 * (6 - k) + a1 * (k - 1)) / 5;
   if (k == 6)
      return is_signed ? -128 : 0;
   return is_signed ? 127 : 255;
}

} // namespace

bool
texture_bc_decode(lsgpu_tex_codec codec, bool is_signed, const uint8_t *p, unsigned i, unsigned j,
                  int32_t code[4])
{
   switch (codec) {
   case LSGPU_TEX_CODEC_BC1:
      colour_block(p, false, i, j, code);
      break;
   case LSGPU_TEX_CODEC_BC2: {
      colour_block(p + 8, true, i, j, code);
      const unsigned bit = 4 * (4 * j + i);
      code[3] = (int32_t)((p[bit / 8] >> (bit % 8)) & 0xf) * 17;
      break;
   }
   case LSGPU_TEX_CODEC_BC3:
      colour_block(p + 8, true, i, j, code);
      code[3] = channel_block(p, false, i, j);
      break;
   case LSGPU_TEX_CODEC_BC4:
      code[0] = channel_block(p, is_signed, i, j);
      break;
   case LSGPU_TEX_CODEC_BC5:
      code[0] = channel_block(p, is_signed, i, j);
      code[1] = channel_block(p + 8, is_signed, i, j);
      break;
   default:
      return false;
   }
   return true;
}

} // namespace lsgpu::sim
