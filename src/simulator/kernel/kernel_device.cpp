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
#include "ioctl_kms.h"
#include "user_memory.h"

namespace lsgpu::sim
{

namespace
{

/* Where an ioctl may be used, as DRM's ioctl flags say it. */
enum : unsigned {
   kRender = 1u << 0, /* DRM_RENDER_ALLOW: render nodes too, not only the primary */
   kMaster = 1u << 1, /* DRM_MASTER: only the master of the primary node */
};

struct IoctlDesc {
   unsigned long cmd;
   int (*handler)(IoctlContext &, void *);
   unsigned flags;
};

/* The ioctls this driver implements. The kernel-side struct size and direction come
 * from these definitions; userspace's size may be smaller (older) or larger (newer). */
const IoctlDesc kIoctls[] = {
   {DRM_IOCTL_VERSION, lsgpu_ioctl_version, kRender},
   {DRM_IOCTL_GET_CAP, lsgpu_ioctl_get_cap, kRender},
   {DRM_IOCTL_GEM_CLOSE, lsgpu_ioctl_gem_close, kRender},
   {DRM_IOCTL_SYNCOBJ_CREATE, lsgpu_ioctl_syncobj_create, kRender},
   {DRM_IOCTL_SYNCOBJ_DESTROY, lsgpu_ioctl_syncobj_destroy, kRender},
   {DRM_IOCTL_SYNCOBJ_WAIT, lsgpu_ioctl_syncobj_wait, kRender},
   {DRM_IOCTL_SYNCOBJ_RESET, lsgpu_ioctl_syncobj_reset, kRender},
   {DRM_IOCTL_SYNCOBJ_SIGNAL, lsgpu_ioctl_syncobj_signal, kRender},
   {DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, lsgpu_ioctl_syncobj_handle_to_fd, kRender},
   {DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, lsgpu_ioctl_syncobj_fd_to_handle, kRender},
   {DRM_IOCTL_PRIME_HANDLE_TO_FD, lsgpu_ioctl_prime_handle_to_fd, kRender},
   {DRM_IOCTL_PRIME_FD_TO_HANDLE, lsgpu_ioctl_prime_fd_to_handle, kRender},
   {DRM_IOCTL_LSGPU_GET_PARAM, lsgpu_ioctl_get_param, kRender},
   {DRM_IOCTL_LSGPU_GEM_CREATE, lsgpu_ioctl_gem_create, kRender},
   {DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, lsgpu_ioctl_gem_mmap_offset, kRender},
   {DRM_IOCTL_LSGPU_GEM_WAIT, lsgpu_ioctl_gem_wait, kRender},
   {DRM_IOCTL_LSGPU_SUBMIT, lsgpu_ioctl_submit, kRender},
   {DRM_IOCTL_LSGPU_GEM_INFO, lsgpu_ioctl_gem_info, kRender},
   {DRM_IOCTL_LSGPU_CTX_CREATE, lsgpu_ioctl_ctx_create, kRender},
   {DRM_IOCTL_LSGPU_CTX_DESTROY, lsgpu_ioctl_ctx_destroy, kRender},
   {DRM_IOCTL_LSGPU_CTX_RESET_STATUS, lsgpu_ioctl_ctx_reset_status, kRender},
   {DRM_IOCTL_SET_CLIENT_CAP, lsgpu_ioctl_set_client_cap, 0},
   {DRM_IOCTL_SET_MASTER, lsgpu_ioctl_set_master, 0},
   {DRM_IOCTL_DROP_MASTER, lsgpu_ioctl_drop_master, 0},
   {DRM_IOCTL_GET_MAGIC, lsgpu_ioctl_get_magic, 0},
   {DRM_IOCTL_AUTH_MAGIC, lsgpu_ioctl_auth_magic, kMaster},
   {DRM_IOCTL_MODE_GETRESOURCES, lsgpu_ioctl_mode_getresources, 0},
   {DRM_IOCTL_MODE_GETCRTC, lsgpu_ioctl_mode_getcrtc, 0},
   {DRM_IOCTL_MODE_SETCRTC, lsgpu_ioctl_mode_setcrtc, kMaster},
   {DRM_IOCTL_MODE_CURSOR, lsgpu_ioctl_mode_cursor, kMaster},
   {DRM_IOCTL_MODE_CURSOR2, lsgpu_ioctl_mode_cursor2, kMaster},
   {DRM_IOCTL_MODE_GETGAMMA, lsgpu_ioctl_mode_getgamma, 0},
   {DRM_IOCTL_MODE_SETGAMMA, lsgpu_ioctl_mode_setgamma, kMaster},
   {DRM_IOCTL_MODE_GETENCODER, lsgpu_ioctl_mode_getencoder, 0},
   {DRM_IOCTL_MODE_GETCONNECTOR, lsgpu_ioctl_mode_getconnector, 0},
   {DRM_IOCTL_MODE_GETPROPERTY, lsgpu_ioctl_mode_getproperty, 0},
   {DRM_IOCTL_MODE_SETPROPERTY, lsgpu_ioctl_mode_setproperty, kMaster},
   {DRM_IOCTL_MODE_GETPROPBLOB, lsgpu_ioctl_mode_getpropblob, 0},
   {DRM_IOCTL_MODE_GETFB, lsgpu_ioctl_mode_getfb, 0},
   {DRM_IOCTL_MODE_ADDFB, lsgpu_ioctl_mode_addfb, 0},
   {DRM_IOCTL_MODE_ADDFB2, lsgpu_ioctl_mode_addfb2, 0},
   {DRM_IOCTL_MODE_RMFB, lsgpu_ioctl_mode_rmfb, 0},
   {DRM_IOCTL_MODE_PAGE_FLIP, lsgpu_ioctl_mode_page_flip, kMaster},
   {DRM_IOCTL_MODE_DIRTYFB, lsgpu_ioctl_mode_dirtyfb, kMaster},
   {DRM_IOCTL_MODE_CREATE_DUMB, lsgpu_ioctl_mode_create_dumb, 0},
   {DRM_IOCTL_MODE_MAP_DUMB, lsgpu_ioctl_mode_map_dumb, 0},
   {DRM_IOCTL_MODE_DESTROY_DUMB, lsgpu_ioctl_mode_destroy_dumb, 0},
   {DRM_IOCTL_MODE_GETPLANERESOURCES, lsgpu_ioctl_mode_getplaneresources, 0},
   {DRM_IOCTL_MODE_GETPLANE, lsgpu_ioctl_mode_getplane, 0},
   {DRM_IOCTL_MODE_OBJ_GETPROPERTIES, lsgpu_ioctl_mode_obj_getproperties, 0},
   {DRM_IOCTL_MODE_OBJ_SETPROPERTY, lsgpu_ioctl_mode_obj_setproperty, kMaster},
   {DRM_IOCTL_WAIT_VBLANK, lsgpu_ioctl_wait_vblank, 0},
   {DRM_IOCTL_MODE_ATOMIC, lsgpu_ioctl_mode_atomic, kMaster},
   {DRM_IOCTL_MODE_SETPLANE, lsgpu_ioctl_mode_setplane, kMaster},
   {DRM_IOCTL_MODE_CREATEPROPBLOB, lsgpu_ioctl_mode_createpropblob, 0},
   {DRM_IOCTL_MODE_DESTROYPROPBLOB, lsgpu_ioctl_mode_destroypropblob, 0},
};

} // namespace

KernelDevice::KernelDevice() : KernelDevice(Config{}) {}

KernelDevice::KernelDevice(const Config &config)
    : memory_(config.memory_size),
      scheduler_(std::make_unique<Scheduler>(counters_, config.job_timeout_cycles)),
      display_(std::make_unique<DisplayController>(memory_)), kms_(std::make_unique<Kms>(*display_))
{
}

/* KMS's commit worker writes display registers, and the display's interrupt calls
 * KMS: stop the worker, then the display, then free KMS. */
KernelDevice::~KernelDevice()
{
   kms_->shutdown();
   display_.reset();
}

std::shared_ptr<DrmFile>
KernelDevice::open_file(DrmFile::Node node)
{
   auto file = std::make_shared<DrmFile>(node);
   if (node == DrmFile::Node::Primary) {
      std::lock_guard<std::mutex> guard(kms_->lock());
      if (!kms_->master()) {
         kms_->set_master(file.get());
         file->kms().was_master = true;
      }
   }
   auto ctx = std::make_shared<GpuContext>();
   scheduler_->register_context(ctx);
   file->add_context(std::move(ctx));
   return file;
}

void
KernelDevice::close_file(DrmFile &file)
{
   kms_->release_file(&file);
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
   /* drm_ioctl_permit(): KMS is the primary node's, modesetting its master's. */
   if (!file.primary() && !(desc->flags & kRender))
      return -EACCES;
   if (desc->flags & kMaster) {
      std::lock_guard<std::mutex> guard(kms_->lock());
      if (kms_->master() != &file)
         return -EACCES;
   }

   /* As drm_ioctl(): copy in what userspace passed, zero-extend to the kernel's
    * struct, run, copy back what userspace has room for. */
   alignas(8) uint8_t karg[128];
   const size_t ksize = _IOC_SIZE(desc->cmd);
   const size_t usize = _IOC_SIZE(cmd);
   static_assert(sizeof(karg) >= sizeof(struct drm_lsgpu_submit), "karg too small");
   static_assert(sizeof(karg) >= sizeof(struct drm_mode_fb_cmd2), "karg too small");
   static_assert(sizeof(karg) >= sizeof(struct drm_mode_crtc), "karg too small");
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
