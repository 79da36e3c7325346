/* SPDX-License-Identifier: MIT */
/*
 * CPU access to resources and copies between them. LSGPU-1 shares system memory with
 * the CPU (UMA) and resources are linear, so a map is a pointer into the BO once the
 * GPU is done with it; copies are COPY packets for the copy/fill engine.
 */
#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_debug.h"
#include "lsgpu_packets.h"
#include "lsgpu_resource.h"
#include "util/format/u_format.h"
#include "util/os_time.h"
#include "util/log.h"
#include "util/box.h"
#include "util/u_inlines.h"
#include "util/u_math.h"
#include "util/u_memory.h"
#include "util/u_surface.h"
#include "util/u_transfer.h"

static void *lsgpu_transfer_map(struct pipe_context *pctx, struct pipe_resource *prsc,
                                unsigned level, unsigned usage, const struct pipe_box *box,
                                struct pipe_transfer **out_transfer);

/* A blit of one layer's box between a multisample resource and its one-sample staging
 * copy (which holds the box at its origin). */
static void
lsgpu_staging_blit(struct pipe_context *pctx, struct pipe_resource *dst, unsigned dst_level,
                   const struct pipe_box *dst_box, struct pipe_resource *src, unsigned src_level,
                   const struct pipe_box *src_box)
{
   struct pipe_blit_info blit = {};
   blit.dst.resource = dst;
   blit.dst.level = dst_level;
   blit.dst.box = *dst_box;
   blit.dst.format = dst->format;
   blit.src.resource = src;
   blit.src.level = src_level;
   blit.src.box = *src_box;
   blit.src.format = src->format;
   blit.mask = util_format_get_mask(src->format);
   blit.filter = PIPE_TEX_FILTER_NEAREST;
   pctx->blit(pctx, &blit);
}

/* A transfer of (level, box) of prsc with the given row and layer strides. */
static struct lsgpu_transfer *
lsgpu_transfer_new(struct lsgpu_context *ctx, struct pipe_resource *prsc, unsigned level,
                   unsigned usage, const struct pipe_box *box, unsigned stride,
                   unsigned layer_stride)
{
   struct lsgpu_transfer *trans = (struct lsgpu_transfer *)slab_zalloc(&ctx->transfer_pool);
   if (!trans)
      return NULL;
   struct pipe_transfer *ptrans = &trans->base;
   pipe_resource_reference(&ptrans->resource, prsc);
   ptrans->level = level;
   ptrans->usage = (enum pipe_map_flags)usage;
   ptrans->box = *box;
   ptrans->stride = stride;
   ptrans->layer_stride = layer_stride;
   return trans;
}

static void *
lsgpu_transfer_map_msaa(struct pipe_context *pctx, struct pipe_resource *prsc, unsigned level,
                        unsigned usage, const struct pipe_box *box,
                        struct pipe_transfer **out_transfer)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   struct pipe_resource tmpl = *prsc;
   tmpl.target = PIPE_TEXTURE_2D;
   tmpl.nr_samples = tmpl.nr_storage_samples = 0;
   tmpl.width0 = box->width;
   tmpl.height0 = box->height;
   tmpl.depth0 = tmpl.array_size = 1;
   tmpl.last_level = 0;
   tmpl.bind = util_format_is_depth_or_stencil(prsc->format) ? PIPE_BIND_DEPTH_STENCIL
                                                             : PIPE_BIND_RENDER_TARGET;
   struct pipe_resource *staging = pctx->screen->resource_create(pctx->screen, &tmpl);
   if (!staging)
      return NULL;
   struct pipe_box whole;
   u_box_2d(0, 0, box->width, box->height, &whole);
   if (usage & PIPE_MAP_READ)
      lsgpu_staging_blit(pctx, staging, 0, &whole, prsc, level, box);
   struct pipe_transfer *inner = NULL;
   void *map =
      lsgpu_transfer_map(pctx, staging, 0, usage & ~PIPE_MAP_UNSYNCHRONIZED, &whole, &inner);
   struct lsgpu_transfer *trans =
      map ? lsgpu_transfer_new(ctx, prsc, level, usage, box, inner->stride, inner->layer_stride)
          : NULL;
   if (!trans) {
      if (inner)
         pctx->texture_unmap(pctx, inner);
      pipe_resource_reference(&staging, NULL);
      return NULL;
   }
   trans->staging = staging;
   trans->staging_transfer = inner;
   *out_transfer = &trans->base;
   return map;
}

/* The largest buffer write staged rather than waited for: the stream uploader's
 * pieces stay small. */
#define LSGPU_STAGED_WRITE_MAX (64u * 1024)

