/* SPDX-License-Identifier: MIT */
/*
 * Constant state objects and bound state. Every CSO is a copy of its template that
 * the draw path (docs/status.md: not implemented yet) will translate into LSGPU-1
 * state registers.
 */
#include <string.h>

#include "compiler/nir/nir.h"
#include "lsgpu_context.h"
#include "lsgpu_debug.h"
#include "lsgpu_packets.h"
#include "util/log.h"
#include "util/ralloc.h"
#include "util/u_framebuffer.h"
#include "util/u_helpers.h"
#include "util/u_inlines.h"
#include "util/u_memory.h"
#include "indices/u_primconvert.h"

template <typename T>
static void *
lsgpu_cso_copy(const T *tmpl)
{
   T *cso = (T *)MALLOC(sizeof(T));
   if (cso)
      memcpy(cso, tmpl, sizeof(T));
   return cso;
}

static void
lsgpu_cso_delete(struct pipe_context *pctx, void *cso)
{
   FREE(cso);
}

static void *
lsgpu_create_blend_state(struct pipe_context *pctx, const struct pipe_blend_state *t)
{
   return lsgpu_cso_copy(t);
}

static void *
lsgpu_create_dsa_state(struct pipe_context *pctx, const struct pipe_depth_stencil_alpha_state *t)
{
   return lsgpu_cso_copy(t);
}

static void *
lsgpu_create_rasterizer_state(struct pipe_context *pctx, const struct pipe_rasterizer_state *t)
{
   return lsgpu_cso_copy(t);
}

static void *
lsgpu_create_sampler_state(struct pipe_context *pctx, const struct pipe_sampler_state *t)
{
   return lsgpu_cso_copy(t);
}

static void *
lsgpu_create_vertex_elements_state(struct pipe_context *pctx, unsigned count,
                                   const struct pipe_vertex_element *elements)
{
   struct lsgpu_vertex_elements *ve = CALLOC_STRUCT(lsgpu_vertex_elements);
   if (!ve)
      return NULL;
   ve->count = MIN2(count, PIPE_MAX_ATTRIBS);
   memcpy(ve->elements, elements, ve->count * sizeof(*elements));
   return ve;
}

#define LSGPU_BIND(name, field)                                                                    \
   static void lsgpu_bind_##name(struct pipe_context *pctx, void *cso)                             \
   {                                                                                               \
      lsgpu_context(pctx)->state.field = cso;                                                      \
   }
LSGPU_BIND(blend_state, blend)
LSGPU_BIND(dsa_state, dsa)
LSGPU_BIND(vertex_elements_state, vertex_elements)

static void
lsgpu_bind_rasterizer_state(struct pipe_context *pctx, void *cso)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   ctx->state.rasterizer = cso;
   /* Quads and polygons become triangles with the right provoking vertex. */
   if (cso && ctx->primconvert)
      util_primconvert_save_rasterizer_state(ctx->primconvert,
                                             (const struct pipe_rasterizer_state *)cso);
}

static void
lsgpu_bind_sampler_states(struct pipe_context *pctx, enum pipe_shader_type shader, unsigned start,
                          unsigned count, void **samplers)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   for (unsigned i = 0; i < count && start + i < PIPE_MAX_SAMPLERS; i++)
      ctx->state.samplers[shader][start + i] = samplers ? samplers[i] : NULL;
}

static void
lsgpu_set_sampler_views(struct pipe_context *pctx, enum pipe_shader_type shader, unsigned start,
                        unsigned count, unsigned unbind_num_trailing_slots, bool take_ownership,
                        struct pipe_sampler_view **views)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   struct pipe_sampler_view **slots = ctx->state.views[shader];

   for (unsigned i = 0; i < count; i++) {
      struct pipe_sampler_view *view = views ? views[i] : NULL;
      if (take_ownership) {
         pipe_sampler_view_reference(&slots[start + i], NULL);
         slots[start + i] = view;
      } else {
         pipe_sampler_view_reference(&slots[start + i], view);
      }
   }
   for (unsigned i = 0; i < unbind_num_trailing_slots; i++)
      pipe_sampler_view_reference(&slots[start + count + i], NULL);
}

