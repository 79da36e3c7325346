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

bool
AddressSpace::overlay(uint64_t va, uint64_t size, uint8_t *host)
{
   const Mapping *m = mapping_at(va);
   if (!m || !m->writable || size == 0 || size > m->size - (va - m->va))
      return false;
   const Mapping outer = *m;
   const uint64_t end = va + size, outer_end = outer.va + outer.size;
   std::vector<Mapping> parts;
   if (va > outer.va)
      parts.push_back({outer.va, va - outer.va, outer.host, true});
   parts.push_back({va, size, host, true});
   if (end < outer_end)
      parts.push_back({end, outer_end - end, outer.host + (end - outer.va), true});
   auto at = mappings_.erase(mappings_.begin() + (m - mappings_.data()));
   mappings_.insert(at, parts.begin(), parts.end());
   last_.store(0, std::memory_order_relaxed);
   return true;
}

AddressSpace::Access
AddressSpace::translate_slow(uint64_t va, uint64_t size, bool write) const
{
   const Mapping *m = mapping_at(va);
   if (!m)
      return fault(va, LSGPU_FAULT_MMU);
   last_.store((size_t)(m - mappings_.data()), std::memory_order_relaxed);
   const uint64_t off = va - m->va;
   if (size > m->size - off)
      return fault(va, LSGPU_FAULT_MMU);
   if (write && !m->writable)
      return fault(va, LSGPU_FAULT_MMU_READ_ONLY);
   return {m->host + off, LSGPU_FAULT_NONE};
}

const AddressSpace::Mapping *
AddressSpace::mapping_at(uint64_t va) const
{
   auto it = std::upper_bound(mappings_.begin(), mappings_.end(), va,
                              [](uint64_t v, const Mapping &m) { return v < m.va; });
   if (it == mappings_.begin())
      return nullptr;
   --it;
   return va - it->va < it->size ? &*it : nullptr;
}

AddressSpace::Access
AddressSpace::fault(uint64_t va, lsgpu_fault f) const
{
   /* The last one: a job stops at its first fault, so a probe that failed earlier
    * without faulting the job cannot be what is reported. */
   if (fault_va_)
      fault_va_->store(va, std::memory_order_relaxed);
   return {nullptr, f};
}

} // namespace lsgpu::sim
