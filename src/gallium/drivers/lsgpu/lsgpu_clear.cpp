/* SPDX-License-Identifier: MIT */
/*
 * Clears. Every clear is an LSGPU_OP_FILL packet executed by the copy/fill engine
 * (docs/command-stream.md); the CPU never writes the pixels.
 */
#include <string.h>

#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_packets.h"
#include "lsgpu_context.h"
#include "lsgpu_resource.h"
#include "util/format/u_format.h"
#include "util/u_inlines.h"
#include "util/u_math.h"
#include "util/u_pack_color.h"
#include "util/u_transfer.h"

struct lsgpu_rect {
   unsigned x, y, w, h;
};

/* Emits one FILL per layer of the surface, clipped to the surface. */
static void
lsgpu_emit_fill(struct lsgpu_context *ctx, struct pipe_surface *psurf, struct lsgpu_rect r,
                const uint32_t value[4], const uint32_t mask[4])
{
   struct lsgpu_resource *rsc = lsgpu_resource(psurf->texture);
   unsigned level = psurf->u.tex.level;
   unsigned cpp = util_format_get_blocksize(psurf->format);
   lsgpu_context_reserve_batch(ctx);

   unsigned x1 = MIN2(r.x + r.w, psurf->width), y1 = MIN2(r.y + r.h, psurf->height);
   if (r.x >= x1 || r.y >= y1)
      return;

   lsgpu_batch_add_bo(&ctx->batch, rsc->bo);

   /* A multisample surface's pixel is its samples side by side: clear them all. */
   const unsigned samples = lsgpu_resource_samples(rsc);
   const unsigned e0 = r.x * samples, e1 = x1 * samples;
   for (unsigned layer = psurf->u.tex.first_layer; layer <= psurf->u.tex.last_layer; layer++) {
      /* The fill engine limits each dimension; split large surfaces. */
      for (unsigned y = r.y; y < y1; y += LSGPU_FILL_HEIGHT_MAX) {
         for (unsigned x = e0; x < e1; x += LSGPU_FILL_WIDTH_MAX) {
            uint64_t va = rsc->bo->va + lsgpu_resource_offset(rsc, level, layer) +
                          (uint64_t)y * rsc->levels[level].stride + (uint64_t)x * cpp;
            struct lsgpu_fill pkt = {};
            pkt.dst_va = va;
            pkt.pitch = rsc->levels[level].stride;
            pkt.width = MIN2(e1 - x, LSGPU_FILL_WIDTH_MAX);
            pkt.height = MIN2(y1 - y, LSGPU_FILL_HEIGHT_MAX);
            pkt.cpp = cpp;
            /* Only the first cpp bytes mean anything; the rest stay zero, so no
             * stale host memory reaches the command stream. */
            memcpy(pkt.value, value, MIN2(cpp, sizeof(pkt.value)));
            memcpy(pkt.mask, mask, MIN2(cpp, sizeof(pkt.mask)));
            lsgpu_pack_fill(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_FILL_LENGTH), &pkt);
         }
      }
   }
}

static void
lsgpu_clear_color_surface(struct lsgpu_context *ctx, struct pipe_surface *psurf,
                          const union pipe_color_union *color, struct lsgpu_rect r)
{
   union util_color uc = {};
   util_pack_color_union(psurf->format, &uc, color);
   uint32_t value[4], mask[4];
   memcpy(value, uc.ui, sizeof(value));
   memset(mask, 0xff, sizeof(mask));
   lsgpu_emit_fill(ctx, psurf, r, value, mask);
}

static void
lsgpu_clear_zs_surface(struct lsgpu_context *ctx, struct pipe_surface *psurf, unsigned flags,
                       double depth, unsigned stencil, struct lsgpu_rect r)
{
   enum pipe_format format = psurf->format;
   const struct util_format_description *desc = util_format_description(format);
   bool has_depth = util_format_has_depth(desc), has_stencil = util_format_has_stencil(desc);

   uint64_t value = util_pack64_z_stencil(format, depth, stencil);
   uint64_t all = desc->block.bits >= 64 ? ~0ull : (1ull << desc->block.bits) - 1;
   /* The stencil bits are where a stencil of all ones lands with depth 0. */
   uint64_t stencil_bits = has_stencil ? util_pack64_z_stencil(format, 0.0, 0xff) : 0;
   uint64_t mask = 0;
   if ((flags & PIPE_CLEAR_DEPTH) && has_depth)
      mask |= all & ~stencil_bits;
   if ((flags & PIPE_CLEAR_STENCIL) && has_stencil)
      mask |= stencil_bits;
   if (!mask)
      return;

   uint32_t v[4] = {(uint32_t)value, (uint32_t)(value >> 32), 0, 0};
   uint32_t m[4] = {(uint32_t)mask, (uint32_t)(mask >> 32), 0, 0};
   lsgpu_emit_fill(ctx, psurf, r, v, m);
}

