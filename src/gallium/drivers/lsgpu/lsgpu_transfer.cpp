/* SPDX-License-Identifier: MIT */
/*
 * CPU access to resources. LSGPU-1 shares system memory with the CPU (UMA) and
 * resources are linear, so a map is a pointer into the BO once the GPU is done with it.
 */
#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_debug.h"
#include "lsgpu_resource.h"
#include "util/format/u_format.h"
#include "util/os_time.h"
#include "util/log.h"
#include "util/u_inlines.h"
#include "util/u_surface.h"
#include "util/u_transfer.h"

static void *
lsgpu_transfer_map(struct pipe_context *pctx, struct pipe_resource *prsc, unsigned level,
                   unsigned usage, const struct pipe_box *box, struct pipe_transfer **out_transfer)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   struct lsgpu_resource *rsc = lsgpu_resource(prsc);

   if (!(usage & PIPE_MAP_UNSYNCHRONIZED)) {
      /* Work recorded in this context must reach the GPU before we can wait for it. */
      lsgpu_context_flush_for_bo(ctx, rsc->bo);
      uint64_t timeout = (usage & PIPE_MAP_DONTBLOCK) ? 0 : OS_TIMEOUT_INFINITE;
      if (!lsgpu_bo_wait(rsc->bo, timeout))
         return NULL;
   }

   uint8_t *map = (uint8_t *)lsgpu_bo_map(rsc->bo);
   if (!map)
      return NULL;

   struct lsgpu_transfer *trans = (struct lsgpu_transfer *)slab_zalloc(&ctx->transfer_pool);
   if (!trans)
      return NULL;
   struct pipe_transfer *ptrans = &trans->base;
   pipe_resource_reference(&ptrans->resource, prsc);
   ptrans->level = level;
   ptrans->usage = (enum pipe_map_flags)usage;
   ptrans->box = *box;
   ptrans->stride = rsc->levels[level].stride;
   ptrans->layer_stride = rsc->levels[level].layer_stride;
   *out_transfer = ptrans;

   if (prsc->target == PIPE_BUFFER)
      return map + box->x;

   return map + lsgpu_resource_offset(rsc, level, box->z) +
          (box->y / util_format_get_blockheight(prsc->format)) * ptrans->stride +
          (box->x / util_format_get_blockwidth(prsc->format)) *
             util_format_get_blocksize(prsc->format);
}

static void
lsgpu_transfer_unmap(struct pipe_context *pctx, struct pipe_transfer *ptrans)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   pipe_resource_reference(&ptrans->resource, NULL);
   slab_free(&ctx->transfer_pool, ptrans);
}

static void
lsgpu_transfer_flush_region(struct pipe_context *pctx, struct pipe_transfer *ptrans,
                            const struct pipe_box *box)
{
   /* Mappings are coherent: nothing to flush. */
}

static void
lsgpu_flush_resource(struct pipe_context *pctx, struct pipe_resource *prsc)
{
}

static void
lsgpu_resource_copy_region(struct pipe_context *pctx, struct pipe_resource *dst, unsigned dst_level,
                           unsigned dstx, unsigned dsty, unsigned dstz, struct pipe_resource *src,
                           unsigned src_level, const struct pipe_box *src_box)
{
   /* The copy engine packet arrives with the command-stream issue; until then copies
    * go through CPU maps, which synchronise with the GPU. */
   util_resource_copy_region(pctx, dst, dst_level, dstx, dsty, dstz, src, src_level, src_box);
}

static void
lsgpu_blit(struct pipe_context *pctx, const struct pipe_blit_info *info)
{
   /* Blits that are plain copies (same format, no scaling, no masks that matter) go
    * through resource_copy_region; the shader-based blitter needs the draw path. */
   if (util_try_blit_via_copy_region(pctx, info, false))
      return;
   lsgpu_perf_warn("blit %s -> %s not implemented yet, skipped",
                   util_format_short_name(info->src.format),
                   util_format_short_name(info->dst.format));
}

static void
lsgpu_invalidate_resource(struct pipe_context *pctx, struct pipe_resource *prsc)
{
   /* A hint that the contents are undefined; linear resources gain nothing from it. */
}

void
lsgpu_transfer_init(struct pipe_context *pctx)
{
   pctx->buffer_map = lsgpu_transfer_map;
   pctx->texture_map = lsgpu_transfer_map;
   pctx->buffer_unmap = lsgpu_transfer_unmap;
   pctx->texture_unmap = lsgpu_transfer_unmap;
   pctx->transfer_flush_region = lsgpu_transfer_flush_region;
   pctx->buffer_subdata = u_default_buffer_subdata;
   pctx->texture_subdata = u_default_texture_subdata;
   pctx->flush_resource = lsgpu_flush_resource;
   pctx->resource_copy_region = lsgpu_resource_copy_region;
   pctx->blit = lsgpu_blit;
   pctx->invalidate_resource = lsgpu_invalidate_resource;
}
