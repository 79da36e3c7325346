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

lsgpu_fault
color_write(const AddressSpace &as, const lsgpu_render_target &rt, int x, int y,
            const float rgba[4])
{
   const unsigned cpp = rt.format == LSGPU_CFMT_R32G32B32A32_FLOAT ? 16 : 4;
   AddressSpace::Access a =
      as.translate(rt.va + (uint64_t)y * rt.pitch + (uint64_t)x * cpp, cpp, true);
   if (!a.host)
      return a.fault;
   if (rt.format == LSGPU_CFMT_R32G32B32A32_FLOAT) {
      for (unsigned c = 0; c < 4; c++)
         if (rt.write_mask & (1u << c))
            memcpy(a.host + 4 * c, &rgba[c], 4);
      return LSGPU_FAULT_NONE;
   }
   /* Byte position of R, G, B, A in the pixel. */
   static const unsigned rgba_order[4] = {0, 1, 2, 3}, bgra_order[4] = {2, 1, 0, 3};
   const unsigned *pos = rt.format == LSGPU_CFMT_B8G8R8A8_UNORM ? bgra_order : rgba_order;
   for (unsigned c = 0; c < 4; c++)
      if (rt.write_mask & (1u << c))
         a.host[pos[c]] = unorm8(rgba[c]);
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
