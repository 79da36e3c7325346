/* SPDX-License-Identifier: MIT */
/*
 * draw_vbo: bound Gallium state → one DRAW_STATE descriptor in upload memory → DRAW
 * packets (docs/command-stream-reference.md). What the GPU model cannot do
 * (docs/status.md) is skipped with an LSGPU_DEBUG=perf warning rather than drawn
 * wrong.
 */
#include <string.h>

#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_debug.h"
#include "lsgpu_format.h"
#include "lsgpu_hw_enums.h"
#include "lsgpu_link.h"
#include "lsgpu_packets.h"
#include "lsgpu_program.h"
#include "lsgpu_resource.h"
#include "lsgpu_texture.h"
#include "util/format/u_format.h"
#include "util/log.h"
#include "util/u_inlines.h"
#include "util/u_upload_mgr.h"
#include "indices/u_primconvert.h"

/* Gallium blend factor → LSGPU-1's; dst_alpha_one: the target has no alpha channel
 * (X8 formats), where GL reads destination alpha as 1. */
static enum lsgpu_blend_factor
lsgpu_blend_factor(unsigned f, bool dst_alpha_one)
{
   if (dst_alpha_one)
      f = util_blend_dst_alpha_to_one((enum pipe_blendfactor)f);
   if (dst_alpha_one && f == PIPE_BLENDFACTOR_SRC_ALPHA_SATURATE)
      return LSGPU_BLEND_FACTOR_ZERO; /* min(As, 1 - 1) */
   return lsgpu_translate(lsgpu_blend_factor_pairs, f, LSGPU_BLEND_FACTOR_ZERO);
}

uint64_t
lsgpu_buffer_va(struct lsgpu_context *ctx, struct pipe_resource *prsc, unsigned offset)
{
   struct lsgpu_resource *rsc = lsgpu_resource(prsc);
   lsgpu_batch_add_bo(&ctx->batch, rsc->bo);
   return rsc->bo->va + offset;
}

bool
lsgpu_constants(struct lsgpu_context *ctx, enum pipe_shader_type stage, unsigned index,
                uint64_t *va)
{
   struct pipe_constant_buffer *cb = &ctx->state.constbuf[stage][index];
   *va = 0;
   if (cb->buffer) {
      *va = lsgpu_buffer_va(ctx, cb->buffer, cb->buffer_offset);
      return true;
   }
   if (!cb->user_buffer || !cb->buffer_size)
      return true;
   void *map = lsgpu_context_upload(ctx, cb->buffer_size, 16, va);
   if (!map)
      return false;
   memcpy(map, cb->user_buffer, cb->buffer_size);
   return true;
}

/* Samples per pixel of the bound framebuffer's attachments (all alike in GL). */
static unsigned
lsgpu_framebuffer_samples(const struct pipe_framebuffer_state *fb)
{
   for (unsigned i = 0; i < fb->nr_cbufs; i++)
      if (fb->cbufs[i])
         return MAX2(fb->cbufs[i]->texture->nr_samples, 1);
   return fb->zsbuf ? MAX2(fb->zsbuf->texture->nr_samples, 1) : 1;
}

/* Why a draw cannot run on LSGPU-1, or NULL. */
static const char *
lsgpu_draw_unsupported(struct lsgpu_context *ctx, const struct pipe_draw_info *info)
{
   const struct lsgpu_bound_state *s = &ctx->state;
   if (info->mode > MESA_PRIM_POLYGON)
      return "primitive type not drawn (adjacency, patches)";
   if (!s->vs || !s->fs || !s->vs->compiled || !s->fs->compiled)
      return "a shader did not compile";
   for (unsigned i = 0; i < s->framebuffer.nr_cbufs; i++)
      if (s->framebuffer.cbufs[i] && !lsgpu_format(s->framebuffer.cbufs[i]->format)->render_target)
         return "render-target format not drawn yet";
   if (s->framebuffer.zsbuf && !lsgpu_format(s->framebuffer.zsbuf->format)->depth_stencil)
      return "depth format not drawn yet";
   const unsigned samples = lsgpu_framebuffer_samples(&s->framebuffer);
   for (unsigned i = 0; i < s->framebuffer.nr_cbufs; i++)
      if (s->framebuffer.cbufs[i] &&
          MAX2(s->framebuffer.cbufs[i]->texture->nr_samples, 1) != samples)
         return "attachments with different sample counts";
   if (s->framebuffer.zsbuf && MAX2(s->framebuffer.zsbuf->texture->nr_samples, 1) != samples)
      return "attachments with different sample counts";
   const struct lsgpu_vertex_elements *ve =
      (const struct lsgpu_vertex_elements *)s->vertex_elements;
   if (!ve)
      return "no vertex elements";
   return NULL;
}