static void *
lsgpu_transfer_map(struct pipe_context *pctx, struct pipe_resource *prsc, unsigned level,
                   unsigned usage, const struct pipe_box *box, struct pipe_transfer **out_transfer)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   struct lsgpu_resource *rsc = lsgpu_resource(prsc);
   if (prsc->nr_samples > 1 && box->depth == 1)
      return lsgpu_transfer_map_msaa(pctx, prsc, level, usage, box, out_transfer);
   if (prsc->nr_samples > 1)
      return NULL; /* one layer at a time */

   if (prsc->target == PIPE_BUFFER) {
      /* Bytes nothing has written yet hold nothing the GPU may still be using: no
       * flush, no wait (glBufferSubData filling a buffer piece by piece between
       * draws, streaming vertex uploads). */
      if (!util_ranges_intersect(&rsc->valid_buffer_range, box->x, box->x + box->width))
         usage |= PIPE_MAP_UNSYNCHRONIZED;
      if (usage & PIPE_MAP_WRITE)
         lsgpu_buffer_written(prsc, box->x, box->x + box->width);
      /* glBufferSubData into a range draws still read: stage it (iris and panfrost do
       * the same) rather than wait for every draw before. */
      if (!(usage &
            (PIPE_MAP_UNSYNCHRONIZED | PIPE_MAP_READ | PIPE_MAP_PERSISTENT | PIPE_MAP_COHERENT)) &&
          (usage & PIPE_MAP_DISCARD_RANGE) && !rsc->exported && box->width > 0 &&
          box->width <= LSGPU_STAGED_WRITE_MAX &&
          (lsgpu_batch_references(&ctx->batch, rsc->bo) || !lsgpu_bo_wait(rsc->bo, 0))) {
         /* The pointer keeps the offset's place in GL_MIN_MAP_BUFFER_ALIGNMENT (as a
          * map of the BO itself does): ptr - offset is aligned to it. */
         const unsigned align = ctx->base.screen->caps.min_map_buffer_alignment;
         const unsigned skew = box->x % align;
         uint8_t *staged = (uint8_t *)align_malloc(skew + box->width, align);
         struct lsgpu_transfer *trans =
            staged ? lsgpu_transfer_new(ctx, prsc, level, usage, box, 0, 0) : NULL;
         if (trans) {
            trans->staged = staged;
            trans->staged_skew = skew;
            *out_transfer = &trans->base;
            return staged + skew;
         }
         align_free(staged);
      }
   }

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

   struct lsgpu_transfer *trans = lsgpu_transfer_new(
      ctx, prsc, level, usage, box, rsc->levels[level].stride, rsc->levels[level].layer_stride);
   if (!trans)
      return NULL;
   struct pipe_transfer *ptrans = &trans->base;
   *out_transfer = ptrans;

   if (prsc->target == PIPE_BUFFER)
      return map + box->x;

   return map + lsgpu_resource_offset(rsc, level, box->z) +
          (box->y / util_format_get_blockheight(prsc->format)) * ptrans->stride +
          (box->x / util_format_get_blockwidth(prsc->format)) *
             util_format_get_blocksize(prsc->format);
}

/* A staged buffer write reaches its buffer through the stream uploader and a COPY
 * packet, in order with the batch's work; without upload memory, in place once the GPU
 * is done with the buffer. */
static void
lsgpu_unmap_staged(struct lsgpu_context *ctx, struct pipe_transfer *ptrans, const void *data)
{
   struct lsgpu_resource *rsc = lsgpu_resource(ptrans->resource);
   const unsigned size = ptrans->box.width;
   lsgpu_context_reserve_batch(ctx);
   uint64_t va;
   void *upload = lsgpu_context_upload(ctx, size, 16, &va);
   if (upload) {
      memcpy(upload, data, size);
      lsgpu_batch_add_bo(&ctx->batch, rsc->bo);
      struct lsgpu_copy pkt = {};
      pkt.src_va = va;
      pkt.dst_va = rsc->bo->va + ptrans->box.x;
      pkt.src_pitch = pkt.dst_pitch = pkt.width = size;
      pkt.height = 1;
      lsgpu_pack_copy(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_COPY_LENGTH), &pkt);
      return;
   }
   lsgpu_context_flush_for_bo(ctx, rsc->bo);
   uint8_t *map =
      lsgpu_bo_wait(rsc->bo, OS_TIMEOUT_INFINITE) ? (uint8_t *)lsgpu_bo_map(rsc->bo) : NULL;
   if (map)
      memcpy(map + ptrans->box.x, data, size);
}

