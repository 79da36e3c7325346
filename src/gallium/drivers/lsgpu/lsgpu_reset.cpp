/* SPDX-License-Identifier: MIT */
/*
 * GPU faults and resets as the GL context sees them. A fault loses the kernel context
 * it ran on (docs/uapi.md, "Contexts"): its later submissions fail with ECANCELED.
 * The user is told once, with what the kernel knows of the fault (the job, the fault,
 * the packet, the address); then a context that asked for robustness reports the
 * reset through get_device_reset_status, and any other continues on a new kernel
 * context, as iris replaces a banned hardware context: the faulting job's rendering
 * (and that of jobs queued behind it) is missing, nothing after it is dropped.
 */
#include <inttypes.h>
#include <stdio.h>

#include "drm-uapi/lsgpu_drm.h"
#include "lsgpu_context.h"
#include "lsgpu_screen.h"
#include "lsgpu_packets.h"
#include "lsgpu/drm/lsgpu_winsys.h"
#include "util/log.h"

/* One line saying what was lost and why. */
static void
lsgpu_report_loss(const struct lsgpu_context *ctx, const struct drm_lsgpu_ctx_reset_status *st)
{
   const char *what = ctx->lose_context_on_reset
                         ? "the GL context is lost (glGetGraphicsResetStatus reports it)"
                         : "continuing on a new GPU context";
   if (st->status != LSGPU_CTX_STATUS_GUILTY || !st->fault_job) {
      mesa_loge("lsgpu: GPU context lost: another context hung the GPU while this one had "
                "work queued; its rendering is missing; %s",
                what);
      return;
   }
   const char *fault = lsgpu_fault_name((enum lsgpu_fault)st->fault);
   const char *packet = lsgpu_opcode_name((enum lsgpu_opcode)st->fault_opcode);
   char where[64] = "";
   if (st->fault_va)
      snprintf(where, sizeof(where), " at GPU address 0x%" PRIx64, (uint64_t)st->fault_va);
   mesa_loge("lsgpu: GPU context lost: job %" PRIu64 " faulted (%s%s) in %s at word %u of "
             "%s; its rendering and that of the jobs queued after it is missing; %s "
             "(LSGPU_SIM_DEBUG=faults prints the packet)",
             (uint64_t)st->fault_job, fault ? fault : "unknown fault", where,
             packet ? packet : "an unknown packet", st->fault_dword,
             st->fault_depth ? "an indirect buffer" : "its command stream", what);
}

/* Replaces the kernel context with a fresh one; false if none can be made. */
static bool
lsgpu_replace_kernel_ctx(struct lsgpu_context *ctx)
{
   struct lsgpu_winsys *ws = ctx->screen->ws;
   uint32_t fresh;
   if (lsgpu_winsys_ctx_create(ws, &fresh))
      return false;
   lsgpu_winsys_ctx_destroy(ws, ctx->kernel_ctx);
   ctx->kernel_ctx = fresh;
   return true;
}

bool
lsgpu_context_lost(struct lsgpu_context *ctx)
{
   struct drm_lsgpu_ctx_reset_status st = {};
   if (lsgpu_winsys_ctx_reset_status(ctx->screen->ws, ctx->kernel_ctx, &st) < 0)
      return false;
   if (!ctx->loss_reported)
      lsgpu_report_loss(ctx, &st);
   ctx->loss_reported = true;
   if (ctx->lose_context_on_reset)
      return false; /* GL asks, learns of the reset, and stops using the context */
   if (!lsgpu_replace_kernel_ctx(ctx))
      return false;
   ctx->loss_reported = false; /* the new context's own faults are news */
   return true;
}

/* GL_ARB_robustness: how faults of this context's jobs (or others' hangs) affected it.
 * A reset is reported once: the context then continues on a new kernel context (rusticl
 * reuses a pipe_context whose queue saw a reset; GL marks its context lost on its
 * own). */
static enum pipe_reset_status
lsgpu_context_get_device_reset_status(struct pipe_context *pctx)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   struct drm_lsgpu_ctx_reset_status st = {};
   enum pipe_reset_status status;
   switch (lsgpu_winsys_ctx_reset_status(ctx->screen->ws, ctx->kernel_ctx, &st)) {
   case LSGPU_CTX_STATUS_OK:
      return PIPE_NO_RESET;
   case LSGPU_CTX_STATUS_GUILTY:
      status = PIPE_GUILTY_CONTEXT_RESET;
      break;
   case LSGPU_CTX_STATUS_INNOCENT:
      status = PIPE_INNOCENT_CONTEXT_RESET;
      break;
   default:
      return PIPE_UNKNOWN_CONTEXT_RESET; /* the device is gone: nothing to recover */
   }
   if (!ctx->loss_reported)
      lsgpu_report_loss(ctx, &st);
   if (lsgpu_replace_kernel_ctx(ctx)) {
      lsgpu_batch_reset(&ctx->batch); /* work recorded for the lost context is dropped */
      ctx->loss_reported = false;
   }
   return status;
}

void
lsgpu_reset_init(struct pipe_context *pctx, unsigned flags)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   ctx->lose_context_on_reset = flags & PIPE_CONTEXT_LOSE_CONTEXT_ON_RESET;
   pctx->get_device_reset_status = lsgpu_context_get_device_reset_status;
}
