/* SPDX-License-Identifier: MIT */
#include "device_memory.h"

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
   std::lock_guard<std::mutex> guard(lock_);
   return ranges_.allocate(size, kPageSize);
}

void
DeviceMemory::release(uint64_t offset, uint64_t size)
{
   /* Zero and return the pages to the host before the range can be reused. */
   fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)size);
   std::lock_guard<std::mutex> guard(lock_);
   ranges_.release(offset, size);
}

} // namespace lsgpu::sim
