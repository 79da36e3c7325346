/* SPDX-License-Identifier: MIT */
/* PRIME (dma-buf) export and import of BOs, with the DRM core's semantics. */
#include <cerrno>
#include <fcntl.h>

#include "drm-uapi/lsgpu_drm.h"
#include "drm_file.h"
#include "fd_objects.h"
#include "gem_object.h"
#include "ioctl_handlers.h"
#include "kernel_device.h"

namespace lsgpu::sim
{

int
lsgpu_ioctl_prime_handle_to_fd(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_prime_handle *>(arg);
   if (req->flags & ~(DRM_CLOEXEC | DRM_RDWR))
      return -EINVAL;
   if (!c.fds)
      return -EOPNOTSUPP;
   std::shared_ptr<GemObject> bo;
   {
      std::lock_guard<std::mutex> guard(c.dev.lock());
      DrmFile::BoHandle *h = c.file.lookup_bo(req->handle);
      if (!h)
         return -ENOENT;
      bo = h->bo;
   }
   auto object = std::make_shared<FdObject>(FdObject{FdObject::Kind::DmaBuf, bo, {}, {}});
   int fd = c.fds->install(std::move(object), req->flags & DRM_CLOEXEC);
   if (fd < 0)
      return fd;
   req->fd = fd;
   return 0;
}

int
lsgpu_ioctl_prime_fd_to_handle(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_prime_handle *>(arg);
   if (!c.fds)
      return -EOPNOTSUPP;
   int error = 0;
   std::shared_ptr<FdObject> object = c.fds->lookup(req->fd, &error);
   if (!object)
      return error;
   if (object->kind != FdObject::Kind::DmaBuf)
      return -EINVAL;

   std::lock_guard<std::mutex> guard(c.dev.lock());
   /* Importing a BO the file already has gives back the same handle. */
   uint32_t existing = c.file.handle_of(object->bo.get());
   if (existing) {
      req->handle = existing;
      return 0;
   }
   auto va = c.file.va().allocate(object->bo->size(), DeviceMemory::kPageSize);
   if (!va)
      return -ENOMEM;
   req->handle = c.file.add_bo(object->bo, *va);
   return 0;
}

} // namespace lsgpu::sim
