/* SPDX-License-Identifier: MIT */
#include "range_allocator.h"

#include <iterator>

namespace lsgpu::sim
{

std::optional<uint64_t>
RangeAllocator::allocate(uint64_t size, uint64_t align)
{
   for (auto it = free_.begin(); it != free_.end(); ++it) {
      const uint64_t start = it->first, len = it->second;
      const uint64_t aligned = (start + align - 1) & ~(align - 1);
      const uint64_t pad = aligned - start;
      if (pad > len || len - pad < size)
         continue;
      free_.erase(it);
      if (pad)
         free_[start] = pad;
      if (len - pad - size)
         free_[aligned + size] = len - pad - size;
      return aligned;
   }
   return std::nullopt;
}

void
RangeAllocator::release(uint64_t start, uint64_t size)
{
   auto next = free_.lower_bound(start);
   if (next != free_.end() && start + size == next->first) {
      size += next->second;
      next = free_.erase(next);
   }
   if (next != free_.begin()) {
      auto prev = std::prev(next);
      if (prev->first + prev->second == start) {
         prev->second += size;
         return;
      }
   }
   free_[start] = size;
}

} // namespace lsgpu::sim
