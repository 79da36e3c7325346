/* SPDX-License-Identifier: MIT */
#include "output_merger.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "address_space.h"

namespace lsgpu::sim
{

static bool
compare(uint32_t func, double a, double b)
{
   switch (func) {
   case LSGPU_FUNC_NEVER:
      return false;
   case LSGPU_FUNC_LESS:
      return a < b;
   case LSGPU_FUNC_EQUAL:
      return a == b;
   case LSGPU_FUNC_LEQUAL:
      return a <= b;
   case LSGPU_FUNC_GREATER:
      return a > b;
   case LSGPU_FUNC_NOTEQUAL:
      return a != b;
   case LSGPU_FUNC_GEQUAL:
      return a >= b;
   default:
      return true;
   }
}

lsgpu_fault
depth_test(const AddressSpace &as, const DepthTarget &zs, int x, int y, float z, bool *pass)
{
   *pass = true;
   if (zs.format == LSGPU_ZFMT_NONE)
      return LSGPU_FAULT_NONE;
   z = std::isnan(z) ? 0.0f : std::clamp(z, 0.0f, 1.0f);
   const unsigned cpp = zs.format == LSGPU_ZFMT_Z16_UNORM ? 2 : 4;
   AddressSpace::Access a =
      as.translate(zs.va + (uint64_t)y * zs.pitch + (uint64_t)x * cpp, cpp, zs.write);
   if (!a.host)
      return a.fault;
   uint32_t old = 0;
   memcpy(&old, a.host, cpp);
   /* Fixed-point formats compare the quantized depth, as the stored value is. */
   uint32_t quantized;
   double new_value, old_value;
   switch (zs.format) {
   case LSGPU_ZFMT_Z32_FLOAT: {
      float f;
      memcpy(&f, &old, 4);
      new_value = z;
      old_value = f;
      memcpy(&quantized, &z, 4);
      break;
   }
   case LSGPU_ZFMT_Z24_UNORM_S8_UINT:
      quantized = (uint32_t)std::lround(z * 16777215.0);
      new_value = quantized;
      old_value = old & 0xffffff;
      quantized |= old & 0xff000000u; /* stencil unchanged */
      break;
   default:
      quantized = (uint32_t)std::lround(z * 65535.0);
      new_value = quantized;
      old_value = old & 0xffff;
      break;
   }
   *pass = compare(zs.func, new_value, old_value);
   if (*pass && zs.write)
      memcpy(a.host, &quantized, cpp);
   return LSGPU_FAULT_NONE;
}

static uint8_t
unorm8(float c)
{
   if (std::isnan(c))
      return 0;
   return (uint8_t)std::lround(std::clamp(c, 0.0f, 1.0f) * 255.0f);
}

static float
factor(uint32_t f, unsigned c, const float src[4], const float dst[4], const float k[4])
{
   switch (f) {
   case LSGPU_BLEND_FACTOR_ZERO:
      return 0.0f;
   case LSGPU_BLEND_FACTOR_ONE:
      return 1.0f;
   case LSGPU_BLEND_FACTOR_SRC_COLOR:
      return src[c];
   case LSGPU_BLEND_FACTOR_INV_SRC_COLOR:
      return 1.0f - src[c];
   case LSGPU_BLEND_FACTOR_DST_COLOR:
      return dst[c];
   case LSGPU_BLEND_FACTOR_INV_DST_COLOR:
      return 1.0f - dst[c];
   case LSGPU_BLEND_FACTOR_SRC_ALPHA:
      return src[3];
   case LSGPU_BLEND_FACTOR_INV_SRC_ALPHA:
      return 1.0f - src[3];
   case LSGPU_BLEND_FACTOR_DST_ALPHA:
      return dst[3];
   case LSGPU_BLEND_FACTOR_INV_DST_ALPHA:
      return 1.0f - dst[3];
   case LSGPU_BLEND_FACTOR_CONST_COLOR:
      return k[c];
   case LSGPU_BLEND_FACTOR_INV_CONST_COLOR:
      return 1.0f - k[c];
   case LSGPU_BLEND_FACTOR_CONST_ALPHA:
      return k[3];
   case LSGPU_BLEND_FACTOR_INV_CONST_ALPHA:
      return 1.0f - k[3];
   default: /* SRC_ALPHA_SATURATE */
      return c == 3 ? 1.0f : std::min(src[3], 1.0f - dst[3]);
   }
}

static float
combine(uint32_t func, float s, float sf, float d, float df)
{
   switch (func) {
   case LSGPU_BLEND_FUNC_SUBTRACT:
      return s * sf - d * df;
   case LSGPU_BLEND_FUNC_REVERSE_SUBTRACT:
      return d * df - s * sf;
   case LSGPU_BLEND_FUNC_MIN:
      return std::min(s, d);
   case LSGPU_BLEND_FUNC_MAX:
      return std::max(s, d);
   default:
      return s * sf + d * df;
   }
}

void
blend(const lsgpu_render_target &rt, const float src[4], const float dst[4], const float k[4],
      float out[4])
{
   for (unsigned c = 0; c < 4; c++) {
      const bool alpha = c == 3;
      const uint32_t func = alpha ? rt.alpha_func : rt.rgb_func;
      const uint32_t sf = alpha ? rt.alpha_src : rt.rgb_src, df = alpha ? rt.alpha_dst : rt.rgb_dst;
      out[c] =
         combine(func, src[c], factor(sf, c, src, dst, k), dst[c], factor(df, c, src, dst, k));
   }
}

lsgpu_fault
color_write(const AddressSpace &as, const lsgpu_render_target &rt, int x, int y,
            const float rgba[4], const float blend_color[4])
{
   const unsigned cpp = rt.format == LSGPU_CFMT_R32G32B32A32_FLOAT ? 16 : 4;
   AddressSpace::Access a =
      as.translate(rt.va + (uint64_t)y * rt.pitch + (uint64_t)x * cpp, cpp, true);
   if (!a.host)
      return a.fault;
   /* Byte position of R, G, B, A in an 8-bit pixel. */
   static const unsigned rgba_order[4] = {0, 1, 2, 3}, bgra_order[4] = {2, 1, 0, 3};
   const unsigned *pos = rt.format == LSGPU_CFMT_B8G8R8A8_UNORM ? bgra_order : rgba_order;
   float color[4];
   memcpy(color, rgba, sizeof(color));
   if (rt.blend_enable) {
      float src[4], dst[4], k[4];
      for (unsigned c = 0; c < 4; c++) {
         if (rt.format == LSGPU_CFMT_R32G32B32A32_FLOAT) {
            src[c] = rgba[c];
            memcpy(&dst[c], a.host + 4 * c, 4);
            k[c] = blend_color[c];
         } else {
            /* Normalized targets clamp the source, the destination and the constant. */
            src[c] = std::isnan(rgba[c]) ? 0.0f : std::clamp(rgba[c], 0.0f, 1.0f);
            dst[c] = a.host[pos[c]] / 255.0f;
            k[c] = std::clamp(blend_color[c], 0.0f, 1.0f);
         }
      }
      blend(rt, src, dst, k, color);
   }
   if (rt.format == LSGPU_CFMT_R32G32B32A32_FLOAT) {
      for (unsigned c = 0; c < 4; c++)
         if (rt.write_mask & (1u << c))
            memcpy(a.host + 4 * c, &color[c], 4);
      return LSGPU_FAULT_NONE;
   }
   for (unsigned c = 0; c < 4; c++)
      if (rt.write_mask & (1u << c))
         a.host[pos[c]] = unorm8(color[c]);
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