/* DRAW_STATE's stencil state of face 0 (front) or 1 (back). */
static void
lsgpu_stencil_face(struct lsgpu_draw_state *st, unsigned face, const struct pipe_stencil_state *p,
                   uint8_t ref)
{
   st->stencil_func[face] = lsgpu_translate(lsgpu_func_pairs, p->func, LSGPU_FUNC_ALWAYS);
   st->stencil_fail_op[face] =
      lsgpu_translate(lsgpu_stencil_op_pairs, p->fail_op, LSGPU_STENCIL_OP_KEEP);
   st->stencil_zfail_op[face] =
      lsgpu_translate(lsgpu_stencil_op_pairs, p->zfail_op, LSGPU_STENCIL_OP_KEEP);
   st->stencil_zpass_op[face] =
      lsgpu_translate(lsgpu_stencil_op_pairs, p->zpass_op, LSGPU_STENCIL_OP_KEEP);
   st->stencil_ref[face] = ref;
   st->stencil_value_mask[face] = p->valuemask;
   st->stencil_write_mask[face] = p->writemask;
}

/* Gallium's generic varying index of a fragment input location (the numbering of
 * pipe_rasterizer_state::sprite_coord_enable when texcoords are generics). */
static int
lsgpu_generic_index(unsigned location)
{
   if (location >= VARYING_SLOT_TEX0 && location <= VARYING_SLOT_TEX7)
      return location - VARYING_SLOT_TEX0;
   if (location == VARYING_SLOT_PNTC)
      return 8;
   if (location >= VARYING_SLOT_VAR0)
      return 9 + (location - VARYING_SLOT_VAR0);
   return -1;
}

