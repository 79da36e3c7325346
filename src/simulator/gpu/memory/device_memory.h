/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_DEVICE_MEMORY_H
#define LSGPU_SIM_DEVICE_MEMORY_H

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "common/range_allocator.h"

namespace lsgpu::sim
{

/*
 * The memory the GPU owns: one sparse memfd, so that a BO is a page range of it that
 * the CPU side can mmap (and, later, another process can map after receiving the
 * fd). New BOs read as zero. Freed ranges stay resident up to kResidentFree bytes and
 * are zeroed when an allocation reuses them, as a kernel's page pool would: streaming
 * uploads otherwise take a fresh host page fault per page of every new BO. Beyond
 * the budget, the oldest freed ranges are punched out and return to the host.
 */
class DeviceMemory
{
 public:
   static constexpr uint64_t kPageSize = 4096;
   static constexpr uint64_t kResidentFree = 64ull << 20;

   explicit DeviceMemory(uint64_t size);
   ~DeviceMemory();
   DeviceMemory(const DeviceMemory &) = delete;
   DeviceMemory &operator=(const DeviceMemory &) = delete;

   bool valid() const { return base_ != nullptr; }
   uint64_t size() const { return size_; }
   int fd() const { return fd_; }
   uint8_t *host(uint64_t offset) const { return base_ + offset; }

   /* Page-aligned first-fit allocation, zero-filled; nullopt when no range is free. */
   std::optional<uint64_t> allocate(uint64_t size);
   void release(uint64_t offset, uint64_t size);
   /* Bytes of freed ranges still resident (for tests). */
   uint64_t resident_free() const;

 private:
   int fd_ = -1;
   uint8_t *base_ = nullptr;
   uint64_t size_;
   mutable std::mutex lock_;
   RangeAllocator ranges_;
   struct Range {
      uint64_t offset, size;
   };
   std::deque<Range> dirty_; /* freed, not yet zeroed; oldest first */
   uint64_t dirty_bytes_ = 0;
};

} // namespace lsgpu::sim

#endif
