/* SPDX-License-Identifier: MIT */
#include "lsgpu_context.h"

#include <errno.h>
#include <stdio.h>

#include "drm-uapi/lsgpu_drm.h"
#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_packets.h"
#include "lsgpu_debug.h"
#include <string.h>
#include "lsgpu_fence.h"
#include "lsgpu_resource.h"
#include "lsgpu_screen.h"
#include "util/log.h"
#include "util/os_time.h"
#include "util/u_inlines.h"
#include "util/u_upload_mgr.h"
#include "indices/u_primconvert.h"

void
lsgpu_context_reserve_batch(struct lsgpu_context *ctx)
{
   /* Room for one more draw: its packets and at most ~40 BOs (targets, textures,
    * vertex and index buffers, shaders, upload memory). Smaller jobs also keep each
    * one well inside the watchdog's budget. */
   /* The BO list also keeps memory alive: a stream of draws that each use a new
    * texture the application deletes right away must not hold all of them. */
   /* A job's draws may cover at most LSGPU_JOB_PIXEL_BUDGET pixels (counted as their
    * scissored framebuffer area, an upper bound without overdraw) and name at most
    * LSGPU_JOB_VERTEX_BUDGET vertices: bounded jobs keep fences and preemption
    * fine-grained, hundreds of full-screen draws in one job would approach the
    * watchdog's 500 ms of GPU time (docs/uapi.md), and the GPU starts on a frame's
    * first draws while the application still records the rest (a replay that never
    * swaps to a window would otherwise be one job at its end). */
   const struct lsgpu_batch *batch = &ctx->batch;
   if (batch->cmds.size() * 4 > LSGPU_MAX_CMDS_SIZE / 4 ||
       batch->bos.size() + 64 > LSGPU_MAX_BO_HANDLES ||
       batch->bo_bytes > ctx->screen->ws->memory_size / 16 ||
       batch->pixels >= LSGPU_JOB_PIXEL_BUDGET || batch->vertices >= LSGPU_JOB_VERTEX_BUDGET)
      lsgpu_context_flush_batch(ctx);
}

void
lsgpu_context_flush_batch(struct lsgpu_context *ctx)
{
   struct lsgpu_batch *batch = &ctx->batch;
   if (batch->cmds.empty())
      return;

   struct lsgpu_winsys *ws = ctx->screen->ws;
   if (lsgpu_debug & LSGPU_DBG_CMDSTREAM)
      lsgpu_dump_cmdstream(batch);

   uint32_t syncobj = lsgpu_syncobj_create(ws, false);
   int ret =
      lsgpu_winsys_submit(ws, ctx->kernel_ctx, batch->cmds.data(), (unsigned)batch->cmds.size(),
                          batch->bos.data(), (unsigned)batch->bos.size(), syncobj);
   /* An earlier job faulted and lost the kernel context: say so once; a context that
    * did not ask for robustness goes on with this job on a new one. */
   if (ret == -ECANCELED && lsgpu_context_lost(ctx))
      ret =
         lsgpu_winsys_submit(ws, ctx->kernel_ctx, batch->cmds.data(), (unsigned)batch->cmds.size(),
                             batch->bos.data(), (unsigned)batch->bos.size(), syncobj);
   if (ret) {
      /* The job was not queued: nothing will signal the syncobj. Replace it with a
       * signalled one so waiters do not hang; the lost work is reported above. */
      lsgpu_syncobj_destroy(ws, syncobj);
      syncobj = lsgpu_syncobj_create(ws, true);
   }

   struct pipe_fence_handle *fence = lsgpu_fence_create(ws, syncobj);
   lsgpu_fence_reference(&ctx->last_fence, NULL);
   ctx->last_fence = fence;

   if (lsgpu_debug & LSGPU_DBG_SYNC)
      lsgpu_syncobj_wait(ws, syncobj, OS_TIMEOUT_INFINITE);

   lsgpu_batch_reset(batch);
}

void
lsgpu_context_flush_for_bo(struct lsgpu_context *ctx, struct lsgpu_bo *bo)
{
   if (lsgpu_batch_references(&ctx->batch, bo))
      lsgpu_context_flush_batch(ctx);
}

