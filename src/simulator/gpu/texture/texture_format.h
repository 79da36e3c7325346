/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_TEXTURE_FORMAT_H
#define LSGPU_SIM_TEXTURE_FORMAT_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <emmintrin.h>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

/* Bytes per texel of a TFMT (per 4×4 block of a compressed one), 0 for a value that
 * is not one. */
unsigned texture_format_size(uint32_t tfmt);

/* Whether a TFMT holds integers (UINT, SINT): decoded to integer bit patterns. */
bool texture_format_is_integer(uint32_t tfmt);
/* Decodes the texel at p into its memory channels 0..3 (docs/command-stream-
 * reference.md, TFMT): normalized integers to [0, 1], half floats widened, sRGB
 * decoded to linear, channels the format lacks (0, 0, 0, 1); integer formats and
 * the stencil of depth/stencil formats as 32-bit integer bit patterns (1 the
 * integer one). */
void texture_format_decode(uint32_t tfmt, const uint8_t *p, float out[4]);

/* v / 255 for every 8-bit v, as texture_format_decode computes a UNORM8 channel. */
extern const float (&texture_unorm8_value)[256];

/* The four bytes at p as texture_unorm8_value gives each, in byte order, in one SSE
 * register: v / 255 as a vector division, the table's bits (the texture unit's and the
 * output merger's four-channel paths). */
inline __m128
texture_unorm8x4(const uint8_t *p)
{
   uint32_t word;
   memcpy(&word, p, 4);
   const __m128i zero = _mm_setzero_si128();
   const __m128i bytes =
      _mm_unpacklo_epi16(_mm_unpacklo_epi8(_mm_cvtsi32_si128((int)word), zero), zero);
   return _mm_div_ps(_mm_cvtepi32_ps(bytes), _mm_set1_ps(255.0f));
}

/* One format's decoding, chosen once per texture or render target rather than per
 * texel: formats whose channels are 8-bit UNORM at byte offsets (RGBA8, BGRA8, RG8,
 * R8, L8, LA8, A8, ...) read their bytes through a table; every other format takes
 * texture_format_decode. The results are the same bits either way. */
class TexelDecoder
{
 public:
   explicit TexelDecoder(uint32_t tfmt = 0);
   void decode(const uint8_t *p, float out[4]) const { decode4(p, out[0], out[1], out[2], out[3]); }
   /* decode() for a hot loop that keeps the channels in registers: no store through
    * out[] (a loop of unknown count writes memory, which the next read as a vector
    * must wait for). */
   /* Channels of a format whose every channel is one UNORM8 byte, else 0: their texels
    * decode to finite values in [0, 1]. */
   unsigned unorm8_channels() const { return unorm8_channels_; }
   /* The byte of channel c (below unorm8_channels()) in the texel. */
   unsigned unorm8_byte(unsigned c) const { return unorm8_byte_[c]; }
   void decode4(const uint8_t *p, float &r, float &g, float &b, float &a) const
   {
      if (!unorm8_channels_) {
         float out[4];
         texture_format_decode(tfmt_, p, out);
         r = out[0], g = out[1], b = out[2], a = out[3];
         return;
      }
      const unsigned n = unorm8_channels_;
      r = texture_unorm8_value[p[unorm8_byte_[0]]]; /* every such format has one */
      g = n > 1 ? texture_unorm8_value[p[unorm8_byte_[1]]] : 0.0f;
      b = n > 2 ? texture_unorm8_value[p[unorm8_byte_[2]]] : 0.0f;
      a = n > 3 ? texture_unorm8_value[p[unorm8_byte_[3]]] : 1.0f;
   }

 private:
   uint32_t tfmt_;
   unsigned unorm8_channels_ = 0; /* 0: the general path */
   uint8_t unorm8_byte_[4] = {};
};

/* The 4×4 block of a compressed TFMT (its codec and how its channels read), NULL for
 * any other format. */
using TexelBlock = lsgpu_tfmt_block;

inline const TexelBlock *
texture_format_block(uint32_t tfmt)
{
   return lsgpu_tfmt_get_block(tfmt);
}

/* Decodes texel (i, j) of the compressed block at p into memory channels 0..3, as
 * texture_format_decode does a plain texel: channels the codec lacks (0, 0, 0, 1). */
void texture_format_decode_block(const TexelBlock &block, const uint8_t *p, unsigned i, unsigned j,
                                 float out[4]);

/* Where the memory channels of a texel lie: channel c has bits[c] bits from bit
 * offset[c] of the little-endian texel, of one kind (LSGPU_TEXEL_KIND_*) — the layout
 * the hardware description gives each TFMT. The output merger writes render targets
 * through it. */
using TexelLayout = lsgpu_tfmt_layout;

/* The layout of a TFMT, NULL for a value that is not one. */
inline const TexelLayout *
texture_format_layout(uint32_t tfmt)
{
   return lsgpu_tfmt_get_layout(tfmt);
}

/* Raw bits of memory channel c of the texel at p, and their replacement. */
uint32_t texel_channel_get(const TexelLayout &layout, const uint8_t *p, unsigned c);
void texel_channel_set(const TexelLayout &layout, uint8_t *p, unsigned c, uint32_t bits);

/* The stored value of a normalized unsigned channel of `bits` bits for v: clamped to
 * [0, 1] (NaN 0), scaled in single precision and rounded half away from zero, as GL
 * implementations do (0.9 → 229.5 → 230). The product is not negative, so adding a
 * half in double precision (exact for every float below 2^32) and truncating is
 * lround's rounding without its library call: colour writes take this per channel. */
inline uint32_t
unorm_from_float(float v, unsigned bits)
{
   if (std::isnan(v))
      return 0;
   const float max = (float)((1ull << bits) - 1);
   return (uint32_t)(uint64_t)((double)(std::clamp(v, 0.0f, 1.0f) * max) + 0.5);
}

/* Encodes value (the float of each memory channel) into the channels in mask of the
 * texel at p: normalized formats clamp to [0, 1] ([−1, 1] signed) and round, sRGB
 * encodes channels 0..2 (EXT_texture_sRGB's OETF), half and small unsigned floats
 * round to nearest even, a shared-exponent texel is written whole. */
void texture_format_encode(const TexelLayout &layout, const float value[4], unsigned mask,
                           uint8_t *p);

} // namespace lsgpu::sim

#endif
