/* SPDX-License-Identifier: MIT */
/* DRM syncobj ioctls (binary syncobjs), with the DRM core's semantics and errnos. */
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>
#include <vector>

#include "drm-uapi/lsgpu_drm.h"
#include "drm_file.h"
#include "fd_objects.h"
#include "fence.h"
#include "ioctl_handlers.h"
#include "kernel_device.h"
#include "user_memory.h"

namespace lsgpu::sim
{

/* DRM caps the length of handle arrays at what one allocation may hold; we cap lower. */
static constexpr uint32_t kMaxSyncobjArray = 4096;

int
lsgpu_ioctl_syncobj_create(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_syncobj_create *>(arg);
   if (req->flags & ~DRM_SYNCOBJ_CREATE_SIGNALED)
      return -EINVAL;
   auto syncobj = std::make_shared<DrmFile::Syncobj>();
   if (req->flags & DRM_SYNCOBJ_CREATE_SIGNALED)
      syncobj->fence = Fence::make_signaled();
   std::lock_guard<std::mutex> guard(c.dev.lock());
   req->handle = c.file.add_syncobj(std::move(syncobj));
   return 0;
}

int
lsgpu_ioctl_syncobj_destroy(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_syncobj_destroy *>(arg);
   if (req->pad)
      return -EINVAL;
   std::lock_guard<std::mutex> guard(c.dev.lock());
   return c.file.remove_syncobj(req->handle) ? 0 : -EINVAL;
}

/* Copies in and resolves a user array of syncobj handles (drm_syncobj_array_find). */
static int
find_syncobjs(IoctlContext &c, uint64_t uptr, uint32_t count,
              std::vector<std::shared_ptr<DrmFile::Syncobj>> *out)
{
   if (count == 0 || count > kMaxSyncobjArray)
      return -EINVAL;
   std::vector<uint32_t> handles(count);
   if (!c.user.read(handles.data(), uptr, count * sizeof(uint32_t)))
      return -EFAULT;
   std::lock_guard<std::mutex> guard(c.dev.lock());
   for (uint32_t h : handles) {
      auto s = c.file.lookup_syncobj(h);
      if (!s)
         return -ENOENT;
      out->push_back(std::move(s));
   }
   return 0;
}

int
lsgpu_ioctl_syncobj_wait(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_syncobj_wait *>(arg);
   const uint32_t known = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT |
                          DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE;
   if (req->flags & ~known)
      return -EINVAL;
   std::vector<std::shared_ptr<DrmFile::Syncobj>> syncobjs;
   int ret = find_syncobjs(c, req->handles, req->count_handles, &syncobjs);
   if (ret)
      return ret;

   const bool wait_all = req->flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL;
   const bool for_submit = req->flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;

   std::vector<std::shared_ptr<Fence>> fences;
   {
      std::lock_guard<std::mutex> guard(c.dev.lock());
      for (auto &s : syncobjs) {
         /* Without WAIT_FOR_SUBMIT, waiting on a syncobj with no fence is an error. */
         if (!s->fence && !for_submit)
            return -EINVAL;
         fences.push_back(s->fence);
      }
   }

   /* Fences are attached at submit time and jobs run in order, so polling the
    * syncobjs until the deadline covers WAIT_FOR_SUBMIT as well. */
   for (;;) {
      int64_t now = monotonic_now_ns();
      bool all = true;
      for (uint32_t i = 0; i < fences.size(); i++) {
         if (!fences[i]) {
            std::lock_guard<std::mutex> guard(c.dev.lock());
            fences[i] = syncobjs[i]->fence;
         }
         bool done = fences[i] && fences[i]->signaled();
         if (done && !wait_all) {
            req->first_signaled = i;
            return 0;
         }
         all &= done;
      }
      if (all) {
         req->first_signaled = 0;
         return 0;
      }
      if (now >= req->timeout_nsec)
         return -ETIME;
      /* Block on the first unsignalled fence, re-checking the others at least every
       * millisecond for WAIT_ANY and fences attached later. */
      int64_t until = std::min<int64_t>(req->timeout_nsec, now + 1000000);
      bool waited = false;
      for (auto &f : fences) {
         if (f && !f->signaled()) {
            f->wait_until(until);
            waited = true;
            break;
         }
      }
      if (!waited)
         std::this_thread::sleep_for(std::chrono::nanoseconds(until - now));
   }
}

static int
syncobj_array_op(IoctlContext &c, void *arg, bool signal)
{
   auto *req = static_cast<struct drm_syncobj_array *>(arg);
   if (req->pad)
      return -EINVAL;
   std::vector<std::shared_ptr<DrmFile::Syncobj>> syncobjs;
   int ret = find_syncobjs(c, req->handles, req->count_handles, &syncobjs);
   if (ret)
      return ret;
   std::lock_guard<std::mutex> guard(c.dev.lock());
   for (auto &s : syncobjs)
      s->fence = signal ? Fence::make_signaled() : nullptr;
   return 0;
}

int
lsgpu_ioctl_syncobj_reset(IoctlContext &c, void *arg)
{
   return syncobj_array_op(c, arg, false);
}

int
lsgpu_ioctl_syncobj_signal(IoctlContext &c, void *arg)
{
   return syncobj_array_op(c, arg, true);
}

int
lsgpu_ioctl_syncobj_handle_to_fd(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_syncobj_handle *>(arg);
   if (req->flags & ~DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE || req->pad)
      return -EINVAL;
   if (!c.fds)
      return -EOPNOTSUPP;
   auto object = std::make_shared<FdObject>();
   {
      std::lock_guard<std::mutex> guard(c.dev.lock());
      auto s = c.file.lookup_syncobj(req->handle);
      if (!s)
         return -ENOENT;
      if (req->flags & DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE) {
         /* A sync_file holds the syncobj's current fence, which must exist. */
         if (!s->fence)
            return -EINVAL;
         object->kind = FdObject::Kind::SyncFile;
         object->fence = s->fence;
      } else {
         object->kind = FdObject::Kind::Syncobj;
         object->syncobj = s;
      }
   }
   int fd = c.fds->install(std::move(object), true);
   if (fd < 0)
      return fd;
   req->fd = fd;
   return 0;
}

int
lsgpu_ioctl_syncobj_fd_to_handle(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_syncobj_handle *>(arg);
   if (req->flags & ~DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE || req->pad)
      return -EINVAL;
   if (!c.fds)
      return -EOPNOTSUPP;
   int error = 0;
   std::shared_ptr<FdObject> object = c.fds->lookup(req->fd, &error);
   if (!object)
      return -EINVAL; /* the DRM core answers EINVAL for any fd that is not the right kind */

   std::lock_guard<std::mutex> guard(c.dev.lock());
   if (req->flags & DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE) {
      /* Replaces the fence of an existing syncobj of this file. */
      if (object->kind != FdObject::Kind::SyncFile)
         return -EINVAL;
      auto s = c.file.lookup_syncobj(req->handle);
      if (!s)
         return -ENOENT;
      s->fence = object->fence;
      return 0;
   }
   if (object->kind != FdObject::Kind::Syncobj)
      return -EINVAL;
   /* The new handle names the same syncobj: both files see each other's fences. */
   req->handle = c.file.add_syncobj(object->syncobj);
   return 0;
}

} // namespace lsgpu::sim
