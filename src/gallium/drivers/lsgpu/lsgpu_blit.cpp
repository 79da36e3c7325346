/* SPDX-License-Identifier: MIT */
/*
 * Blits: plain copies on the copy engine (resource_copy_region), everything else
 * (scaling, filtering, format conversion, depth/stencil, mipmap generation) as
 * textured draws through Mesa's u_blitter, which saves and restores the bound state.
 */
#include "lsgpu_context.h"
#include "lsgpu_debug.h"
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
}

static void
lsgpu_blit(struct pipe_context *pctx, const struct pipe_blit_info *info)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   if (info->render_condition_enable && !lsgpu_render_condition_passes(ctx))
      return;
   if (util_try_blit_via_copy_region(pctx, info, false))
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
