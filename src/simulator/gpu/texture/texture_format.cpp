/* SPDX-License-Identifier: MIT */
/* Texel decoding for the texture unit: one function per memory layout of TFMT. */
#include "gpu/texture/texture_format.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/float_bits.h"
#include "lsgpu_packets.h"

namespace lsgpu::sim
{

namespace
{

uint32_t
load(const uint8_t *p, unsigned bytes)
{
   uint32_t v = 0;
   memcpy(&v, p, bytes); /* little-endian, as the device's memory */
   return v;
}

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

/* A packed texel of up to four channels of the given widths from bit 0. */
void
packed(uint32_t v, const unsigned (&bits)[4], unsigned n, float out[4])
{
   unsigned shift = 0;
   for (unsigned c = 0; c < n; c++) {
      out[c] = unorm((v >> shift) & ((1u << bits[c]) - 1), bits[c]);
      shift += bits[c];
   }
}

} // namespace

unsigned
texture_format_size(uint32_t tfmt)
{
   const struct lsgpu_tfmt_layout *l = lsgpu_tfmt_get_layout(tfmt);
   return l ? l->bytes : 0;
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
   const unsigned size = texture_format_size(tfmt);
   switch (tfmt) {
   case LSGPU_TFMT_R8_UNORM:
   case LSGPU_TFMT_R8G8_UNORM:
   case LSGPU_TFMT_R8G8B8A8_UNORM:
      for (unsigned c = 0; c < size; c++)
         out[c] = unorm(p[c], 8);
      break;
   case LSGPU_TFMT_R8G8B8A8_SRGB:
      for (unsigned c = 0; c < 3; c++)
         out[c] = srgb_to_linear(p[c]);
      out[3] = unorm(p[3], 8);
      break;
   case LSGPU_TFMT_R16_UNORM:
   case LSGPU_TFMT_R16G16_UNORM:
   case LSGPU_TFMT_R16G16B16A16_UNORM:
      for (unsigned c = 0; c < size / 2; c++)
         out[c] = unorm(load(p + 2 * c, 2), 16);
      break;
   case LSGPU_TFMT_R16_FLOAT:
   case LSGPU_TFMT_R16G16_FLOAT:
   case LSGPU_TFMT_R16G16B16A16_FLOAT:
      for (unsigned c = 0; c < size / 2; c++)
         out[c] = half_to_float((uint16_t)load(p + 2 * c, 2));
      break;
   case LSGPU_TFMT_R32_FLOAT:
   case LSGPU_TFMT_R32G32_FLOAT:
   case LSGPU_TFMT_R32G32B32A32_FLOAT:
      memcpy(out, p, size);
      break;
   case LSGPU_TFMT_R5G6B5_UNORM:
      packed(load(p, 2), {5, 6, 5, 0}, 3, out);
      break;
   case LSGPU_TFMT_R5G5B5A1_UNORM:
      packed(load(p, 2), {5, 5, 5, 1}, 4, out);
      break;
   case LSGPU_TFMT_R4G4B4A4_UNORM:
      packed(load(p, 2), {4, 4, 4, 4}, 4, out);
      break;
   case LSGPU_TFMT_R10G10B10A2_UNORM:
      packed(load(p, 4), {10, 10, 10, 2}, 4, out);
      break;
   case LSGPU_TFMT_Z24_UNORM_S8_UINT: {
      const uint32_t v = load(p, 4);
      out[0] = unorm(v & 0xffffff, 24);
      out[1] = as_float(v >> 24); /* stencil: an integer, as integer formats */
      break;
   }
   case LSGPU_TFMT_S8_UINT_Z24_UNORM: {
      const uint32_t v = load(p, 4);
      out[0] = unorm(v >> 8, 24);
      out[1] = as_float(v & 0xff);
      break;
   }
   default:
      break;
   }
}

uint32_t
texel_channel_get(const TexelLayout &l, const uint8_t *p, unsigned c)
{
   const unsigned bits = l.bits[c], at = l.offset[c];
   if (bits % 8 == 0 && at % 8 == 0)
      return load(p + at / 8, bits / 8);
   return (load(p, 4) >> at) & ((1u << bits) - 1); /* packed texels are 32 bits at most */
}

void
texel_channel_set(const TexelLayout &l, uint8_t *p, unsigned c, uint32_t value)
{
   const unsigned bits = l.bits[c], at = l.offset[c];
   if (bits % 8 == 0 && at % 8 == 0) {
      memcpy(p + at / 8, &value, bits / 8);
      return;
   }
   const unsigned bytes = l.bytes;
   const uint32_t mask = ((1u << bits) - 1) << at;
   const uint32_t word = (load(p, bytes) & ~mask) | ((value << at) & mask);
   memcpy(p, &word, bytes);
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

void
texture_format_encode(const TexelLayout &l, const float value[4], unsigned mask, uint8_t *p)
{
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
      default: {
         if (l.kind == LSGPU_TEXEL_KIND_SRGB && c < 3)
            v = linear_to_srgb(v);
         /* Scaled in single precision: 0.9 → 229.5 → 230, as GL implementations do. */
         const float max = (float)((1ull << l.bits[c]) - 1);
         bits = std::isnan(v) ? 0 : (uint32_t)std::lround(std::clamp(v, 0.0f, 1.0f) * max);
         break;
      }
      }
      texel_channel_set(l, p, c, bits);
   }
}

} // namespace lsgpu::sim
