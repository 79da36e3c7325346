/* SPDX-License-Identifier: MIT */
/* DRM_IOCTL_LSGPU_SUBMIT: validate, resolve the BO list into the job's address space
 * and queue the job on its context (docs/uapi.md "Submitting work"). */
#include <cerrno>
#include <vector>

#include "drm-uapi/lsgpu_drm.h"
#include "drm_file.h"
#include "fence.h"
#include "gem_object.h"
#include "gpu_context.h"
#include "ioctl_handlers.h"
#include "kernel_device.h"
#include "scheduler.h"
#include "user_memory.h"

namespace lsgpu::sim
{

namespace
{

template <typename T>
int
copy_array(const UserMemory &user, uint64_t uptr, uint32_t count, std::vector<T> *out)
{
   out->resize(count);
   return user.read(out->data(), uptr, (size_t)count * sizeof(T)) ? 0 : -EFAULT;
}

} // namespace

int
lsgpu_ioctl_submit(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_lsgpu_submit *>(arg);
   if (req->flags & ~LSGPU_SUBMIT_FLAGS)
      return -EINVAL;
   if (req->cmds_size == 0 || req->cmds_size % 4 || req->cmds_size > LSGPU_MAX_CMDS_SIZE)
      return -EINVAL;
   if (req->bo_handle_count > LSGPU_MAX_BO_HANDLES || req->in_sync_count > LSGPU_MAX_IN_SYNCS)
      return -EINVAL;

   auto job = std::make_shared<Job>();
   job->done = std::make_shared<Fence>();
   std::vector<uint32_t> bo_handles, in_syncs;
   int ret;
   if ((ret = copy_array(c.user, req->cmds, req->cmds_size / 4, &job->cmds)) ||
       (ret = copy_array(c.user, req->bo_handles, req->bo_handle_count, &bo_handles)) ||
       (ret = copy_array(c.user, req->in_syncs, req->in_sync_count, &in_syncs)))
      return ret;

   std::shared_ptr<DrmFile::Syncobj> out;
   {
      std::lock_guard<std::mutex> guard(c.dev.lock());
      job->context = c.file.lookup_context(req->ctx_id);
      if (!job->context)
         return -ENOENT;
      for (uint32_t handle : bo_handles) {
         DrmFile::BoHandle *h = c.file.lookup_bo(handle);
         if (!h)
            return -ENOENT;
         bool writable = !(h->bo->flags() & LSGPU_GEM_CREATE_GPU_READ_ONLY);
         job->address_space.map(h->va, h->bo->size(), h->bo->host(), writable);
         job->bos.push_back(h->bo);
      }
      for (uint32_t handle : in_syncs) {
         auto s = c.file.lookup_syncobj(handle);
         if (!s)
            return -ENOENT;
         if (!s->fence)
            return -EINVAL; /* nothing was ever submitted to it */
         job->in_fences.push_back(s->fence);
      }
      if (req->out_sync) {
         out = c.file.lookup_syncobj(req->out_sync);
         if (!out)
            return -ENOENT;
      }
   }

   std::vector<std::shared_ptr<GemObject>> bos = job->bos;
   std::shared_ptr<Fence> done = job->done;
   if ((ret = c.dev.scheduler().queue(std::move(job))))
      return ret;

   /* Accepted: publish the job's fence. */
   std::lock_guard<std::mutex> guard(c.dev.lock());
   if (out)
      out->fence = done;
   for (auto &bo : bos)
      bo->set_last_fence(done);
   return 0;
}

} // namespace lsgpu::sim
