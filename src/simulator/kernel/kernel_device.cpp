/* SPDX-License-Identifier: MIT */
#include "kernel_device.h"

#include <cerrno>
#include <cstring>

#include "drm-uapi/lsgpu_drm.h"
#include "drm_file.h"
#include "gem_object.h"
#include "gpu_context.h"
#include "scheduler.h"
#include "ioctl_handlers.h"
#include "user_memory.h"

namespace lsgpu::sim
{

namespace
{

struct IoctlDesc {
   unsigned long cmd;
   int (*handler)(IoctlContext &, void *);
};

/* The ioctls this driver implements. The kernel-side struct size and direction come
 * from these definitions; userspace's size may be smaller (older) or larger (newer). */
const IoctlDesc kIoctls[] = {
   {DRM_IOCTL_VERSION, lsgpu_ioctl_version},
   {DRM_IOCTL_GET_CAP, lsgpu_ioctl_get_cap},
   {DRM_IOCTL_GEM_CLOSE, lsgpu_ioctl_gem_close},
   {DRM_IOCTL_SYNCOBJ_CREATE, lsgpu_ioctl_syncobj_create},
   {DRM_IOCTL_SYNCOBJ_DESTROY, lsgpu_ioctl_syncobj_destroy},
   {DRM_IOCTL_SYNCOBJ_WAIT, lsgpu_ioctl_syncobj_wait},
   {DRM_IOCTL_SYNCOBJ_RESET, lsgpu_ioctl_syncobj_reset},
   {DRM_IOCTL_SYNCOBJ_SIGNAL, lsgpu_ioctl_syncobj_signal},
   {DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, lsgpu_ioctl_syncobj_handle_to_fd},
   {DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, lsgpu_ioctl_syncobj_fd_to_handle},
   {DRM_IOCTL_PRIME_HANDLE_TO_FD, lsgpu_ioctl_prime_handle_to_fd},
   {DRM_IOCTL_PRIME_FD_TO_HANDLE, lsgpu_ioctl_prime_fd_to_handle},
   {DRM_IOCTL_LSGPU_GET_PARAM, lsgpu_ioctl_get_param},
   {DRM_IOCTL_LSGPU_GEM_CREATE, lsgpu_ioctl_gem_create},
   {DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, lsgpu_ioctl_gem_mmap_offset},
   {DRM_IOCTL_LSGPU_GEM_WAIT, lsgpu_ioctl_gem_wait},
   {DRM_IOCTL_LSGPU_SUBMIT, lsgpu_ioctl_submit},
   {DRM_IOCTL_LSGPU_GEM_INFO, lsgpu_ioctl_gem_info},
   {DRM_IOCTL_LSGPU_CTX_CREATE, lsgpu_ioctl_ctx_create},
   {DRM_IOCTL_LSGPU_CTX_DESTROY, lsgpu_ioctl_ctx_destroy},
   {DRM_IOCTL_LSGPU_CTX_RESET_STATUS, lsgpu_ioctl_ctx_reset_status},
};

} // namespace

KernelDevice::KernelDevice() : KernelDevice(Config{}) {}

KernelDevice::KernelDevice(const Config &config)
    : memory_(config.memory_size),
      scheduler_(std::make_unique<Scheduler>(counters_, config.job_timeout_ns))
{
}

KernelDevice::~KernelDevice() = default;

std::shared_ptr<DrmFile>
KernelDevice::open_file()
{
   auto file = std::make_shared<DrmFile>();
   auto ctx = std::make_shared<GpuContext>();
   scheduler_->register_context(ctx);
   file->add_context(std::move(ctx));
   return file;
}

void
KernelDevice::before_fork()
{
   lock_.lock();
   scheduler_->before_fork();
}

void
KernelDevice::after_fork_parent()
{
   scheduler_->after_fork_parent();
   lock_.unlock();
}

void
KernelDevice::after_fork_child()
{
   scheduler_->after_fork_child();
   lock_.unlock();
}

int
KernelDevice::ioctl(DrmFile &file, unsigned long cmd, uint64_t arg, const UserMemory &user,
                    FdTable *fds)
{
   /* Requests that are not DRM ioctls, or DRM ioctls this driver does not implement,
    * fail with ENOTTY (docs/uapi.md: a real driver does this in its own
    * unlocked_ioctl wrapper before calling drm_ioctl). */
   if (_IOC_TYPE(cmd) != DRM_IOCTL_BASE)
      return -ENOTTY;
   const IoctlDesc *desc = nullptr;
   for (const IoctlDesc &d : kIoctls) {
      if (_IOC_NR(d.cmd) == _IOC_NR(cmd)) {
         desc = &d;
         break;
      }
   }
   if (!desc)
      return -ENOTTY;

   /* As drm_ioctl(): copy in what userspace passed, zero-extend to the kernel's
    * struct, run, copy back what userspace has room for. */
   alignas(8) uint8_t karg[128];
   const size_t ksize = _IOC_SIZE(desc->cmd);
   const size_t usize = _IOC_SIZE(cmd);
   static_assert(sizeof(karg) >= sizeof(struct drm_lsgpu_submit), "karg too small");
   if (ksize > sizeof(karg))
      return -EINVAL;
   memset(karg, 0, sizeof(karg));
   const size_t in = std::min(ksize, usize);
   if ((_IOC_DIR(desc->cmd) & _IOC_WRITE) && !user.read(karg, arg, in))
      return -EFAULT;

   IoctlContext ctx{*this, file, user, fds};
   int ret = desc->handler(ctx, karg);

   if ((_IOC_DIR(desc->cmd) & _IOC_READ) && !user.write(arg, karg, in))
      return ret ? ret : -EFAULT;
   return ret;
}

/* Maps [offset, offset + length) of bo: the checks every mmap path shares. BO sizes
 * are whole pages (GEM_CREATE rounds them). */
int
KernelDevice::map_bo_range(std::shared_ptr<GemObject> bo, uint64_t offset, uint64_t length,
                           MmapTarget *out)
{
   if (bo->flags() & LSGPU_GEM_CREATE_NO_MMAP)
      return -EACCES;
   if (length == 0 || (offset & (DeviceMemory::kPageSize - 1)) || offset >= bo->size() ||
       length > bo->size() - offset)
      return -EINVAL;
   out->fd = memory_.fd();
   out->fd_offset = bo->memory_offset() + offset;
   out->keepalive = std::move(bo);
   return 0;
}

int
KernelDevice::mmap_dmabuf(const std::shared_ptr<GemObject> &bo, uint64_t offset, uint64_t length,
                          MmapTarget *out)
{
   return map_bo_range(bo, offset, length, out);
}

uint64_t
KernelDevice::allocate_mmap_offset(uint64_t size)
{
   /* Drop entries of destroyed BOs now and then so the map does not grow forever. */
   if ((next_mmap_offset_ >> 12) % 256 == 0) {
      for (auto it = mmap_offsets_.begin(); it != mmap_offsets_.end();)
         it = it->second.expired() ? mmap_offsets_.erase(it) : std::next(it);
   }
   uint64_t offset = next_mmap_offset_;
   next_mmap_offset_ += (size + DeviceMemory::kPageSize - 1) & ~(DeviceMemory::kPageSize - 1);
   return offset;
}

uint64_t
KernelDevice::register_mmap_offset(const std::shared_ptr<GemObject> &bo)
{
   mmap_offsets_[bo->mmap_offset()] = bo;
   return bo->mmap_offset();
}

int
KernelDevice::mmap(DrmFile &file, uint64_t offset, uint64_t length, MmapTarget *out)
{
   std::lock_guard<std::mutex> guard(lock_);
   if (length == 0 || (offset & (DeviceMemory::kPageSize - 1)))
      return -EINVAL;
   auto it = mmap_offsets_.upper_bound(offset);
   if (it == mmap_offsets_.begin())
      return -EACCES;
   --it;
   std::shared_ptr<GemObject> bo = it->second.lock();
   /* Like drm_gem_mmap(): the offset must belong to an object this file has open. */
   if (!bo || !file.has_bo(bo.get()))
      return -EACCES;
   const uint64_t rel = offset - bo->mmap_offset();
   return map_bo_range(std::move(bo), rel, length, out);
}

} // namespace lsgpu::sim
