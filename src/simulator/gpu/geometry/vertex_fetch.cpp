/* SPDX-License-Identifier: MIT */
#include "gpu/geometry/vertex_fetch.h"

#include <algorithm>
#include <cstring>

#include "common/float_bits.h"
#include "gpu/memory/address_space.h"

namespace lsgpu::sim
{

/* The 10:10:10:2 formats (ARB_vertex_type_2_10_10_10_rev): channel order, then
 * normalized, signed-normalized (GL 4.2's rule) or scaled conversion. */
static void
packed_10_10_10_2(uint32_t format, const uint8_t *p, uint32_t out[4])
{
   uint32_t v;
   memcpy(&v, p, 4);
   const unsigned kind = (format - LSGPU_VFMT_R10G10B10A2_UNORM) % 4; /* unorm, snorm, us, ss */
   const bool bgr = format >= LSGPU_VFMT_B10G10R10A2_UNORM;
   for (unsigned c = 0; c < 4; c++) {
      const unsigned bits = c == 3 ? 2 : 10, shift = 10 * c;
      const uint32_t raw = (v >> shift) & ((1u << bits) - 1);
      const int32_t sraw = (int32_t)(raw << (32 - bits)) >> (32 - bits);
      float f;
      switch (kind) {
      case 0:
         f = (float)raw / (float)((1u << bits) - 1);
         break;
      case 1:
         f = std::max((float)sraw / (float)((1 << (bits - 1)) - 1), -1.0f);
         break;
      case 2:
         f = (float)raw;
         break;
      default:
         f = (float)sraw;
         break;
      }
      const unsigned dst = bgr && c < 3 ? 2 - c : c;
      out[dst] = as_bits(f);
   }
}

/* The 32-bit integer formats: their words are copied, and a missing w is the
 * integer 1 rather than 1.0. */
static bool
is_integer(uint32_t format)
{
   return format == LSGPU_VFMT_R32_UINT ||
          (format >= LSGPU_VFMT_R32G32_UINT && format <= LSGPU_VFMT_R32G32B32A32_SINT);
}

/* The words of n vertices' elements of `size` bytes, each after the last one written. */
template <unsigned size>
static void
copy_elements(const uint8_t *buffer, uint32_t stride, const uint32_t *ids, unsigned n, uint32_t w,
              uint8_t *out, size_t out_stride)
{
   for (unsigned l = 0; l < n; l++, out += out_stride) {
      uint32_t words[4] = {0, 0, 0, w};
      memcpy(words, buffer + (uint64_t)stride * ids[l], size);
      memcpy(out, words, sizeof(words));
   }
}

bool
vertex_fetch_copy(const lsgpu_vertex_element &e, const uint8_t *buffer, const uint32_t *ids,
                  unsigned n, uint32_t *out, size_t out_stride)
{
   const bool copied =
      (e.format >= LSGPU_VFMT_R32_FLOAT && e.format <= LSGPU_VFMT_R32G32B32A32_FLOAT) ||
      is_integer(e.format);
   if (!buffer || e.divisor || !copied || n == 0)
      return false;
   const unsigned size = lsgpu_vfmt_bytes(e.format);
   const uint32_t highest = *std::max_element(ids, ids + n);
   if ((uint64_t)e.stride * highest + size > e.size)
      return false; /* some vertex reads (0, 0, 0, 1): vertex_fetch counts it */
   const uint32_t w = is_integer(e.format) ? 1u : as_bits(1.0f);
   uint8_t *const dst = (uint8_t *)out;
   switch (size) {
   case 4:
      copy_elements<4>(buffer, e.stride, ids, n, w, dst, out_stride);
      break;
   case 8:
      copy_elements<8>(buffer, e.stride, ids, n, w, dst, out_stride);
      break;
   case 12:
      copy_elements<12>(buffer, e.stride, ids, n, w, dst, out_stride);
      break;
   default:
      copy_elements<16>(buffer, e.stride, ids, n, w, dst, out_stride);
      break;
   }
   return true;
}

const uint8_t *
vertex_buffer_host(const AddressSpace &as, const lsgpu_vertex_element &e)
{
   const AddressSpace::Mapping *m = as.mapping_at(e.va);
   if (!m || e.size > m->size - (e.va - m->va))
      return nullptr;
   return m->host + (e.va - m->va);
}

lsgpu_fault
vertex_fetch(const AddressSpace &as, const lsgpu_vertex_element &e, uint32_t vertex_id,
             uint32_t instance_id, uint32_t out[4], uint32_t first_instance, bool *outside,
             const uint8_t *buffer)
{
   const uint32_t index = e.divisor ? first_instance + instance_id / e.divisor : vertex_id;
   const unsigned size = lsgpu_vfmt_bytes(e.format);
   if (!size)
      return LSGPU_FAULT_BAD_ARGUMENT;
   uint32_t words[4] = {0, 0, 0, is_integer(e.format) ? 1u : as_bits(1.0f)};
   /* Robust buffer access (VERTEX_ELEMENT.size): an element outside the buffer reads
    * (0, 0, 0, 1) and touches no memory. */
   const uint64_t offset = (uint64_t)e.stride * index;
   if (outside)
      *outside = offset + size > e.size;
   if (offset + size > e.size) {
      memcpy(out, words, sizeof(words));
      return LSGPU_FAULT_NONE;
   }
   /* The element lies inside [va, va + size): inside the buffer's mapping, if known. */
   AddressSpace::Access a =
      buffer ? AddressSpace::Access{const_cast<uint8_t *>(buffer) + offset, LSGPU_FAULT_NONE}
             : as.translate(e.va + offset, size, false);
   if (!a.host)
      return a.fault;
   if (e.format == LSGPU_VFMT_R8G8B8A8_UNORM || e.format == LSGPU_VFMT_B8G8R8A8_UNORM) {
      const bool bgra = e.format == LSGPU_VFMT_B8G8R8A8_UNORM;
      for (unsigned c = 0; c < 4; c++)
         words[c] = as_bits(a.host[bgra && c < 3 ? 2 - c : c] / 255.0f);
   } else if (e.format >= LSGPU_VFMT_R10G10B10A2_UNORM &&
              e.format <= LSGPU_VFMT_B10G10R10A2_SSCALED) {
      packed_10_10_10_2(e.format, a.host, words);
   } else if (size == 16) {
      /* Floats and integers: the words as they are. Constant sizes for the common
       * ones: a copy of a size known only at run time is a libc call per element. */
      memcpy(words, a.host, 16);
   } else if (size == 12) {
      memcpy(words, a.host, 12);
   } else if (size == 8) {
      memcpy(words, a.host, 8);
   } else {
      memcpy(words, a.host, size);
   }
   memcpy(out, words, sizeof(words));
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
