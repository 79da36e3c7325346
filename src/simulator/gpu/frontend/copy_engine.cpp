/* SPDX-License-Identifier: MIT */
#include "gpu/frontend/copy_engine.h"

#include <cstring>

#include "gpu/memory/address_space.h"
#include "gpu/counters.h"

namespace lsgpu::sim
{

/* Bytes from the first to the last byte of `height` rows of `row_bytes`. */
static uint64_t
span_bytes(uint32_t height, uint32_t pitch, uint64_t row_bytes)
{
   return (uint64_t)(height - 1) * pitch + row_bytes;
}

lsgpu_fault
copy_engine_fill(const lsgpu_fill &pkt, const AddressSpace &as, Counters &counters)
{
   lsgpu_fault fault = lsgpu_validate_fill(&pkt);
   if (fault != LSGPU_FAULT_NONE)
      return fault;
   const uint32_t cpp = pkt.cpp;
   const uint64_t row_bytes = (uint64_t)pkt.width * cpp;
   if (pkt.height > 1 && pkt.pitch < row_bytes)
      return LSGPU_FAULT_BAD_ARGUMENT;

   AddressSpace::Access dst =
      as.translate(pkt.dst_va, span_bytes(pkt.height, pkt.pitch, row_bytes), true);
   if (!dst.host)
      return dst.fault;

   uint8_t value[16], mask[16];
   memcpy(value, pkt.value, sizeof(value));
   memcpy(mask, pkt.mask, sizeof(mask));
   bool full_mask = true;
   for (uint32_t i = 0; i < cpp; i++)
      full_mask &= mask[i] == 0xff;

   for (uint32_t y = 0; y < pkt.height; y++) {
      uint8_t *row = dst.host + (uint64_t)y * pkt.pitch;
      if (full_mask) {
         for (uint32_t x = 0; x < pkt.width; x++)
            memcpy(row + (uint64_t)x * cpp, value, cpp);
         continue;
      }
      for (uint32_t x = 0; x < pkt.width; x++) {
         uint8_t *e = row + (uint64_t)x * cpp;
         for (uint32_t i = 0; i < cpp; i++)
            e[i] = (uint8_t)((e[i] & ~mask[i]) | (value[i] & mask[i]));
      }
   }
   counters.fill_bytes += row_bytes * pkt.height;
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
copy_engine_copy(const lsgpu_copy &pkt, const AddressSpace &as, Counters &counters)
{
   lsgpu_fault fault = lsgpu_validate_copy(&pkt);
   if (fault != LSGPU_FAULT_NONE)
      return fault;
   if (pkt.height > 1 && (pkt.src_pitch < pkt.width || pkt.dst_pitch < pkt.width))
      return LSGPU_FAULT_BAD_ARGUMENT;

   AddressSpace::Access src =
      as.translate(pkt.src_va, span_bytes(pkt.height, pkt.src_pitch, pkt.width), false);
   if (!src.host)
      return src.fault;
   AddressSpace::Access dst =
      as.translate(pkt.dst_va, span_bytes(pkt.height, pkt.dst_pitch, pkt.width), true);
   if (!dst.host)
      return dst.fault;

   /* Rows are moved in the order that reads each source row before it is
    * overwritten when the ranges overlap with equal pitches (docs: COPY). */
   const bool backwards = dst.host > src.host;
   for (uint32_t i = 0; i < pkt.height; i++) {
      uint32_t y = backwards ? pkt.height - 1 - i : i;
      memmove(dst.host + (uint64_t)y * pkt.dst_pitch, src.host + (uint64_t)y * pkt.src_pitch,
              pkt.width);
   }
   counters.copy_bytes += (uint64_t)pkt.width * pkt.height;
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
