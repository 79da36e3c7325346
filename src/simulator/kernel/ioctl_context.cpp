/* SPDX-License-Identifier: MIT */
/* GPU contexts and their reset status (docs/uapi.md "Contexts"). */
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "drm-uapi/lsgpu_drm.h"
#include "drm_file.h"
#include "capable.h"
#include "gpu_context.h"
#include "ioctl_handlers.h"
#include "user_memory.h"
#include "kernel_device.h"
#include "scheduler.h"

namespace lsgpu::sim
{

int
lsgpu_ioctl_ctx_create(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_lsgpu_ctx_create *>(arg);
   if (req->flags || req->pad || req->priority > LSGPU_CTX_PRIORITY_HIGH)
      return -EINVAL;
   if (req->priority == LSGPU_CTX_PRIORITY_HIGH &&
       !lsgpu_capable(c.user.pid(), 23 /* CAP_SYS_NICE */))
      return -EACCES;
   auto ctx = std::make_shared<GpuContext>();
   ctx->priority = req->priority;
   c.dev.scheduler().register_context(ctx);
   std::lock_guard<std::mutex> guard(c.dev.lock());
   req->ctx_id = c.file.add_context(std::move(ctx));
   return 0;
}

int
lsgpu_ioctl_ctx_destroy(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_lsgpu_ctx_destroy *>(arg);
   if (req->pad)
      return -EINVAL;
   std::lock_guard<std::mutex> guard(c.dev.lock());
   /* Queued jobs hold the context, so they still run after it is destroyed. */
   return c.file.remove_context(req->ctx_id) ? 0 : -ENOENT;
}

int
lsgpu_ioctl_ctx_reset_status(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_lsgpu_ctx_reset_status *>(arg);
   if (req->flags || req->pad)
      return -EINVAL;
   std::shared_ptr<GpuContext> ctx;
   {
      std::lock_guard<std::mutex> guard(c.dev.lock());
      ctx = c.file.lookup_context(req->ctx_id);
   }
   if (!ctx)
      return -ENOENT;
   std::lock_guard<std::mutex> guard(c.dev.scheduler().lock());
   req->guilty = ctx->guilty_count;
   req->innocent = ctx->innocent_count;
   req->fault_job = ctx->first_fault.job;
   req->fault_va = ctx->first_fault.va;
   req->fault = ctx->first_fault.fault;
   req->fault_opcode = ctx->first_fault.opcode;
   req->fault_dword = ctx->first_fault.dword;
   req->fault_depth = ctx->first_fault.depth;
   if (ctx->guilty) {
      req->status = LSGPU_CTX_STATUS_GUILTY;
   } else if (ctx->innocent_pending) {
      req->status = LSGPU_CTX_STATUS_INNOCENT;
      ctx->innocent_pending = false;
   } else {
      req->status = LSGPU_CTX_STATUS_OK;
   }
   return 0;
}

} // namespace lsgpu::sim