static void
lsgpu_fill_state(struct lsgpu_context *ctx, struct lsgpu_draw_state *st)
{
   struct lsgpu_bound_state *s = &ctx->state;
   const struct lsgpu_shader_info &vs = s->vs->binary.info, &fs = s->fs->binary.info;
   const struct pipe_rasterizer_state *rast = (const struct pipe_rasterizer_state *)s->rasterizer;
   const struct pipe_depth_stencil_alpha_state *dsa =
      (const struct pipe_depth_stencil_alpha_state *)s->dsa;

   lsgpu_batch_add_bo(&ctx->batch, s->vs->bo);
   lsgpu_batch_add_bo(&ctx->batch, s->fs->bo);
   st->vs_code_va = s->vs->bo->va;
   st->vs_code_size = vs.code_size;
   st->fs_code_va = s->fs->bo->va;
   st->fs_code_size = fs.code_size;
   st->stack_size = MAX2(vs.stack_size, fs.stack_size);

   /* Link by location (docs/compiler.md), as the tests that build draws by hand do. */
   lsgpu_link_shaders(&vs, &fs, rast && rast->flatshade, st);
   /* Point sprites replace these inputs with the point coordinate (GL 2.1 §3.3.1). */
   for (unsigned i = 0; i < LSGPU_MAX_VARYINGS && rast && rast->point_quad_rasterization; i++) {
      const int generic = lsgpu_generic_index(fs.input_location[LSGPU_FIRST_VARYING_SLOT + i]);
      if (generic >= 0 && generic < 32 && (rast->sprite_coord_enable >> generic & 1))
         st->fs_input_interp[i] = LSGPU_INTERP_POINT_COORD;
   }
   st->fs_writes_depth = fs.flags & LSGPU_SHADER_WRITES_DEPTH;
   st->fs_color_broadcast = fs.flags & LSGPU_SHADER_COLOR_BROADCAST;
   st->no_occlusion_count = !ctx->queries_active;
   st->no_primitive_count = !ctx->queries_active; /* u_blitter's draws count in no query */
   st->fs_writes_stencil = fs.flags & LSGPU_SHADER_WRITES_STENCIL;
   st->early_fragment_tests = fs.flags & LSGPU_SHADER_EARLY_FRAGMENT_TESTS;
   /* glEdgeFlag: st/mesa passes the flags through the vertex shader (VARYING_SLOT_EDGE). */
   for (unsigned o = 1; o < LSGPU_IO_SLOTS; o++)
      if ((vs.outputs_used >> o & 1) && vs.output_location[o] == VARYING_SLOT_EDGE)
         st->edge_flag_slot = o;
   st->fs_reads_color = fs.flags & LSGPU_SHADER_READS_COLOR;
   /* GL lets single-precision denormals flush (GLSL 4.60 §4.7.1), as GPUs and
    * llvmpipe do; a shader whose float controls preserve them keeps them. */
   st->flush_denorms = !((vs.flags | fs.flags) & LSGPU_SHADER_PRESERVES_DENORMS);

   /* Gallium's viewport has the descriptor's convention: window y is the row. */
   for (unsigned i = 0; i < 3; i++) {
      st->viewport_scale[i] = s->viewport.scale[i];
      st->viewport_translate[i] = s->viewport.translate[i];
   }
   const struct pipe_framebuffer_state *fb = &s->framebuffer;
   st->width = MAX2(fb->width, 1);
   st->height = MAX2(fb->height, 1);
   if (rast && rast->scissor) {
      st->scissor_min_x = s->scissor.minx;
      st->scissor_min_y = s->scissor.miny;
      st->scissor_max_x = s->scissor.maxx;
      st->scissor_max_y = s->scissor.maxy;
   } else {
      st->scissor_max_x = MIN2(st->width, 0xffff);
      st->scissor_max_y = MIN2(st->height, 0xffff);
   }
   st->cull =
      rast ? lsgpu_translate(lsgpu_cull_pairs, rast->cull_face, LSGPU_CULL_NONE) : LSGPU_CULL_NONE;
   st->front_ccw = rast && rast->front_ccw;
   st->flat_first = rast && rast->flatshade_first;
   st->point_size = rast ? rast->point_size : 1.0f;
   st->line_width = rast ? rast->line_width : 1.0f;
   st->point_size_per_vertex =
      rast && rast->point_size_per_vertex && (vs.outputs_used >> LSGPU_SLOT_POINT_SIZE & 1);
   st->point_coord_lower_left = rast && rast->sprite_coord_mode == PIPE_SPRITE_COORD_LOWER_LEFT;
   st->point_sprite = rast && rast->point_quad_rasterization;
   if (rast) {
      st->fill_front =
         lsgpu_translate(lsgpu_polygon_mode_pairs, rast->fill_front, LSGPU_POLYGON_MODE_FILL);
      st->fill_back =
         lsgpu_translate(lsgpu_polygon_mode_pairs, rast->fill_back, LSGPU_POLYGON_MODE_FILL);
      st->offset_point = rast->offset_point;
      st->offset_line = rast->offset_line;
      st->offset_fill = rast->offset_tri;
      st->offset_units = rast->offset_units;
      st->offset_scale = rast->offset_scale;
      st->offset_clamp = rast->offset_clamp;
      st->line_stipple_enable = rast->line_stipple_enable;
      if (rast->line_stipple_enable) {
         st->line_stipple_pattern = rast->line_stipple_pattern;
         st->line_stipple_factor = rast->line_stipple_factor;
      }
      if (rast->poly_stipple_enable) {
         st->poly_stipple_enable = true;
         memcpy(st->poly_stipple, s->stipple.stipple, sizeof(st->poly_stipple));
      }
      st->depth_clamp = !rast->depth_clip_near || !rast->depth_clip_far;
      st->clip_halfz = rast->clip_halfz;
      /* User clip planes arrive as clip distances (caps.clip_planes = 0: st/mesa
       * lowers them into the vertex shader). */
      for (unsigned o = 0; o < LSGPU_IO_SLOTS && rast->clip_plane_enable; o++) {
         if ((vs.outputs_used >> o & 1) && vs.output_location[o] == VARYING_SLOT_CLIP_DIST0) {
            const bool second = (vs.outputs_used >> (o + 1) & 1) &&
                                vs.output_location[o + 1] == VARYING_SLOT_CLIP_DIST1;
            st->clip_slot = o;
            st->clip_enable = rast->clip_plane_enable & (second ? 0xff : 0x0f);
         }
      }
   }

   st->depth_func = LSGPU_FUNC_ALWAYS;
   if (fb->zsbuf) {
      struct lsgpu_resource *z = lsgpu_resource(fb->zsbuf->texture);
      const unsigned level = fb->zsbuf->u.tex.level;
      lsgpu_batch_add_bo(&ctx->batch, z->bo);
      st->zs_va = z->bo->va + lsgpu_resource_offset(z, level, fb->zsbuf->u.tex.first_layer);
      st->zs_pitch = z->levels[level].stride;
      st->zs_format = lsgpu_format(fb->zsbuf->format)->zfmt;
      if (dsa && dsa->depth_enabled) {
         st->depth_func = lsgpu_translate(lsgpu_func_pairs, dsa->depth_func, LSGPU_FUNC_ALWAYS);
         st->depth_write = dsa->depth_writemask;
      }
      if (dsa && dsa->stencil[0].enabled &&
          util_format_has_stencil(util_format_description(fb->zsbuf->format))) {
         st->stencil_mode =
            dsa->stencil[1].enabled ? LSGPU_STENCIL_MODE_TWO_SIDED : LSGPU_STENCIL_MODE_FRONT;
         for (unsigned face = 0; face < 2; face++)
            if (dsa->stencil[face].enabled)
               lsgpu_stencil_face(st, face, &dsa->stencil[face], s->stencil_ref.ref_value[face]);
      }
   }
   const struct pipe_blend_state *blend = (const struct pipe_blend_state *)s->blend;
   if (blend && blend->logicop_enable) {
      st->logic_op_enable = true;
      st->logic_op = blend->logicop_func;
   }
   st->rasterizer_discard = rast && rast->rasterizer_discard;
   if (lsgpu_framebuffer_samples(fb) > 1) {
      st->log2_samples = 2;
      st->multisample = rast && rast->multisample;
      st->alpha_to_coverage = blend && blend->alpha_to_coverage;
      st->alpha_to_coverage_dither = blend && blend->alpha_to_coverage_dither;
      st->alpha_to_one = blend && blend->alpha_to_one;
      st->sample_mask = s->sample_mask & 0xf;
   }
   /* Depth and stencil before the shader whenever that draws the same image: no
    * discard, no depth or stencil output, no stores, no framebuffer fetch, no alpha to
    * coverage. Fragments that fail are then never shaded, as a GPU's early Z does. */
   const uint32_t late_only = LSGPU_SHADER_DEMOTES | LSGPU_SHADER_TERMINATES |
                              LSGPU_SHADER_WRITES_DEPTH | LSGPU_SHADER_WRITES_STENCIL |
                              LSGPU_SHADER_WRITES_MEMORY | LSGPU_SHADER_READS_COLOR;
   if (!(fs.flags & late_only) && !st->alpha_to_coverage)
      st->early_fragment_tests = true;
}

