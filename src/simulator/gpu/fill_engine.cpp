/* SPDX-License-Identifier: MIT */
#include "fill_engine.h"

#include <cstring>

#include "address_space.h"
#include "counters.h"

namespace lsgpu::sim
{

lsgpu_fault
fill_execute(const lsgpu_pkt_fill &pkt, const AddressSpace &as, Counters &counters)
{
   const uint32_t cpp = pkt.cpp;
   if (cpp != 1 && cpp != 2 && cpp != 4 && cpp != 8 && cpp != 16)
      return LSGPU_FAULT_BAD_ARGUMENT;
   if (pkt.width == 0 || pkt.height == 0 || pkt.width > LSGPU_FILL_MAX_DIM ||
       pkt.height > LSGPU_FILL_MAX_DIM)
      return LSGPU_FAULT_BAD_ARGUMENT;
   const uint64_t row_bytes = (uint64_t)pkt.width * cpp;
   if (pkt.height > 1 && pkt.pitch < row_bytes)
      return LSGPU_FAULT_BAD_ARGUMENT;

   const uint64_t va = (uint64_t)pkt.dst_va_hi << 32 | pkt.dst_va_lo;
   const uint64_t span = (uint64_t)(pkt.height - 1) * pkt.pitch + row_bytes;
   uint8_t *dst = as.translate(va, span);
   if (!dst)
      return LSGPU_FAULT_MMU;

   uint8_t value[16], mask[16];
   memcpy(value, pkt.value, sizeof(value));
   memcpy(mask, pkt.mask, sizeof(mask));
   bool full_mask = true;
   for (uint32_t i = 0; i < cpp; i++)
      full_mask &= mask[i] == 0xff;

   for (uint32_t y = 0; y < pkt.height; y++) {
      uint8_t *row = dst + (uint64_t)y * pkt.pitch;
      if (full_mask) {
         for (uint32_t x = 0; x < pkt.width; x++)
            memcpy(row + (uint64_t)x * cpp, value, cpp);
      } else {
         for (uint32_t x = 0; x < pkt.width; x++) {
            uint8_t *e = row + (uint64_t)x * cpp;
            for (uint32_t i = 0; i < cpp; i++)
               e[i] = (uint8_t)((e[i] & ~mask[i]) | (value[i] & mask[i]));
         }
      }
   }
   counters.fill_bytes += row_bytes * pkt.height;
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