static void
lsgpu_context_flush(struct pipe_context *pctx, struct pipe_fence_handle **fence, unsigned flags)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   lsgpu_context_flush_batch(ctx);

   if (!fence)
      return;
   if (!ctx->last_fence) {
      /* Nothing was ever submitted: the fence is already signalled. */
      struct lsgpu_winsys *ws = ctx->screen->ws;
      ctx->last_fence = lsgpu_fence_create(ws, lsgpu_syncobj_create(ws, true));
   }
   lsgpu_fence_reference(fence, ctx->last_fence);
}

static void
lsgpu_context_destroy(struct pipe_context *pctx)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);

   lsgpu_context_flush_batch(ctx);
   lsgpu_fence_reference(&ctx->last_fence, NULL);
   lsgpu_blit_fini(ctx);
   lsgpu_state_fini(ctx);
   lsgpu_compute_fini(ctx);
   lsgpu_stream_out_fini(ctx);
   lsgpu_shader_resources_fini(ctx);
   if (ctx->kernel_ctx)
      lsgpu_winsys_ctx_destroy(ctx->screen->ws, ctx->kernel_ctx);
   if (ctx->primconvert)
      util_primconvert_destroy(ctx->primconvert);
   if (pctx->stream_uploader)
      u_upload_destroy(pctx->stream_uploader);
   slab_destroy_child(&ctx->transfer_pool);
   delete ctx;
}

static void
lsgpu_set_debug_callback(struct pipe_context *pctx, const struct util_debug_callback *cb)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   if (cb)
      ctx->debug = *cb;
   else
      memset(&ctx->debug, 0, sizeof(ctx->debug));
}

struct pipe_context *
lsgpu_context_create(struct pipe_screen *pscreen, void *priv, unsigned flags)
{
   struct lsgpu_screen *screen = lsgpu_screen(pscreen);
   struct lsgpu_context *ctx = new struct lsgpu_context();

   struct pipe_context *pctx = &ctx->base;
   ctx->screen = screen;
   pctx->screen = pscreen;
   pctx->priv = priv;
   pctx->destroy = lsgpu_context_destroy;
   pctx->flush = lsgpu_context_flush;
   lsgpu_reset_init(pctx, flags);

   if (lsgpu_winsys_ctx_create(screen->ws, &ctx->kernel_ctx)) {
      delete ctx;
      return NULL;
   }

   slab_create_child(&ctx->transfer_pool, &screen->transfer_pool);
   lsgpu_resource_context_init(pctx);
   lsgpu_transfer_init(pctx);
   lsgpu_state_init(pctx);
   lsgpu_program_init(pctx);
   lsgpu_compute_init(pctx);
   lsgpu_shader_resources_init(pctx);
   pctx->set_debug_callback = lsgpu_set_debug_callback;
   lsgpu_clear_init(pctx);
   lsgpu_query_init(pctx);
   lsgpu_stream_out_init(pctx);
   lsgpu_fence_context_init(pctx);

   pctx->stream_uploader = u_upload_create_default(pctx);
   if (!pctx->stream_uploader) {
      lsgpu_context_destroy(pctx);
      return NULL;
   }
   pctx->const_uploader = pctx->stream_uploader;
   ctx->queries_active = true;
   ctx->primconvert = util_primconvert_create(pctx, BITFIELD_BIT(MESA_PRIM_TRIANGLES) |
                                                       BITFIELD_BIT(MESA_PRIM_TRIANGLE_STRIP) |
                                                       BITFIELD_BIT(MESA_PRIM_TRIANGLE_FAN));
   lsgpu_blit_init(pctx);
   if (!ctx->blitter) {
      lsgpu_context_destroy(pctx);
      return NULL;
   }
   return pctx;
}

/* Room in the context's stream uploader; the BO joins the batch. */
void *
lsgpu_context_upload(struct lsgpu_context *ctx, unsigned size, unsigned align, uint64_t *va)
{
   struct pipe_resource *prsc = NULL;
   unsigned offset;
   void *ptr = NULL;
   u_upload_alloc(ctx->base.stream_uploader, 0, size, align, &offset, &prsc, &ptr);
   if (!prsc)
      return NULL;
   struct lsgpu_resource *rsc = lsgpu_resource(prsc);
   lsgpu_batch_add_bo(&ctx->batch, rsc->bo);
   *va = rsc->bo->va + offset;
   pipe_resource_reference(&prsc, NULL);
   return ptr;
}
