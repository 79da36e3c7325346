/* SPDX-License-Identifier: MIT */
#include "gpu/frontend/copy_engine.h"

#include <cstring>

#include "gpu/memory/address_space.h"
#include "gpu/counters.h"
#include "gpu/texture/texture_format.h"

namespace lsgpu::sim
{

/* Bytes from the first to the last byte of `height` rows of `row_bytes`. */
static uint64_t
span_bytes(uint32_t height, uint32_t pitch, uint64_t row_bytes)
{
   return (uint64_t)(height - 1) * pitch + row_bytes;
}

lsgpu_fault
copy_engine_fill(const lsgpu_fill &pkt, const AddressSpace &as, Counters &counters, GpuClock &clock)
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
   clock.charge(copy_engine_cycles(row_bytes * pkt.height));
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
copy_engine_copy(const lsgpu_copy &pkt, const AddressSpace &as, Counters &counters, GpuClock &clock)
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
   clock.charge(copy_engine_cycles((uint64_t)pkt.width * pkt.height));
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
copy_engine_resolve(const lsgpu_resolve &pkt, const AddressSpace &as, Counters &counters,
                    GpuClock &clock)
{
   lsgpu_fault fault = lsgpu_validate_resolve(&pkt);
   if (fault != LSGPU_FAULT_NONE)
      return fault;
   const TexelLayout *layout = texture_format_layout(pkt.format);
   const unsigned cpp = texture_format_size(pkt.format);
   const uint64_t src_row = 4ull * pkt.width * cpp, dst_row = (uint64_t)pkt.width * cpp;
   if (!layout || (pkt.height > 1 && (pkt.src_pitch < src_row || pkt.dst_pitch < dst_row)))
      return LSGPU_FAULT_BAD_ARGUMENT;
   AddressSpace::Access src =
      as.translate(pkt.src_va, span_bytes(pkt.height, pkt.src_pitch, src_row), false);
   if (!src.host)
      return src.fault;
   AddressSpace::Access dst =
      as.translate(pkt.dst_va, span_bytes(pkt.height, pkt.dst_pitch, dst_row), true);
   if (!dst.host)
      return dst.fault;

   /* Integers and depth/stencil have no meaningful average: sample 0 (GL's rule for
    * integer resolves, and what depth blits from multisample buffers take). */
   const bool average = layout->kind != LSGPU_TEXEL_KIND_UINT &&
                        layout->kind != LSGPU_TEXEL_KIND_SINT &&
                        layout->kind != LSGPU_TEXEL_KIND_DEPTH;
   for (uint32_t y = 0; y < pkt.height; y++) {
      const uint8_t *s = src.host + (uint64_t)y * pkt.src_pitch;
      uint8_t *d = dst.host + (uint64_t)y * pkt.dst_pitch;
      for (uint32_t x = 0; x < pkt.width; x++) {
         const uint8_t *samples = s + 4ull * x * cpp;
         if (!average) {
            memcpy(d + (uint64_t)x * cpp, samples, cpp);
            continue;
         }
         float sum[4] = {0, 0, 0, 0};
         for (unsigned i = 0; i < 4; i++) {
            float v[4];
            texture_format_decode(pkt.format, samples + i * cpp, v); /* sRGB: linear */
            for (unsigned c = 0; c < 4; c++)
               sum[c] += v[c];
         }
         for (unsigned c = 0; c < 4; c++)
            sum[c] *= 0.25f;
         texture_format_encode(*layout, sum, 0xf, d + (uint64_t)x * cpp);
      }
   }
   counters.copy_bytes += src_row * pkt.height;
   clock.charge(copy_engine_cycles(src_row * pkt.height));
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
