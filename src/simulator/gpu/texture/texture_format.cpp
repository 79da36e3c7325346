/* SPDX-License-Identifier: MIT */
/* Texel decoding for the texture unit: one function per memory layout of TFMT. */
#include "gpu/texture/texture_format.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/float_bits.h"
#include "common/le_word.h"
#include "gpu/texture/texture_block.h"
#include "lsgpu_packets.h"

namespace lsgpu::sim
{

namespace
{

float
unorm(uint32_t v, unsigned bits)
{
   return (float)v / (float)((1u << bits) - 1);
}

/* IEEE half to single, denormals and infinities included. */
float
half_to_float(uint16_t h)
{
   const uint32_t sign = (uint32_t)(h >> 15) << 31, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
   uint32_t bits;
   if (exp == 0) {
      const float f = std::ldexp((float)man, -24);
      return sign ? -f : f;
   }
   if (exp == 31)
      bits = sign | 0x7f800000u | man << 13;
   else
      bits = sign | (exp + 112) << 23 | man << 13;
   return as_float(bits);
}

/* sRGB EOTF (GL 2.1 §3.8.15, EXT_texture_sRGB), on the 8-bit code. */
float
srgb_to_linear(uint8_t v)
{
   static float table[256];
   static bool ready = [] {
      for (unsigned i = 0; i < 256; i++) {
         const double c = i / 255.0;
         table[i] = (float)(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
      }
      return true;
   }();
   (void)ready;
   return table[v];
}

/* An unsigned float of a 5-bit exponent (bias 15) over `mantissa` bits, as the
 * channels of R11G11B10_FLOAT: zero, denormals, infinity and NaN as IEEE's. */
float
ufloat_to_float(uint32_t v, unsigned mantissa)
{
   const uint32_t e = v >> mantissa, m = v & ((1u << mantissa) - 1);
   if (e == 0)
      return std::ldexp((float)m, -14 - (int)mantissa);
   if (e == 31)
      return m ? NAN : INFINITY;
   return std::ldexp(1.0f + (float)m / (float)(1u << mantissa), (int)e - 15);
}

} // namespace

unsigned
texture_format_size(uint32_t tfmt)
{
   if (const TexelBlock *b = texture_format_block(tfmt))
      return b->bytes;
   const struct lsgpu_tfmt_layout *l = lsgpu_tfmt_get_layout(tfmt);
   return l ? l->bytes : 0;
}

void
texture_format_decode_block(const TexelBlock &block, const uint8_t *p, unsigned i, unsigned j,
                            float out[4])
{
   const bool is_signed = block.kind == LSGPU_TEXEL_KIND_SNORM;
   int32_t code[4] = {0, 0, 0, 255};
   if (!texture_bc_decode(block.codec, is_signed, p, i, j, code))
      texture_etc_decode(block.codec, is_signed, p, i, j, code);
   const bool eleven =
      block.codec == LSGPU_TEX_CODEC_EAC_R11 || block.codec == LSGPU_TEX_CODEC_EAC_RG11;
   /* 8-bit codes, or EAC's 11-bit values (ten bits and a sign when signed). */
   const float top = eleven ? (is_signed ? 1023.0f : 2047.0f) : (is_signed ? 127.0f : 255.0f);
   out[0] = out[1] = out[2] = 0.0f;
   out[3] = 1.0f;
   for (unsigned c = 0; c < 4; c++) {
      if (c >= block.channels)
         break;
      if (block.kind == LSGPU_TEXEL_KIND_SRGB && c < 3)
         out[c] = srgb_to_linear((uint8_t)code[c]);
      else
         out[c] = std::max((float)code[c] / top, -1.0f);
   }
}

namespace
{

struct Unorm8Values {
   float v[256];
   Unorm8Values()
   {
      for (uint32_t i = 0; i < 256; i++)
         v[i] = unorm(i, 8);
   }
};

const Unorm8Values unorm8_values;

} // namespace

const float (&texture_unorm8_value)[256] = unorm8_values.v;

TexelDecoder::TexelDecoder(uint32_t tfmt) : tfmt_(tfmt)
{
   const struct lsgpu_tfmt_layout *l = lsgpu_tfmt_get_layout(tfmt);
   if (!l || l->kind != LSGPU_TEXEL_KIND_UNORM || l->channels > 4)
      return;
   for (unsigned c = 0; c < l->channels; c++)
      if (l->bits[c] != 8 || l->offset[c] % 8 || l->offset[c] / 8 >= l->bytes)
         return;
   for (unsigned c = 0; c < l->channels; c++)
      unorm8_byte_[c] = (uint8_t)(l->offset[c] / 8);
   unorm8_channels_ = l->channels;
}

bool
texture_format_is_integer(uint32_t tfmt)
{
   const struct lsgpu_tfmt_layout *l = lsgpu_tfmt_get_layout(tfmt);
   return l && (l->kind == LSGPU_TEXEL_KIND_UINT || l->kind == LSGPU_TEXEL_KIND_SINT);
}

void
texture_format_decode(uint32_t tfmt, const uint8_t *p, float out[4])
{
   out[0] = out[1] = out[2] = 0.0f;
   out[3] = 1.0f;
   const struct lsgpu_tfmt_layout *l = lsgpu_tfmt_get_layout(tfmt);
   if (l && (l->kind == LSGPU_TEXEL_KIND_UINT || l->kind == LSGPU_TEXEL_KIND_SINT)) {
      /* Integers travel as 32-bit integer bit patterns in the float results. */
      out[3] = as_float(1u);
      for (unsigned c = 0; c < l->channels; c++) {
         uint32_t v = texel_channel_get(*l, p, c);
         const unsigned bits = l->bits[c];
         if (l->kind == LSGPU_TEXEL_KIND_SINT && bits < 32)
            v = (uint32_t)((int32_t)(v << (32 - bits)) >> (32 - bits));
         out[c] = as_float(v);
      }
      return;
   }
   if (!l)
      return;
   switch (l->kind) {
   case LSGPU_TEXEL_KIND_DEPTH: {
      if (tfmt == LSGPU_TFMT_Z32_FLOAT_S8X24_UINT) {
         out[0] = as_float((uint32_t)load_le(p, 4));
         out[1] = as_float((uint32_t)p[4]);
         return;
      }
      const uint32_t v = (uint32_t)load_le(p, 4);
      const bool z_low = tfmt == LSGPU_TFMT_Z24_UNORM_S8_UINT;
      out[0] = unorm(z_low ? v & 0xffffff : v >> 8, 24);
      out[1] = as_float(z_low ? v >> 24 : v & 0xff); /* stencil: an integer */
      return;
   }
   case LSGPU_TEXEL_KIND_SHARED_EXP: {
      /* RGB9_E5: c = mantissa × 2^(exponent − 15 − 9). */
      const int e = (int)texel_channel_get(*l, p, 3) - 24;
      for (unsigned c = 0; c < 3; c++)
         out[c] = std::ldexp((float)texel_channel_get(*l, p, c), e);
      return;
   }
   default:
      break;
   }
   for (unsigned c = 0; c < l->channels; c++) {
      const uint32_t v = texel_channel_get(*l, p, c);
      const unsigned bits = l->bits[c];
      switch (l->kind) {
      case LSGPU_TEXEL_KIND_SRGB:
         out[c] = c < 3 ? srgb_to_linear((uint8_t)v) : unorm(v, bits);
         break;
      case LSGPU_TEXEL_KIND_HALF:
         out[c] = half_to_float((uint16_t)v);
         break;
      case LSGPU_TEXEL_KIND_FLOAT:
         out[c] = as_float(v);
         break;
      case LSGPU_TEXEL_KIND_SNORM: {
         const int32_t sv = (int32_t)(v << (32 - bits)) >> (32 - bits);
         out[c] = std::max((float)sv / (float)((1u << (bits - 1)) - 1), -1.0f);
         break;
      }
      case LSGPU_TEXEL_KIND_UFLOAT:
         out[c] = ufloat_to_float(v, bits - 5);
         break;
      default: /* UNORM */
         out[c] = unorm(v, bits);
         break;
      }
   }
}

uint32_t
texel_channel_get(const TexelLayout &l, const uint8_t *p, unsigned c)
{
   const unsigned bits = l.bits[c], at = l.offset[c];
   if (bits % 8 == 0 && at % 8 == 0)
      return (uint32_t)load_le(p + at / 8, bits / 8);
   return ((uint32_t)load_le(p, 4) >> at) &
          ((1u << bits) - 1); /* packed texels are 32 bits at most */
}

void
texel_channel_set(const TexelLayout &l, uint8_t *p, unsigned c, uint32_t value)
{
   const unsigned bits = l.bits[c], at = l.offset[c];
   if (bits % 8 == 0 && at % 8 == 0) {
      store_le(p + at / 8, bits / 8, value);
      return;
   }
   const unsigned bytes = l.bytes;
   const uint32_t mask = ((1u << bits) - 1) << at;
   const uint32_t word = ((uint32_t)load_le(p, bytes) & ~mask) | ((value << at) & mask);
   store_le(p, bytes, word);
}

namespace
{

/* IEEE single to half, round to nearest even; overflow to infinity, NaN kept. */
uint16_t
float_to_half(float f)
{
   uint32_t x;
   memcpy(&x, &f, 4);
   const uint32_t sign = (x >> 16) & 0x8000;
   const uint32_t exp = (x >> 23) & 0xff, man = x & 0x7fffff;
   if (exp == 0xff)
      return (uint16_t)(sign | 0x7c00 | (man ? 0x200 : 0));
   int e = (int)exp - 127 + 15;
   if (e >= 31)
      return (uint16_t)(sign | 0x7c00);
   if (e <= 0) {
      if (e < -10)
         return (uint16_t)sign;
      const uint32_t m = man | 0x800000;
      const unsigned shift = (unsigned)(14 - e);
      uint32_t h = m >> shift;
      const uint32_t rem = m & ((1u << shift) - 1), half = 1u << (shift - 1);
      if (rem > half || (rem == half && (h & 1)))
         h++;
      return (uint16_t)(sign | h);
   }
   uint32_t h = (uint32_t)e << 10 | man >> 13;
   const uint32_t rem = man & 0x1fff;
   if (rem > 0x1000 || (rem == 0x1000 && (h & 1)))
      h++; /* may carry into the exponent, which is the right result */
   return (uint16_t)(sign | h);
}

float
linear_to_srgb(float c)
{
   if (!(c > 0.0f))
      return 0.0f;
   if (c >= 1.0f)
      return 1.0f;
   return c < 0.0031308f ? 12.92f * c : 1.055f * std::pow(c, 1.0f / 2.4f) - 0.055f;
}

} // namespace

/* Single to an unsigned float of a 5-bit exponent over `mantissa` bits: negatives
 * and NaN's sign to 0 (NaN stays NaN), round to nearest even, overflow to infinity. */
uint32_t
float_to_ufloat(float f, unsigned mantissa)
{
   const uint32_t inf = 31u << mantissa;
   if (std::isnan(f))
      return inf | 1u;
   if (!(f > 0.0f))
      return 0;
   const uint32_t x = as_bits(f);
   const int e = (int)(x >> 23) - 127 + 15;
   const uint32_t man = x & 0x7fffff;
   const unsigned drop = 23 - mantissa;
   if (e >= 31)
      return inf;
   uint32_t m, shift;
   if (e <= 0) { /* denormal: the implicit one joins the mantissa */
      shift = drop + (unsigned)(1 - e);
      if (shift > 24)
         return 0;
      m = (man | 0x800000) >> shift;
      const uint32_t rem = (man | 0x800000) & ((1u << shift) - 1), half = 1u << (shift - 1);
      if (rem > half || (rem == half && (m & 1)))
         m++;
      return m; /* a carry makes the smallest normal, which is right */
   }
   m = man >> drop;
   const uint32_t rem = man & ((1u << drop) - 1), half = 1u << (drop - 1);
   uint32_t v = (uint32_t)e << mantissa | m;
   if (rem > half || (rem == half && (m & 1)))
      v++; /* may carry into the exponent: still right, up to infinity */
   return std::min(v, inf);
}

/* RGB9_E5 of three floats (EXT_texture_shared_exponent's encoding). */
uint32_t
float3_to_rgb9e5(const float rgb[3])
{
   const float max_value = 65408.0f; /* (2^9 − 1) / 2^9 × 2^16 */
   float c[3], largest = 0.0f;
   for (unsigned i = 0; i < 3; i++) {
      c[i] = std::isnan(rgb[i]) ? 0.0f : std::clamp(rgb[i], 0.0f, max_value);
      largest = std::max(largest, c[i]);
   }
   int exp_shared = std::max(-16, (int)std::floor(std::log2(std::max(largest, 1e-30f)))) + 1 + 15;
   exp_shared = std::clamp(exp_shared, 0, 31);
   double denom = std::ldexp(1.0, exp_shared - 15 - 9);
   if ((int)std::floor(largest / denom + 0.5) == 512) {
      denom *= 2;
      exp_shared = std::min(exp_shared + 1, 31);
   }
   uint32_t v = (uint32_t)exp_shared << 27;
   for (unsigned i = 0; i < 3; i++)
      v |= std::min(511u, (uint32_t)std::floor(c[i] / denom + 0.5)) << (9 * i);
   return v;
}

void
texture_format_encode(const TexelLayout &l, const float value[4], unsigned mask, uint8_t *p)
{
   if (l.kind == LSGPU_TEXEL_KIND_SHARED_EXP) {
      /* One shared exponent: the three channels are written together. */
      const uint32_t v = float3_to_rgb9e5(value);
      memcpy(p, &v, 4);
      return;
   }
   for (unsigned c = 0; c < l.channels; c++) {
      if (!(mask >> c & 1))
         continue;
      float v = value[c];
      uint32_t bits;
      switch (l.kind) {
      case LSGPU_TEXEL_KIND_FLOAT:
         bits = as_bits(v);
         break;
      case LSGPU_TEXEL_KIND_UINT: {
         /* The value's bits are an integer; saturated to the channel (OpenCL's
          * write_imageui converts with saturation). */
         const uint64_t max = (1ull << l.bits[c]) - 1;
         bits = (uint32_t)std::min<uint64_t>(as_bits(v), max);
         break;
      }
      case LSGPU_TEXEL_KIND_SINT: {
         const int64_t max = (1ll << (l.bits[c] - 1)) - 1;
         bits = (uint32_t)std::clamp<int64_t>((int32_t)as_bits(v), -max - 1, max);
         break;
      }
      case LSGPU_TEXEL_KIND_HALF:
         bits = float_to_half(v);
         break;
      case LSGPU_TEXEL_KIND_UFLOAT:
         bits = float_to_ufloat(v, l.bits[c] - 5);
         break;
      case LSGPU_TEXEL_KIND_SNORM: {
         /* [−1, 1] scaled in single precision, two's complement in the channel. */
         const float max = (float)((1u << (l.bits[c] - 1)) - 1);
         const int32_t q =
            std::isnan(v) ? 0 : (int32_t)std::lround(std::clamp(v, -1.0f, 1.0f) * max);
         bits = (uint32_t)q & (l.bits[c] == 32 ? ~0u : (1u << l.bits[c]) - 1);
         break;
      }
      default: {
         if (l.kind == LSGPU_TEXEL_KIND_SRGB && c < 3)
            v = linear_to_srgb(v);
         bits = unorm_from_float(v, l.bits[c]);
         break;
      }
      }
      texel_channel_set(l, p, c, bits);
   }
}

} // namespace lsgpu::sim
