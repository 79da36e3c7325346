/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_DEVICE_MEMORY_H
#define LSGPU_SIM_DEVICE_MEMORY_H

#include <cstdint>
#include <mutex>
#include <optional>

#include "../common/range_allocator.h"

namespace lsgpu::sim
{

/*
 * The memory the GPU owns: one sparse memfd, so that a BO is a page range of it that
 * the CPU side can mmap (and, later, another process can map after receiving the
 * fd). Freed ranges are punched out, which both returns the memory to the host and
 * guarantees that new BOs read as zero.
 */
class DeviceMemory
{
 public:
   static constexpr uint64_t kPageSize = 4096;

   explicit DeviceMemory(uint64_t size);
   ~DeviceMemory();
   DeviceMemory(const DeviceMemory &) = delete;
   DeviceMemory &operator=(const DeviceMemory &) = delete;

   bool valid() const { return base_ != nullptr; }
   uint64_t size() const { return size_; }
   int fd() const { return fd_; }
   uint8_t *host(uint64_t offset) const { return base_ + offset; }

   /* Page-aligned first-fit allocation; nullopt when no range is free. */
   std::optional<uint64_t> allocate(uint64_t size);
   void release(uint64_t offset, uint64_t size);

 private:
   int fd_ = -1;
   uint8_t *base_ = nullptr;
   uint64_t size_;
   std::mutex lock_;
   RangeAllocator ranges_;
};

} // namespace lsgpu::sim

#endif
