/* SPDX-License-Identifier: MIT */
#include "vertex_fetch.h"

#include <cstring>

#include "address_space.h"

namespace lsgpu::sim
{

static uint32_t
float_bits(float f)
{
   uint32_t u;
   memcpy(&u, &f, 4);
   return u;
}

lsgpu_fault
vertex_fetch(const AddressSpace &as, const lsgpu_vertex_element &e, uint32_t vertex_id,
             uint32_t instance_id, uint32_t out[4])
{
   const uint32_t index = e.divisor ? instance_id / e.divisor : vertex_id;
   unsigned size;
   switch (e.format) {
   case LSGPU_VFMT_R32_FLOAT:
   case LSGPU_VFMT_R32_UINT:
   case LSGPU_VFMT_R8G8B8A8_UNORM:
      size = 4;
      break;
   case LSGPU_VFMT_R32G32_FLOAT:
      size = 8;
      break;
   case LSGPU_VFMT_R32G32B32_FLOAT:
      size = 12;
      break;
   case LSGPU_VFMT_R32G32B32A32_FLOAT:
      size = 16;
      break;
   default:
      return LSGPU_FAULT_BAD_ARGUMENT;
   }
   const uint64_t va = e.va + (uint64_t)e.stride * index;
   AddressSpace::Access a = as.translate(va, size, false);
   if (!a.host)
      return a.fault;
   uint32_t words[4] = {0, 0, 0, float_bits(1.0f)};
   if (e.format == LSGPU_VFMT_R8G8B8A8_UNORM) {
      for (unsigned c = 0; c < 4; c++)
         words[c] = float_bits(a.host[c] / 255.0f);
   } else {
      memcpy(words, a.host, size);
      if (e.format == LSGPU_VFMT_R32_UINT)
         words[3] = 1; /* integer attributes default w to 1, not 1.0 */
   }
   memcpy(out, words, sizeof(words));
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
