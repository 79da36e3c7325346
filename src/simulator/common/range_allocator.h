/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_RANGE_ALLOCATOR_H
#define LSGPU_SIM_RANGE_ALLOCATOR_H

#include <cstdint>
#include <map>
#include <optional>

namespace lsgpu::sim
{

/* First-fit allocator of [start, start + size) ranges with coalescing frees: device
 * memory pages and per-file GPU virtual addresses. Not thread-safe: callers lock. */
class RangeAllocator
{
 public:
   RangeAllocator(uint64_t start, uint64_t size) { free_[start] = size; }

   std::optional<uint64_t> allocate(uint64_t size, uint64_t align);
   void release(uint64_t start, uint64_t size);

 private:
   std::map<uint64_t, uint64_t> free_; /* start -> size */
};

} // namespace lsgpu::sim

#endif