static void
lsgpu_transfer_unmap(struct pipe_context *pctx, struct pipe_transfer *ptrans)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   struct lsgpu_transfer *trans = (struct lsgpu_transfer *)ptrans;
   if (trans->staging) {
      pctx->texture_unmap(pctx, trans->staging_transfer);
      if (ptrans->usage & PIPE_MAP_WRITE) {
         struct pipe_box whole;
         u_box_2d(0, 0, ptrans->box.width, ptrans->box.height, &whole);
         lsgpu_staging_blit(pctx, ptrans->resource, ptrans->level, &ptrans->box, trans->staging, 0,
                            &whole);
      }
      pipe_resource_reference(&trans->staging, NULL);
   }
   if (trans->staged) {
      lsgpu_unmap_staged(ctx, ptrans, (const uint8_t *)trans->staged + trans->staged_skew);
      align_free(trans->staged);
   }
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

/* One COPY packet per layer (and per slice of rows the engine's limits allow). */
static void
lsgpu_resource_copy_region(struct pipe_context *pctx, struct pipe_resource *pdst,
                           unsigned dst_level, unsigned dstx, unsigned dsty, unsigned dstz,
                           struct pipe_resource *psrc, unsigned src_level,
                           const struct pipe_box *src_box)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   struct lsgpu_resource *dst = lsgpu_resource(pdst), *src = lsgpu_resource(psrc);
   lsgpu_buffer_written(pdst, dstx, dstx + src_box->width);
   lsgpu_context_reserve_batch(ctx);

   /* resource_copy_region copies raw blocks between formats of one block size; a
    * multisample pixel is its samples side by side (both sides have the same count). */
   const unsigned bs = util_format_get_blocksize(psrc->format) * lsgpu_resource_samples(src);
   /* Each side's coordinates are in its own format's texels: a compressed block and
    * an uncompressed texel of its size swap places (ARB_copy_image). */
   const unsigned bw = util_format_get_blockwidth(psrc->format);
   const unsigned bh = util_format_get_blockheight(psrc->format);
   const unsigned dbw = util_format_get_blockwidth(pdst->format);
   const unsigned dbh = util_format_get_blockheight(pdst->format);
   if (bs != util_format_get_blocksize(pdst->format) * lsgpu_resource_samples(dst)) {
      util_resource_copy_region(pctx, pdst, dst_level, dstx, dsty, dstz, psrc, src_level, src_box);
      return;
   }

   const uint64_t row_bytes = (uint64_t)DIV_ROUND_UP(src_box->width, bw) * bs;
   const unsigned rows = DIV_ROUND_UP(src_box->height, bh);
   if (row_bytes == 0 || rows == 0 || src_box->depth == 0)
      return;
   if (row_bytes > LSGPU_COPY_WIDTH_MAX) {
      util_resource_copy_region(pctx, pdst, dst_level, dstx, dsty, dstz, psrc, src_level, src_box);
      return;
   }

   lsgpu_batch_add_bo(&ctx->batch, src->bo);
   lsgpu_batch_add_bo(&ctx->batch, dst->bo);

   const bool buffer = psrc->target == PIPE_BUFFER;
   const uint32_t src_pitch = buffer ? (uint32_t)row_bytes : src->levels[src_level].stride;
   const uint32_t dst_pitch = buffer ? (uint32_t)row_bytes : dst->levels[dst_level].stride;

   for (int z = 0; z < src_box->depth; z++) {
      uint64_t src_off, dst_off;
      if (buffer) {
         src_off = src_box->x;
         dst_off = dstx;
      } else {
         src_off = lsgpu_resource_offset(src, src_level, src_box->z + z) +
                   (uint64_t)(src_box->y / bh) * src_pitch + (uint64_t)(src_box->x / bw) * bs;
         dst_off = lsgpu_resource_offset(dst, dst_level, dstz + z) +
                   (uint64_t)(dsty / dbh) * dst_pitch + (uint64_t)(dstx / dbw) * bs;
      }
      for (unsigned y = 0; y < rows; y += LSGPU_COPY_HEIGHT_MAX) {
         struct lsgpu_copy pkt = {};
         pkt.src_va = src->bo->va + src_off + (uint64_t)y * src_pitch;
         pkt.dst_va = dst->bo->va + dst_off + (uint64_t)y * dst_pitch;
         pkt.src_pitch = src_pitch;
         pkt.dst_pitch = dst_pitch;
         pkt.width = (uint32_t)row_bytes;
         pkt.height = MIN2(rows - y, LSGPU_COPY_HEIGHT_MAX);
         lsgpu_pack_copy(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_COPY_LENGTH), &pkt);
      }
   }
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
   pctx->invalidate_resource = lsgpu_invalidate_resource;
}