static void
lsgpu_clear(struct pipe_context *pctx, unsigned buffers, const struct pipe_scissor_state *scissor,
            const union pipe_color_union *color, double depth, unsigned stencil)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   const struct pipe_framebuffer_state *fb = &ctx->state.framebuffer;
   if (!lsgpu_render_condition_passes(ctx))
      return;

   struct lsgpu_rect r = {0, 0, fb->width, fb->height};
   if (scissor) {
      r.x = scissor->minx;
      r.y = scissor->miny;
      r.w = scissor->maxx > scissor->minx ? scissor->maxx - scissor->minx : 0;
      r.h = scissor->maxy > scissor->miny ? scissor->maxy - scissor->miny : 0;
   }

   for (unsigned i = 0; i < fb->nr_cbufs; i++) {
      if ((buffers & (PIPE_CLEAR_COLOR0 << i)) && fb->cbufs[i])
         lsgpu_clear_color_surface(ctx, fb->cbufs[i], color, r);
   }
   if ((buffers & PIPE_CLEAR_DEPTHSTENCIL) && fb->zsbuf)
      lsgpu_clear_zs_surface(ctx, fb->zsbuf, buffers & PIPE_CLEAR_DEPTHSTENCIL, depth, stencil, r);
}

static void
lsgpu_clear_render_target(struct pipe_context *pctx, struct pipe_surface *dst,
                          const union pipe_color_union *color, unsigned x, unsigned y, unsigned w,
                          unsigned h, bool render_condition_enabled)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   if (render_condition_enabled && !lsgpu_render_condition_passes(ctx))
      return;
   lsgpu_clear_color_surface(ctx, dst, color, {x, y, w, h});
}

static void
lsgpu_clear_depth_stencil(struct pipe_context *pctx, struct pipe_surface *dst, unsigned flags,
                          double depth, unsigned stencil, unsigned x, unsigned y, unsigned w,
                          unsigned h, bool render_condition_enabled)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   if (render_condition_enabled && !lsgpu_render_condition_passes(ctx))
      return;
   lsgpu_clear_zs_surface(ctx, dst, flags, depth, stencil, {x, y, w, h});
}

/* A buffer filled with a repeated pattern (OpenCL's clEnqueueFillBuffer, GL's
 * glClearBufferData): FILL packets of rows of up to FILL.width elements. Patterns the
 * fill engine has no element size for (3 bytes, 32 and more) go through a mapping. */
static void
lsgpu_clear_buffer(struct pipe_context *pctx, struct pipe_resource *res, unsigned offset,
                   unsigned size, const void *value, int value_size)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   const unsigned cpp = (unsigned)value_size;
   lsgpu_buffer_written(res, offset, offset + size);
   if ((cpp != 1 && cpp != 2 && cpp != 4 && cpp != 8 && cpp != 16) || offset % cpp || size % cpp) {
      u_default_clear_buffer(pctx, res, offset, size, value, value_size);
      return;
   }
   lsgpu_context_reserve_batch(ctx);
   struct lsgpu_resource *rsc = lsgpu_resource(res);
   lsgpu_batch_add_bo(&ctx->batch, rsc->bo);
   uint64_t va = rsc->bo->va + offset;
   uint64_t elements = size / cpp;
   const uint64_t row = LSGPU_FILL_WIDTH_MAX;
   while (elements) {
      struct lsgpu_fill pkt = {};
      pkt.dst_va = va;
      pkt.cpp = cpp;
      pkt.pitch = (uint32_t)(row * cpp);
      pkt.width = (uint32_t)MIN2(elements, row);
      pkt.height = elements >= row ? (uint32_t)MIN2(elements / row, LSGPU_FILL_HEIGHT_MAX) : 1;
      memcpy(pkt.value, value, cpp);
      memset(pkt.mask, 0xff, cpp);
      lsgpu_pack_fill(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_FILL_LENGTH), &pkt);
      const uint64_t done = (uint64_t)pkt.width * pkt.height;
      elements -= done;
      va += done * cpp;
   }
}

void
lsgpu_clear_init(struct pipe_context *pctx)
{
   pctx->clear_buffer = lsgpu_clear_buffer;
   pctx->clear = lsgpu_clear;
   pctx->clear_render_target = lsgpu_clear_render_target;
   pctx->clear_depth_stencil = lsgpu_clear_depth_stencil;
}