static void
lsgpu_set_framebuffer_state(struct pipe_context *pctx, const struct pipe_framebuffer_state *fb)
{
   util_copy_framebuffer_state(&lsgpu_context(pctx)->state.framebuffer, fb);
}

static void
lsgpu_set_blend_color(struct pipe_context *pctx, const struct pipe_blend_color *c)
{
   lsgpu_context(pctx)->state.blend_color = *c;
}

static void
lsgpu_set_stencil_ref(struct pipe_context *pctx, const struct pipe_stencil_ref r)
{
   lsgpu_context(pctx)->state.stencil_ref = r;
}

static void
lsgpu_set_clip_state(struct pipe_context *pctx, const struct pipe_clip_state *c)
{
   lsgpu_context(pctx)->state.clip = *c;
}

/* The hardware's sample positions (constants SAMPLE0_X..SAMPLE3_Y, in sixteenths of
 * a pixel from its top-left corner); one sample sits at the centre. */
static void
lsgpu_get_sample_position(struct pipe_context *pctx, unsigned sample_count, unsigned index,
                          float *out_value)
{
   static const uint8_t positions[4][2] = {{LSGPU_SAMPLE0_X, LSGPU_SAMPLE0_Y},
                                           {LSGPU_SAMPLE1_X, LSGPU_SAMPLE1_Y},
                                           {LSGPU_SAMPLE2_X, LSGPU_SAMPLE2_Y},
                                           {LSGPU_SAMPLE3_X, LSGPU_SAMPLE3_Y}};
   if (sample_count == 4 && index < 4) {
      out_value[0] = positions[index][0] / 16.0f;
      out_value[1] = positions[index][1] / 16.0f;
   } else {
      out_value[0] = out_value[1] = 0.5f;
   }
}

static void
lsgpu_set_sample_mask(struct pipe_context *pctx, unsigned mask)
{
   lsgpu_context(pctx)->state.sample_mask = mask;
}

static void
lsgpu_set_polygon_stipple(struct pipe_context *pctx, const struct pipe_poly_stipple *s)
{
   lsgpu_context(pctx)->state.stipple = *s;
}

static void
lsgpu_set_scissor_states(struct pipe_context *pctx, unsigned start, unsigned num,
                         const struct pipe_scissor_state *s)
{
   if (start == 0 && num)
      lsgpu_context(pctx)->state.scissor = s[0];
}

static void
lsgpu_set_viewport_states(struct pipe_context *pctx, unsigned start, unsigned num,
                          const struct pipe_viewport_state *v)
{
   if (start == 0 && num)
      lsgpu_context(pctx)->state.viewport = v[0];
}

static void
lsgpu_set_constant_buffer(struct pipe_context *pctx, enum pipe_shader_type shader, uint index,
                          bool take_ownership, const struct pipe_constant_buffer *cb)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   if (index >= LSGPU_MAX_CONST_BUFFERS)
      return;
   util_copy_constant_buffer(&ctx->state.constbuf[shader][index], cb, take_ownership);
}

static void
lsgpu_set_vertex_buffers(struct pipe_context *pctx, unsigned count,
                         const struct pipe_vertex_buffer *buffers)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   uint32_t enabled = 0;
   /* set_vertex_buffers transfers the references in `buffers` to the driver. */
   util_set_vertex_buffers_mask(ctx->state.vertex_buffers, &enabled, buffers, count, true);
   ctx->state.num_vertex_buffers = count;
}

static void
lsgpu_set_active_query_state(struct pipe_context *pctx, bool enable)
{
   /* st/mesa pauses queries around its own draws (clears with a quad, blits, ...):
    * those draws do not count samples (DRAW_STATE.fs_flags bit 2). */
   lsgpu_context(pctx)->queries_active = enable;
}

static void
lsgpu_texture_barrier(struct pipe_context *pctx, unsigned flags)
{
   /* Rendering before the barrier must be visible to sampling after it: the
    * command stream's CACHE_FLUSH orders colour/depth writes before texture reads
    * (the model's memory is coherent; hardware with caches needs the packet). */
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   struct lsgpu_cache_flush p = {true, true, true}; /* colour, depth/stencil, texture */
   lsgpu_pack_cache_flush(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_CACHE_FLUSH_LENGTH), &p);
}

