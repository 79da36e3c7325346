/* SPDX-License-Identifier: MIT */
#include "gpu/memory/address_space.h"

#include <algorithm>

namespace lsgpu::sim
{

void
AddressSpace::map(uint64_t va, uint64_t size, uint8_t *host, bool writable)
{
   auto it = std::lower_bound(mappings_.begin(), mappings_.end(), va,
                              [](const Mapping &m, uint64_t v) { return m.va < v; });
   if (it != mappings_.end() && it->va == va)
      return; /* the same BO listed twice */
   mappings_.insert(it, Mapping{va, size, host, writable});
}

AddressSpace::Access
AddressSpace::translate_slow(uint64_t va, uint64_t size, bool write) const
{
   auto it = std::upper_bound(mappings_.begin(), mappings_.end(), va,
                              [](uint64_t v, const Mapping &m) { return v < m.va; });
   if (it == mappings_.begin())
      return {nullptr, LSGPU_FAULT_MMU};
   --it;
   last_.store((size_t)(it - mappings_.begin()), std::memory_order_relaxed);
   uint64_t off = va - it->va;
   if (off >= it->size || size > it->size - off)
      return {nullptr, LSGPU_FAULT_MMU};
   if (write && !it->writable)
      return {nullptr, LSGPU_FAULT_MMU_READ_ONLY};
   return {it->host + off, LSGPU_FAULT_NONE};
}

} // namespace lsgpu::sim
