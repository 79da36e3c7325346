/* SPDX-License-Identifier: MIT */
/* DRM_IOCTL_LSGPU_SUBMIT: validate, resolve the BO list into the job's address space,
 * run the job on the GPU model, signal its fence (docs/uapi.md "Submitting work"). */
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../gpu/address_space.h"
#include "../gpu/command_processor.h"
#include "drm-uapi/lsgpu_drm.h"
#include "drm_file.h"
#include "fence.h"
#include "gem_object.h"
#include "ioctl_handlers.h"
#include "kernel_device.h"
#include "user_memory.h"

namespace lsgpu::sim
{

namespace
{

struct Job {
   std::vector<uint32_t> cmds;
   std::vector<std::shared_ptr<GemObject>> bos; /* held until the job completes */
   AddressSpace address_space;
   std::vector<std::shared_ptr<Fence>> in_fences;
   std::shared_ptr<Fence> done = std::make_shared<Fence>();
};

template <typename T>
int
copy_array(const UserMemory &user, uint64_t uptr, uint32_t count, std::vector<T> *out)
{
   out->resize(count);
   return user.read(out->data(), uptr, (size_t)count * sizeof(T)) ? 0 : -EFAULT;
}

bool
debug_faults()
{
   static const bool on = [] {
      const char *s = getenv("LSGPU_SIM_DEBUG");
      return s && strstr(s, "faults");
   }();
   return on;
}

} // namespace

int
lsgpu_ioctl_submit(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_lsgpu_submit *>(arg);
   if (req->flags & ~LSGPU_SUBMIT_FLAGS || req->pad)
      return -EINVAL;
   if (req->cmds_size == 0 || req->cmds_size % 4 || req->cmds_size > LSGPU_MAX_CMDS_SIZE)
      return -EINVAL;
   if (req->bo_handle_count > LSGPU_MAX_BO_HANDLES || req->in_sync_count > LSGPU_MAX_IN_SYNCS)
      return -EINVAL;

   auto job = std::make_unique<Job>();
   std::vector<uint32_t> bo_handles, in_syncs;
   int ret;
   if ((ret = copy_array(c.user, req->cmds, req->cmds_size / 4, &job->cmds)) ||
       (ret = copy_array(c.user, req->bo_handles, req->bo_handle_count, &bo_handles)) ||
       (ret = copy_array(c.user, req->in_syncs, req->in_sync_count, &in_syncs)))
      return ret;

   {
      std::lock_guard<std::mutex> guard(c.dev.lock());
      for (uint32_t handle : bo_handles) {
         DrmFile::BoHandle *h = c.file.lookup_bo(handle);
         if (!h)
            return -ENOENT;
         job->address_space.map(h->va, h->bo->size(), h->bo->host());
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
      std::shared_ptr<DrmFile::Syncobj> out;
      if (req->out_sync) {
         out = c.file.lookup_syncobj(req->out_sync);
         if (!out)
            return -ENOENT;
      }

      /* Past this point the job is accepted: publish its fence. */
      if (out)
         out->fence = job->done;
      for (auto &bo : job->bos)
         bo->set_last_fence(job->done);
   }

   /* The GPU model runs the job now, on the submitting thread, one job at a time.
    * Later the same Job goes to a per-device queue thread instead (the fences above
    * already give waiters the right semantics). */
   for (auto &f : job->in_fences)
      f->wait_until(INT64_MAX);

   JobResult result;
   {
      std::lock_guard<std::mutex> guard(c.dev.gpu_lock());
      result = command_processor_execute(job->cmds.data(), job->cmds.size(), job->address_space,
                                         c.dev.counters());
   }
   if (result.fault != LSGPU_FAULT_NONE && debug_faults())
      fprintf(stderr, "lsgpu-sim: job fault %d at dword %u\n", (int)result.fault,
              result.fault_dword);
   job->done->signal(result.fault == LSGPU_FAULT_NONE ? 0 : -EIO);
   return 0;
}

} // namespace lsgpu::sim