void
lsgpu_draw_vbo(struct pipe_context *pctx, const struct pipe_draw_info *info, unsigned drawid_offset,
               const struct pipe_draw_indirect_info *indirect,
               const struct pipe_draw_start_count_bias *draws, unsigned num_draws)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   struct lsgpu_bound_state *s = &ctx->state;
   /* The hardware assembles quads and polygons itself (DRAW.mode QUADS, QUAD_STRIP,
    * POLYGON), keeping their diagonals out of polygon modes LINE and POINT; filled, they
    * go through u_primconvert's triangles as ever, which transform feedback records. */
   const struct pipe_rasterizer_state *rast = (const struct pipe_rasterizer_state *)s->rasterizer;
   const bool unfilled = rast && (rast->fill_front != PIPE_POLYGON_MODE_FILL ||
                                  rast->fill_back != PIPE_POLYGON_MODE_FILL);
   if ((info->mode == MESA_PRIM_QUADS || info->mode == MESA_PRIM_QUAD_STRIP ||
        info->mode == MESA_PRIM_POLYGON) &&
       ctx->primconvert && !indirect && (!unfilled || s->num_so_targets)) {
      /* Re-enters draw_vbo with triangles (and an index buffer it uploads). */
      util_primconvert_draw_vbo(ctx->primconvert, info, drawid_offset, indirect, draws, num_draws);
      return;
   }
   if (!lsgpu_render_condition_passes(ctx))
      return;
   struct pipe_draw_start_count_bias auto_draw;
   if (indirect && indirect->count_from_stream_output && !indirect->buffer) {
      /* glDrawTransformFeedback: as many vertices as the target holds. */
      auto_draw = draws[0];
      auto_draw.start = 0;
      auto_draw.count = lsgpu_stream_out_vertex_count(ctx, indirect->count_from_stream_output);
      draws = &auto_draw;
      num_draws = 1;
      indirect = NULL;
   }
   lsgpu_context_reserve_batch(ctx);
   const char *why =
      indirect ? "indirect draws are not supported" : lsgpu_draw_unsupported(ctx, info);
   if (why) {
      lsgpu_perf_warn("draw skipped: %s", why);
      return;
   }

   uint64_t state_va, elements_va, rts_va, stack_va = 0;
   void *state_map =
      lsgpu_context_upload(ctx, LSGPU_DRAW_STATE_LENGTH * 4, LSGPU_DRAW_STATE_ALIGN, &state_va);
   const struct lsgpu_vertex_elements *ve =
      (const struct lsgpu_vertex_elements *)s->vertex_elements;
   const unsigned num_elements = MIN2(ve->count, 16);
   uint32_t *elements = (uint32_t *)lsgpu_context_upload(
      ctx, MAX2(num_elements, 1) * LSGPU_VERTEX_ELEMENT_LENGTH * 4, 16, &elements_va);
   uint32_t *rts =
      (uint32_t *)lsgpu_context_upload(ctx, 8 * LSGPU_RENDER_TARGET_LENGTH * 4, 16, &rts_va);
   struct lsgpu_draw_state st = {};
   lsgpu_fill_state(ctx, &st);
   void *stack =
      st.stack_size ? lsgpu_context_upload(ctx, 16 * st.stack_size, 16, &stack_va) : NULL;
   if (!state_map || !elements || !rts || (st.stack_size && !stack) ||
       !lsgpu_constants(ctx, PIPE_SHADER_VERTEX, 0, &st.vs_constants_va) ||
       !lsgpu_constants(ctx, PIPE_SHADER_FRAGMENT, 0, &st.fs_constants_va) ||
       !lsgpu_emit_buffer_table(ctx, PIPE_SHADER_VERTEX, &st.vs_buffers_va) ||
       !lsgpu_emit_buffer_table(ctx, PIPE_SHADER_FRAGMENT, &st.fs_buffers_va) ||
       !lsgpu_emit_stream_out(ctx, &st.so_va)) {
      mesa_loge("lsgpu: out of memory for a draw");
      return;
   }
   st.stack_va = stack_va;
   why = lsgpu_emit_textures(ctx, PIPE_SHADER_FRAGMENT, s->fs->binary.info.textures_used,
                             &st.fs_textures_va);
   if (!why)
      why = lsgpu_emit_textures(ctx, PIPE_SHADER_VERTEX, s->vs->binary.info.textures_used,
                                &st.vs_textures_va);
   if (why) {
      lsgpu_perf_warn("draw skipped: %s", why);
      return;
   }

   for (unsigned i = 0; i < num_elements; i++) {
      const struct pipe_vertex_element *e = &ve->elements[i];
      const struct pipe_vertex_buffer *vb = &s->vertex_buffers[e->vertex_buffer_index];
      struct lsgpu_vertex_element out = {};
      const struct lsgpu_format_desc *fmt = lsgpu_format((enum pipe_format)e->src_format);
      out.format = fmt->vfmt;
      if (!fmt->vertex) {
         lsgpu_perf_warn("draw skipped: vertex format %s",
                         util_format_short_name((enum pipe_format)e->src_format));
         return;
      }
      if (vb->is_user_buffer || !vb->buffer.resource) {
         lsgpu_perf_warn("draw skipped: user vertex buffer");
         return;
      }
      const uint64_t start = (uint64_t)vb->buffer_offset + e->src_offset;
      const uint64_t width = vb->buffer.resource->width0;
      out.va = lsgpu_buffer_va(ctx, vb->buffer.resource, start);
      /* Vertex fetch reads (0, 0, 0, 1) past the buffer's end (robust access). */
      out.size = start < width ? (uint32_t)MIN2(width - start, UINT32_MAX) : 0;
      out.stride = e->src_stride;
      out.divisor = e->instance_divisor;
      lsgpu_pack_vertex_element(elements + i * LSGPU_VERTEX_ELEMENT_LENGTH, &out);
   }
   st.elements_va = elements_va;
   st.num_elements = num_elements;

   const struct pipe_blend_state *blend = (const struct pipe_blend_state *)s->blend;
   for (unsigned i = 0; i < s->framebuffer.nr_cbufs; i++) {
      struct pipe_surface *cb = s->framebuffer.cbufs[i];
      if (!cb) {
         /* A hole in the draw buffers: a target that is never written. */
         struct lsgpu_render_target none = {};
         none.format = LSGPU_TFMT_R8G8B8A8_UNORM;
         lsgpu_pack_render_target(rts + i * LSGPU_RENDER_TARGET_LENGTH, &none);
         continue;
      }
      struct lsgpu_resource *rsc = lsgpu_resource(cb->texture);
      const unsigned level = cb->u.tex.level;
      lsgpu_batch_add_bo(&ctx->batch, rsc->bo);
      struct lsgpu_render_target rt = {};
      rt.va = rsc->bo->va + lsgpu_resource_offset(rsc, level, cb->u.tex.first_layer);
      rt.pitch = rsc->levels[level].stride;
      const struct lsgpu_format_desc *fmt = lsgpu_format(cb->format);
      rt.format = fmt->tfmt;
      memcpy(rt.swizzle, fmt->rt_swizzle, sizeof(rt.swizzle));
      const struct pipe_rt_blend_state *b =
         blend ? &blend->rt[blend->independent_blend_enable ? i : 0] : NULL;
      rt.write_mask = b ? b->colormask : 0xf;
      if (b && b->blend_enable && !blend->logicop_enable) {
         const bool no_alpha = !util_format_has_alpha(cb->format);
         rt.blend_enable = true;
         rt.rgb_func = lsgpu_translate(lsgpu_blend_func_pairs, b->rgb_func, LSGPU_BLEND_FUNC_ADD);
         rt.rgb_src = lsgpu_blend_factor(b->rgb_src_factor, no_alpha);
         rt.rgb_dst = lsgpu_blend_factor(b->rgb_dst_factor, no_alpha);
         rt.alpha_func =
            lsgpu_translate(lsgpu_blend_func_pairs, b->alpha_func, LSGPU_BLEND_FUNC_ADD);
         rt.alpha_src = lsgpu_blend_factor(b->alpha_src_factor, no_alpha);
         rt.alpha_dst = lsgpu_blend_factor(b->alpha_dst_factor, no_alpha);
      }
      lsgpu_pack_render_target(rts + i * LSGPU_RENDER_TARGET_LENGTH, &rt);
      st.num_rts = i + 1;
   }
   st.rt_va = rts_va;
   memcpy(st.blend_color, s->blend_color.color, sizeof(st.blend_color)); /* both float[4] */
   lsgpu_pack_draw_state((uint32_t *)state_map, &st);

   uint64_t index_va = 0;
   uint32_t index_bytes = 0; /* the index buffer's size: indices past it read as 0 */
   if (info->index_size) {
      if (info->has_user_indices) {
         unsigned max = 0;
         for (unsigned d = 0; d < num_draws; d++)
            max = MAX2(max, draws[d].start + draws[d].count);
         void *map = lsgpu_context_upload(ctx, max * info->index_size, 4, &index_va);
         if (!map)
            return;
         memcpy(map, info->index.user, (size_t)max * info->index_size);
         index_bytes = max * info->index_size;
      } else {
         index_va = lsgpu_buffer_va(ctx, info->index.resource, 0);
         index_bytes = info->index.resource->width0;
      }
   }

   /* What the job's pixel budget counts (lsgpu_context_reserve_batch). */
   const uint64_t area =
      (uint64_t)(MIN2(st.scissor_max_x, st.width) - MIN2(st.scissor_min_x, st.scissor_max_x)) *
      (MIN2(st.scissor_max_y, st.height) - MIN2(st.scissor_min_y, st.scissor_max_y));
   for (unsigned d = 0; d < num_draws; d++) {
      if (!draws[d].count)
         continue;
      const uint64_t instances = CLAMP(info->instance_count, 1, LSGPU_DRAW_INSTANCE_COUNT_MAX);
      ctx->batch.pixels += area * instances;
      ctx->batch.vertices += (uint64_t)draws[d].count * instances;
      struct lsgpu_draw p = {};
      p.state_va = state_va;
      p.mode = lsgpu_translate(lsgpu_prim_pairs, info->mode, LSGPU_PRIM_POINTS);
      p.first = draws[d].start;
      p.count = MIN2(draws[d].count, LSGPU_DRAW_COUNT_MAX);
      p.instance_count = CLAMP(info->instance_count, 1, LSGPU_DRAW_INSTANCE_COUNT_MAX);
      p.first_instance = info->start_instance;
      p.index_va = index_va;
      p.index_size = info->index_size;
      p.index_buffer_size = index_bytes;
      p.base_vertex = info->index_size ? draws[d].index_bias : 0;
      p.restart = info->index_size && info->primitive_restart;
      p.restart_index = info->restart_index;
      lsgpu_pack_draw(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_DRAW_LENGTH), &p);
   }
}
