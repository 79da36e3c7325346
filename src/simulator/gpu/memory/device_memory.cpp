/* SPDX-License-Identifier: MIT */
#include "gpu/memory/device_memory.h"

#include <algorithm>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace lsgpu::sim
{

DeviceMemory::DeviceMemory(uint64_t size) : size_(size), ranges_(0, size)
{
   fd_ = memfd_create("lsgpu-device-memory", MFD_CLOEXEC);
   if (fd_ < 0)
      return;
   if (ftruncate(fd_, (off_t)size) != 0)
      return;
   void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd_, 0);
   if (p == MAP_FAILED)
      return;
   base_ = static_cast<uint8_t *>(p);
}

DeviceMemory::~DeviceMemory()
{
   if (base_)
      munmap(base_, size_);
   if (fd_ >= 0)
      close(fd_);
}

std::optional<uint64_t>
DeviceMemory::allocate(uint64_t size)
{
   /* Whole pages, as release() returns them. */
   size = (size + kPageSize - 1) & ~(kPageSize - 1);
   std::lock_guard<std::mutex> guard(lock_);
   std::optional<uint64_t> offset = ranges_.allocate(size, kPageSize);
   if (!offset)
      return offset;
   /* Zero what the new range reuses of freed, still resident ranges. */
   const uint64_t begin = *offset, end = begin + size;
   std::deque<Range> kept;
   for (const Range &r : dirty_) {
      const uint64_t lo = std::max(begin, r.offset), hi = std::min(end, r.offset + r.size);
      if (lo >= hi) {
         kept.push_back(r);
         continue;
      }
      memset(base_ + lo, 0, hi - lo);
      dirty_bytes_ -= hi - lo;
      if (r.offset < lo)
         kept.push_back({r.offset, lo - r.offset});
      if (hi < r.offset + r.size)
         kept.push_back({hi, r.offset + r.size - hi});
   }
   dirty_.swap(kept);
   return offset;
}

void
DeviceMemory::release(uint64_t offset, uint64_t size)
{
   size = (size + kPageSize - 1) & ~(kPageSize - 1);
   std::lock_guard<std::mutex> guard(lock_);
   dirty_.push_back({offset, size});
   dirty_bytes_ += size;
   /* Over the budget: the oldest ranges go back to the host (reading as zero). */
   while (dirty_bytes_ > kResidentFree && !dirty_.empty()) {
      const Range r = dirty_.front();
      dirty_.pop_front();
      dirty_bytes_ -= r.size;
      fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)r.offset, (off_t)r.size);
   }
   ranges_.release(offset, size);
}

uint64_t
DeviceMemory::resident_free() const
{
   std::lock_guard<std::mutex> guard(lock_);
   return dirty_bytes_;
}

} // namespace lsgpu::sim
