/* SPDX-License-Identifier: MIT */
/*
 * Blits: plain copies on the copy engine (resource_copy_region), plain multisample
 * resolves on it too (RESOLVE), everything else
 * (scaling, filtering, format conversion, depth/stencil, mipmap generation) as
 * textured draws through Mesa's u_blitter, which saves and restores the bound state.
 */
#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_debug.h"
#include "lsgpu_format.h"
#include "lsgpu_packets.h"
#include "lsgpu_resource.h"
#include "util/format/u_format.h"
#include "util/log.h"
#include "util/u_blitter.h"
#include "util/u_surface.h"

static void
lsgpu_blitter_save(struct lsgpu_context *ctx)
{
   struct lsgpu_bound_state *s = &ctx->state;
   struct blitter_context *b = ctx->blitter;
   util_blitter_save_fragment_constant_buffer_slot(b, s->constbuf[PIPE_SHADER_FRAGMENT]);
   util_blitter_save_vertex_buffers(b, s->vertex_buffers, s->num_vertex_buffers);
   util_blitter_save_vertex_elements(b, s->vertex_elements);
   util_blitter_save_vertex_shader(b, s->vs);
   util_blitter_save_rasterizer(b, s->rasterizer);
   util_blitter_save_viewport(b, &s->viewport);
   util_blitter_save_scissor(b, &s->scissor);
   util_blitter_save_fragment_shader(b, s->fs);
   util_blitter_save_blend(b, s->blend);
   util_blitter_save_depth_stencil_alpha(b, s->dsa);
   util_blitter_save_stencil_ref(b, &s->stencil_ref);
   util_blitter_save_sample_mask(b, s->sample_mask, 0);
   util_blitter_save_framebuffer(b, &s->framebuffer);
   /* The 16 texture units of LSGPU-1 (docs/isa.md §3.2). */
   util_blitter_save_fragment_sampler_states(b, 16, s->samplers[PIPE_SHADER_FRAGMENT]);
   util_blitter_save_fragment_sampler_views(b, 16, s->views[PIPE_SHADER_FRAGMENT]);
   util_blitter_save_render_condition(b, ctx->cond_query, ctx->cond_cond, ctx->cond_mode);
   /* Blits draw with transform feedback off and put the targets back. */
   util_blitter_save_so_targets(b, s->num_so_targets, s->so_targets, s->so_output_prim);
}

/* A resolve the copy engine does alone (RESOLVE): a four-sample colour buffer into a
 * one-sample one of the same format, unscaled, unflipped, unscissored, whole pixels. */
static bool
lsgpu_try_resolve(struct lsgpu_context *ctx, const struct pipe_blit_info *info)
{
   struct pipe_resource *psrc = info->src.resource, *pdst = info->dst.resource;
   const struct pipe_box *sb = &info->src.box, *db = &info->dst.box;
   if (psrc->nr_samples <= 1 || pdst->nr_samples > 1 || info->src.format != info->dst.format ||
       info->src.format != psrc->format || info->dst.format != pdst->format ||
       info->mask != PIPE_MASK_RGBA || info->scissor_enable || info->swizzle_enable ||
       info->num_window_rectangles || info->alpha_blend || info->dst_sample ||
       sb->width != db->width || sb->height != db->height || sb->width <= 0 || sb->height <= 0 ||
       sb->depth != 1 || db->depth != 1 || sb->x < 0 || sb->y < 0 || db->x < 0 || db->y < 0 ||
       sb->x + sb->width > (int)u_minify(psrc->width0, info->src.level) ||
       sb->y + sb->height > (int)u_minify(psrc->height0, info->src.level) ||
       db->x + db->width > (int)u_minify(pdst->width0, info->dst.level) ||
       db->y + db->height > (int)u_minify(pdst->height0, info->dst.level))
      return false;
   const struct lsgpu_format_desc *fmt = lsgpu_format(info->src.format);
   if (!fmt->render_target || util_format_is_depth_or_stencil(info->src.format))
      return false;

   struct lsgpu_resource *src = lsgpu_resource(psrc), *dst = lsgpu_resource(pdst);
   const unsigned cpp = util_format_get_blocksize(info->src.format);
   lsgpu_context_reserve_batch(ctx);
   lsgpu_batch_add_bo(&ctx->batch, src->bo);
   lsgpu_batch_add_bo(&ctx->batch, dst->bo);
   const uint32_t src_pitch = src->levels[info->src.level].stride;
   const uint32_t dst_pitch = dst->levels[info->dst.level].stride;
   for (int y = 0; y < sb->height; y += LSGPU_RESOLVE_HEIGHT_MAX) {
      struct lsgpu_resolve pkt = {};
      pkt.src_va = src->bo->va + lsgpu_resource_offset(src, info->src.level, sb->z) +
                   (uint64_t)(sb->y + y) * src_pitch + (uint64_t)sb->x * 4 * cpp;
      pkt.dst_va = dst->bo->va + lsgpu_resource_offset(dst, info->dst.level, db->z) +
                   (uint64_t)(db->y + y) * dst_pitch + (uint64_t)db->x * cpp;
      pkt.src_pitch = src_pitch;
      pkt.dst_pitch = dst_pitch;
      pkt.width = (uint32_t)sb->width;
      pkt.height = (uint32_t)MIN2(sb->height - y, LSGPU_RESOLVE_HEIGHT_MAX);
      pkt.format = fmt->tfmt;
      lsgpu_pack_resolve(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_RESOLVE_LENGTH), &pkt);
   }
   return true;
}

static void
lsgpu_blit(struct pipe_context *pctx, const struct pipe_blit_info *info)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   if (info->render_condition_enable && !lsgpu_render_condition_passes(ctx))
      return;
   if (util_try_blit_via_copy_region(pctx, info, false))
      return;
   /* st/mesa copies between compatible formats (ARB_copy_image) as a blit of one
    * "canonical" view format on both sides; the copy engine moves raw texels between
    * any formats of one size, so that is a copy whatever the resources' formats. */
   if (info->src.format == info->dst.format &&
       util_format_get_blocksize(info->src.resource->format) ==
          util_format_get_blocksize(info->src.format) &&
       util_format_get_blocksize(info->dst.resource->format) ==
          util_format_get_blocksize(info->dst.format) &&
       !util_format_is_compressed(info->src.resource->format) &&
       !util_format_is_compressed(info->dst.resource->format) &&
       util_can_blit_via_copy_region(info, true, false)) {
      pctx->resource_copy_region(pctx, info->dst.resource, info->dst.level, info->dst.box.x,
                                 info->dst.box.y, info->dst.box.z, info->src.resource,
                                 info->src.level, &info->src.box);
      return;
   }
   if (lsgpu_try_resolve(ctx, info))
      return;
   if (!ctx->blitter || !util_blitter_is_blit_supported(ctx->blitter, info)) {
      lsgpu_perf_warn("blit %s -> %s not supported, skipped",
                      util_format_short_name(info->src.format),
                      util_format_short_name(info->dst.format));
      return;
   }
   lsgpu_blitter_save(ctx);
   util_blitter_blit(ctx->blitter, info, NULL);
}

void
lsgpu_blit_init(struct pipe_context *pctx)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   pctx->blit = lsgpu_blit;
   ctx->blitter = util_blitter_create(pctx);
}

void
lsgpu_blit_fini(struct lsgpu_context *ctx)
{
   if (ctx->blitter)
      util_blitter_destroy(ctx->blitter);
   ctx->blitter = NULL;
}
