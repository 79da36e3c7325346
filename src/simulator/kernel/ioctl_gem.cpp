/* SPDX-License-Identifier: MIT */
/* GET_PARAM and the GEM ioctls of the LSGPU uAPI (docs/uapi.md). */
#include <cerrno>

#include "drm-uapi/lsgpu_drm.h"
#include "drm_file.h"
#include "fence.h"
#include "gem_object.h"
#include "ioctl_handlers.h"
#include "kernel_device.h"
#include "lsgpu_packets.h"

namespace lsgpu::sim
{

static constexpr uint64_t kPage = DeviceMemory::kPageSize;

int
lsgpu_ioctl_get_param(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_lsgpu_get_param *>(arg);
   if (req->pad)
      return -EINVAL;
   Counters &k = c.dev.counters();
   switch (req->param) {
   case LSGPU_PARAM_DEVICE_ID:
      req->value = 0x4c530001;
      break;
   case LSGPU_PARAM_REVISION:
      req->value = 0;
      break;
   case LSGPU_PARAM_NUM_CORES:
      req->value = LSGPU_JOB_SHADER_CORES;
      break;
   case LSGPU_PARAM_WARP_WIDTH:
      req->value = 16;
      break;
   case LSGPU_PARAM_MEMORY_SIZE:
      req->value = c.dev.memory().size();
      break;
   case LSGPU_PARAM_VA_SIZE:
      req->value = DrmFile::kVaSize;
      break;
   case LSGPU_PARAM_FEATURES:
      req->value = LSGPU_FEATURE_FILL | LSGPU_FEATURE_COPY | LSGPU_FEATURE_COMPUTE;
      break;
   case LSGPU_PARAM_TIMESTAMP_FREQUENCY:
      req->value = 1000000000ull;
      break;
   case LSGPU_PARAM_CMDSTREAM_VERSION:
      req->value = LSGPU_CMDSTREAM_VERSION;
      break;
#define LSGPU_COUNTER_PARAM(NAME, name, param, doc)                                                \
   case LSGPU_PARAM_COUNTER_##NAME:                                                                \
      static_assert(LSGPU_PARAM_COUNTER_##NAME == param, "lsgpu_drm.h and lsgpu_isa.yaml differ"); \
      req->value = k.name;                                                                         \
      break;
      LSGPU_COUNTERS(LSGPU_COUNTER_PARAM)
#undef LSGPU_COUNTER_PARAM
   default:
      return -EINVAL;
   }
   return 0;
}

int
lsgpu_ioctl_gem_create(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_lsgpu_gem_create *>(arg);
   if (req->flags & ~LSGPU_GEM_CREATE_FLAGS)
      return -EINVAL;
   if (req->size == 0 || req->size > c.dev.memory().size())
      return -EINVAL;
   const uint64_t size = (req->size + kPage - 1) & ~(kPage - 1);

   std::lock_guard<std::mutex> guard(c.dev.lock());
   auto mem = c.dev.memory().allocate(size);
   if (!mem)
      return -ENOMEM;
   auto bo = std::make_shared<GemObject>(c.dev.memory(), *mem, size,
                                         c.dev.allocate_mmap_offset(size), req->flags);
   auto va = c.file.va().allocate(size, kPage);
   if (!va)
      return -ENOMEM; /* bo's destructor returns the memory */
   c.dev.register_mmap_offset(bo);
   req->handle = c.file.add_bo(std::move(bo), *va);
   req->va = *va;
   return 0;
}

int
lsgpu_ioctl_gem_mmap_offset(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_lsgpu_gem_mmap_offset *>(arg);
   if (req->flags)
      return -EINVAL;
   std::lock_guard<std::mutex> guard(c.dev.lock());
   DrmFile::BoHandle *h = c.file.lookup_bo(req->handle);
   if (!h)
      return -ENOENT;
   req->offset = h->bo->mmap_offset();
   return 0;
}

int
lsgpu_ioctl_gem_info(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_lsgpu_gem_info *>(arg);
   std::lock_guard<std::mutex> guard(c.dev.lock());
   DrmFile::BoHandle *h = c.file.lookup_bo(req->handle);
   if (!h)
      return -ENOENT;
   req->flags = h->bo->flags();
   req->size = h->bo->size();
   req->va = h->va;
   return 0;
}

int
lsgpu_ioctl_gem_wait(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_lsgpu_gem_wait *>(arg);
   if (req->flags)
      return -EINVAL;
   std::shared_ptr<Fence> fence;
   {
      std::lock_guard<std::mutex> guard(c.dev.lock());
      DrmFile::BoHandle *h = c.file.lookup_bo(req->handle);
      if (!h)
         return -ENOENT;
      fence = h->bo->last_fence();
   }
   if (!fence || fence->signaled())
      return 0;
   return fence->wait_until(req->timeout_ns) ? 0 : -ETIME;
}

} // namespace lsgpu::sim
