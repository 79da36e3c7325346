/* SPDX-License-Identifier: MIT */
/* Texel decoding for the texture unit: one function per memory layout of TFMT. */
#include "texture_format.h"

#include <cmath>
#include <cstring>

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
   float f;
   memcpy(&f, &bits, 4);
   return f;
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
   switch (tfmt) {
   case LSGPU_TFMT_R8_UNORM:
      return 1;
   case LSGPU_TFMT_R8G8_UNORM:
   case LSGPU_TFMT_R16_UNORM:
   case LSGPU_TFMT_R16_FLOAT:
   case LSGPU_TFMT_R5G6B5_UNORM:
   case LSGPU_TFMT_R5G5B5A1_UNORM:
   case LSGPU_TFMT_R4G4B4A4_UNORM:
      return 2;
   case LSGPU_TFMT_R8G8B8A8_UNORM:
   case LSGPU_TFMT_R8G8B8A8_SRGB:
   case LSGPU_TFMT_R16G16_UNORM:
   case LSGPU_TFMT_R16G16_FLOAT:
   case LSGPU_TFMT_R32_FLOAT:
   case LSGPU_TFMT_R10G10B10A2_UNORM:
   case LSGPU_TFMT_Z24_UNORM_S8_UINT:
   case LSGPU_TFMT_S8_UINT_Z24_UNORM:
      return 4;
   case LSGPU_TFMT_R16G16B16A16_UNORM:
   case LSGPU_TFMT_R16G16B16A16_FLOAT:
   case LSGPU_TFMT_R32G32_FLOAT:
      return 8;
   case LSGPU_TFMT_R32G32B32A32_FLOAT:
      return 16;
   default:
      return 0;
   }
}

void
texture_format_decode(uint32_t tfmt, const uint8_t *p, float out[4])
{
   out[0] = out[1] = out[2] = 0.0f;
   out[3] = 1.0f;
   switch (tfmt) {
   case LSGPU_TFMT_R8_UNORM:
   case LSGPU_TFMT_R8G8_UNORM:
   case LSGPU_TFMT_R8G8B8A8_UNORM:
      for (unsigned c = 0; c < texture_format_size(tfmt); c++)
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
      for (unsigned c = 0; c < texture_format_size(tfmt) / 2; c++)
         out[c] = unorm(load(p + 2 * c, 2), 16);
      break;
   case LSGPU_TFMT_R16_FLOAT:
   case LSGPU_TFMT_R16G16_FLOAT:
   case LSGPU_TFMT_R16G16B16A16_FLOAT:
      for (unsigned c = 0; c < texture_format_size(tfmt) / 2; c++)
         out[c] = half_to_float((uint16_t)load(p + 2 * c, 2));
      break;
   case LSGPU_TFMT_R32_FLOAT:
   case LSGPU_TFMT_R32G32_FLOAT:
   case LSGPU_TFMT_R32G32B32A32_FLOAT:
      memcpy(out, p, texture_format_size(tfmt));
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
      out[1] = (float)(v >> 24);
      break;
   }
   case LSGPU_TFMT_S8_UINT_Z24_UNORM: {
      const uint32_t v = load(p, 4);
      out[0] = unorm(v >> 8, 24);
      out[1] = (float)(v & 0xff);
      break;
   }
   default:
      break;
   }
}

} // namespace lsgpu::sim
