/* SPDX-License-Identifier: MIT */
/* ETC2 and EAC block decoding in the texture unit (OpenGL ES 3.0 specification,
 * Appendix C.1; TEX_CODEC in the hardware description). ETC1 blocks are ETC2 blocks
 * that never overflow a differential colour, so they decode here too. */
#include "gpu/texture/texture_block.h"

#include <algorithm>

namespace lsgpu::sim
{

namespace
{

/* ETC1/ETC2 intensity modifiers by table, for indices 0..3 (2 × msb + lsb). */
constexpr int kIntensity[8][4] = {
   {2, 8, -2, -8},     {5, 17, -5, -17},   {9, 29, -9, -29},     {13, 42, -13, -42},
   {18, 60, -18, -60}, {24, 80, -24, -80}, {33, 106, -33, -106}, {47, 183, -47, -183},
};

/* T and H mode distances. */
constexpr int kDistance[8] = {3, 6, 11, 16, 23, 32, 41, 64};

/* EAC modifiers by table, for indices 0..7 (ES 3.0 Table C.12). */
constexpr int kEac[16][8] = {
   {-3, -6, -9, -15, 2, 5, 8, 14}, {-3, -7, -10, -13, 2, 6, 9, 12}, {-2, -5, -8, -13, 1, 4, 7, 12},
   {-2, -4, -6, -13, 1, 3, 5, 12}, {-3, -6, -8, -12, 2, 5, 7, 11},  {-3, -7, -9, -11, 2, 6, 8, 10},
   {-4, -7, -8, -11, 3, 6, 7, 10}, {-3, -5, -8, -11, 2, 4, 7, 10},  {-2, -6, -8, -10, 1, 5, 7, 9},
   {-2, -5, -8, -10, 1, 4, 7, 9},  {-2, -4, -8, -10, 1, 3, 7, 9},   {-2, -5, -7, -10, 1, 4, 6, 9},
   {-3, -4, -7, -10, 2, 3, 6, 9},  {-1, -2, -3, -10, 0, 1, 2, 9},   {-4, -6, -8, -9, 3, 5, 7, 8},
   {-3, -5, -7, -9, 2, 4, 6, 8},
};

int32_t
clamp255(int32_t v)
{
   return std::clamp(v, 0, 255);
}

int32_t
extend4(uint32_t v)
{
   return (int32_t)(v << 4 | v);
}

int32_t
extend5(uint32_t v)
{
   return (int32_t)(v << 3 | v >> 2);
}

int32_t
extend6(uint32_t v)
{
   return (int32_t)(v << 2 | v >> 4);
}

int32_t
extend7(uint32_t v)
{
   return (int32_t)(v << 1 | v >> 6);
}

/* A signed 3-bit delta. */
int32_t
delta3(uint32_t v)
{
   return (int32_t)(v & 3) - (int32_t)(v & 4);
}

/* An ETC2 RGB block (punch_through: the RGB8A1 variant, b3 bit 1 the opaque bit). */
void
etc2_rgb(const uint8_t *b, bool punch_through, unsigned i, unsigned j, int32_t code[4])
{
   const unsigned k = 4 * i + j; /* indices are column-major */
   const unsigned msb = (((uint32_t)b[4] << 8 | b[5]) >> k) & 1;
   const unsigned lsb = (((uint32_t)b[6] << 8 | b[7]) >> k) & 1;
   const unsigned index = 2 * msb + lsb;
   const bool diff = (b[3] & 2) != 0;
   const bool opaque = !punch_through || diff;
   code[3] = 255;
   const bool transparent = !opaque && index == 2;

   const int32_t r = b[0] >> 3, g = b[1] >> 3, bl = b[2] >> 3;
   const int32_t r2 = r + delta3(b[0]), g2 = g + delta3(b[1]), b2 = bl + delta3(b[2]);
   const bool differential = punch_through || diff;

   if (differential && (r2 < 0 || r2 > 31)) { /* T mode */
      const int32_t c1[3] = {extend4((uint32_t)((b[0] >> 3 & 3) << 2 | (b[0] & 3))),
                             extend4(b[1] >> 4), extend4(b[1] & 15u)};
      const int32_t c2[3] = {extend4(b[2] >> 4), extend4(b[2] & 15u), extend4(b[3] >> 4)};
      const int32_t d = kDistance[(b[3] >> 2 & 3) << 1 | (b[3] & 1)];
      for (unsigned c = 0; c < 3; c++) {
         const int32_t paint[4] = {c1[c], c2[c] + d, c2[c], c2[c] - d};
         code[c] = clamp255(paint[index]);
      }
   } else if (differential && (g2 < 0 || g2 > 31)) { /* H mode */
      const uint32_t r1 = b[0] >> 3 & 15, g1 = (b[0] & 7u) << 1 | (b[1] >> 4 & 1u),
                     b1 = (b[1] & 8u) | (b[1] & 3u) << 1 | b[2] >> 7;
      const uint32_t rr2 = b[2] >> 3 & 15, gg2 = (b[2] & 7u) << 1 | b[3] >> 7, bb2 = b[3] >> 3 & 15;
      const int32_t c1[3] = {extend4(r1), extend4(g1), extend4(b1)};
      const int32_t c2[3] = {extend4(rr2), extend4(gg2), extend4(bb2)};
      const uint32_t v1 = r1 << 8 | g1 << 4 | b1, v2 = rr2 << 8 | gg2 << 4 | bb2;
      const int32_t d = kDistance[(b[3] & 4) | (b[3] & 1) << 1 | (v1 >= v2 ? 1 : 0)];
      for (unsigned c = 0; c < 3; c++) {
         const int32_t paint[4] = {c1[c] + d, c1[c] - d, c2[c] + d, c2[c] - d};
         code[c] = clamp255(paint[index]);
      }
   } else if (differential && (b2 < 0 || b2 > 31)) { /* planar mode: always opaque */
      const int32_t o[3] = {
         extend6(b[0] >> 1 & 63u), extend7((b[0] & 1u) << 6 | (b[1] >> 1 & 63u)),
         extend6((b[1] & 1u) << 5 | (b[2] >> 3 & 3u) << 3 | (b[2] & 3u) << 1 | b[3] >> 7)};
      const int32_t h[3] = {extend6((b[3] >> 2 & 31u) << 1 | (b[3] & 1u)), extend7(b[4] >> 1),
                            extend6((b[4] & 1u) << 5 | b[5] >> 3)};
      const int32_t v[3] = {extend6((b[5] & 7u) << 3 | b[6] >> 5),
                            extend7((b[6] & 31u) << 2 | b[7] >> 6), extend6(b[7] & 63u)};
      for (unsigned c = 0; c < 3; c++)
         code[c] =
            clamp255(((int32_t)i * (h[c] - o[c]) + (int32_t)j * (v[c] - o[c]) + 4 * o[c] + 2) >> 2);
      return;
   } else {
      /* Individual or differential: two halves, each a base colour and a table. */
      const bool second = (b[3] & 1) ? j >= 2 : i >= 2;
      int32_t base[3];
      if (differential) {
         const int32_t five[3] = {second ? r2 : r, second ? g2 : g, second ? b2 : bl};
         for (unsigned c = 0; c < 3; c++)
            base[c] = extend5((uint32_t)five[c]);
      } else {
         for (unsigned c = 0; c < 3; c++)
            base[c] = extend4(second ? b[c] & 15u : (uint32_t)b[c] >> 4);
      }
      const unsigned table = second ? (b[3] >> 2 & 7) : b[3] >> 5;
      int32_t modifier = kIntensity[table][index];
      if (!opaque && (index & 1) == 0)
         modifier = 0; /* punch-through: the small intensities are zero */
      for (unsigned c = 0; c < 3; c++)
         code[c] = clamp255(base[c] + modifier);
   }
   if (transparent)
      code[0] = code[1] = code[2] = code[3] = 0;
}

/* An EAC block: 8-bit alpha (eleven false) or an 11-bit channel. */
int32_t
eac(const uint8_t *b, bool eleven, bool is_signed, unsigned i, unsigned j)
{
   uint64_t bits = 0;
   for (unsigned k = 2; k < 8; k++)
      bits = bits << 8 | b[k];
   const unsigned index = (unsigned)(bits >> (45 - 3 * (4 * i + j))) & 7;
   const int32_t multiplier = b[1] >> 4;
   const int32_t modifier = kEac[b[1] & 15][index];
   if (!eleven)
      return clamp255(b[0] + modifier * multiplier);
   if (is_signed) {
      const int32_t base = std::max<int32_t>((int8_t)b[0], -127);
      const int32_t v = multiplier ? base * 8 + modifier * multiplier * 8 : base * 8 + modifier;
      return std::clamp(v, -1023, 1023);
   }
   const int32_t v =
      multiplier ? b[0] * 8 + 4 + modifier * multiplier * 8 : b[0] * 8 + 4 + modifier;
   return std::clamp(v, 0, 2047);
}

} // namespace

bool
texture_etc_decode(lsgpu_tex_codec codec, bool is_signed, const uint8_t *p, unsigned i, unsigned j,
                   int32_t code[4])
{
   switch (codec) {
   case LSGPU_TEX_CODEC_ETC2_RGB:
      etc2_rgb(p, false, i, j, code);
      break;
   case LSGPU_TEX_CODEC_ETC2_RGB_A1:
      etc2_rgb(p, true, i, j, code);
      break;
   case LSGPU_TEX_CODEC_ETC2_RGBA:
      etc2_rgb(p + 8, false, i, j, code);
      code[3] = eac(p, false, false, i, j);
      break;
   case LSGPU_TEX_CODEC_EAC_R11:
      code[0] = eac(p, true, is_signed, i, j);
      break;
   case LSGPU_TEX_CODEC_EAC_RG11:
      code[0] = eac(p, true, is_signed, i, j);
      code[1] = eac(p + 8, true, is_signed, i, j);
      break;
   default:
      return false;
   }
   return true;
}

} // namespace lsgpu::sim
