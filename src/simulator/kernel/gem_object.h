/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_GEM_OBJECT_H
#define LSGPU_SIM_GEM_OBJECT_H

#include <cstdint>
#include <memory>
#include <mutex>

#include "gpu/memory/device_memory.h"

namespace lsgpu::sim
{

class Fence;

/* A buffer object: a page range of device memory. It lives while any handle, job in
 * flight or CPU mapping holds a reference, like a GEM object's refcount. */
class GemObject
{
 public:
   GemObject(DeviceMemory &memory, uint64_t offset, uint64_t size, uint64_t mmap_offset,
             uint32_t flags)
       : memory_(memory), offset_(offset), size_(size), mmap_offset_(mmap_offset), flags_(flags)
   {
   }
   ~GemObject() { memory_.release(offset_, size_); }
   GemObject(const GemObject &) = delete;
   GemObject &operator=(const GemObject &) = delete;

   uint64_t size() const { return size_; }
   uint64_t memory_offset() const { return offset_; }
   uint64_t mmap_offset() const { return mmap_offset_; }
   uint8_t *host() const { return memory_.host(offset_); }
   uint32_t flags() const { return flags_; } /* LSGPU_GEM_CREATE_* */

   /* The fence of the last job that used this BO (GEM_WAIT waits for it). */
   void set_last_fence(std::shared_ptr<Fence> fence);
   std::shared_ptr<Fence> last_fence() const;

 private:
   DeviceMemory &memory_;
   const uint64_t offset_, size_, mmap_offset_;
   const uint32_t flags_;
   mutable std::mutex lock_;
   std::shared_ptr<Fence> last_fence_;
};

} // namespace lsgpu::sim

#endif