/* Shader stores (storage buffers, images, atomics) before the barrier must be visible
 * to every access after it: the same CACHE_FLUSH. CPU mappings need nothing more, as
 * mapping a buffer the batch uses submits the batch and waits. */
static void
lsgpu_memory_barrier(struct pipe_context *pctx, unsigned flags)
{
   if (flags & ~(PIPE_BARRIER_MAPPED_BUFFER | PIPE_BARRIER_UPDATE))
      lsgpu_texture_barrier(pctx, 0);
}

void
lsgpu_state_init(struct pipe_context *pctx)
{
   /* Gallium's initial sample mask is all samples; state trackers only call
    * set_sample_mask when it changes from that. */
   lsgpu_context(pctx)->state.sample_mask = ~0u;
   pctx->create_blend_state = lsgpu_create_blend_state;
   pctx->bind_blend_state = lsgpu_bind_blend_state;
   pctx->delete_blend_state = lsgpu_cso_delete;
   pctx->create_depth_stencil_alpha_state = lsgpu_create_dsa_state;
   pctx->bind_depth_stencil_alpha_state = lsgpu_bind_dsa_state;
   pctx->delete_depth_stencil_alpha_state = lsgpu_cso_delete;
   pctx->create_rasterizer_state = lsgpu_create_rasterizer_state;
   pctx->bind_rasterizer_state = lsgpu_bind_rasterizer_state;
   pctx->delete_rasterizer_state = lsgpu_cso_delete;
   pctx->create_sampler_state = lsgpu_create_sampler_state;
   pctx->bind_sampler_states = lsgpu_bind_sampler_states;
   pctx->delete_sampler_state = lsgpu_cso_delete;
   pctx->create_vertex_elements_state = lsgpu_create_vertex_elements_state;
   pctx->bind_vertex_elements_state = lsgpu_bind_vertex_elements_state;
   pctx->delete_vertex_elements_state = lsgpu_cso_delete;

   pctx->set_sampler_views = lsgpu_set_sampler_views;
   pctx->set_framebuffer_state = lsgpu_set_framebuffer_state;
   pctx->set_blend_color = lsgpu_set_blend_color;
   pctx->set_stencil_ref = lsgpu_set_stencil_ref;
   pctx->set_clip_state = lsgpu_set_clip_state;
   pctx->set_sample_mask = lsgpu_set_sample_mask;
   pctx->get_sample_position = lsgpu_get_sample_position;
   pctx->set_polygon_stipple = lsgpu_set_polygon_stipple;
   pctx->set_scissor_states = lsgpu_set_scissor_states;
   pctx->set_viewport_states = lsgpu_set_viewport_states;
   pctx->set_constant_buffer = lsgpu_set_constant_buffer;
   pctx->set_vertex_buffers = lsgpu_set_vertex_buffers;
   pctx->draw_vbo = lsgpu_draw_vbo;
   pctx->set_active_query_state = lsgpu_set_active_query_state;
   pctx->texture_barrier = lsgpu_texture_barrier;
   pctx->memory_barrier = lsgpu_memory_barrier;
}

void
lsgpu_state_fini(struct lsgpu_context *ctx)
{
   struct lsgpu_bound_state *s = &ctx->state;
   util_unreference_framebuffer_state(&s->framebuffer);
   for (unsigned i = 0; i < PIPE_SHADER_TYPES; i++) {
      for (struct pipe_constant_buffer &cb : s->constbuf[i])
         pipe_resource_reference(&cb.buffer, NULL);
      for (unsigned j = 0; j < PIPE_MAX_SHADER_SAMPLER_VIEWS; j++)
         pipe_sampler_view_reference(&s->views[i][j], NULL);
   }
   for (unsigned i = 0; i < PIPE_MAX_ATTRIBS; i++)
      pipe_vertex_buffer_unreference(&s->vertex_buffers[i]);
}
