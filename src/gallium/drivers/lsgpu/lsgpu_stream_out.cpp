/* SPDX-License-Identifier: MIT */
/*
 * Transform feedback: stream output targets, each with a small BO holding the byte
 * offset of its next record (STREAM_OUT.offsetN_va), which the GPU reads at a draw's
 * start and writes back at its end, so draws append and glDrawTransformFeedback can
 * find how many vertices a target holds.
 */
#include <string.h>

#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_debug.h"
#include "lsgpu_packets.h"
#include "lsgpu_program.h"
#include "lsgpu_resource.h"
#include "lsgpu_screen.h"
#include "util/os_time.h"
#include "util/u_inlines.h"
#include "util/u_memory.h"

struct lsgpu_so_target {
   struct pipe_stream_output_target base;
   struct lsgpu_bo *offset_bo; /* word 0: the next record's byte offset */
   unsigned stride;            /* bytes per vertex of the last draw that wrote it */
};

static struct pipe_stream_output_target *
lsgpu_create_stream_output_target(struct pipe_context *pctx, struct pipe_resource *prsc,
                                  unsigned buffer_offset, unsigned buffer_size)
{
   struct lsgpu_so_target *t = CALLOC_STRUCT(lsgpu_so_target);
   if (!t)
      return NULL;
   t->offset_bo = lsgpu_bo_create(lsgpu_context(pctx)->screen->ws, 64, "stream-out offset");
   if (!t->offset_bo) {
      FREE(t);
      return NULL;
   }
   pipe_reference_init(&t->base.reference, 1);
   pipe_resource_reference(&t->base.buffer, prsc);
   t->base.context = pctx;
   t->base.buffer_offset = buffer_offset;
   t->base.buffer_size = buffer_size;
   return &t->base;
}

static void
lsgpu_stream_output_target_destroy(struct pipe_context *pctx,
                                   struct pipe_stream_output_target *target)
{
   struct lsgpu_so_target *t = (struct lsgpu_so_target *)target;
   pipe_resource_reference(&t->base.buffer, NULL);
   lsgpu_bo_reference(&t->offset_bo, NULL);
   FREE(t);
}

static void
lsgpu_set_stream_output_targets(struct pipe_context *pctx, unsigned num_targets,
                                struct pipe_stream_output_target **targets, const unsigned *offsets,
                                enum mesa_prim output_prim)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   struct lsgpu_bound_state *s = &ctx->state;
   for (unsigned i = 0; i < PIPE_MAX_SO_BUFFERS; i++) {
      struct pipe_stream_output_target *target = i < num_targets ? targets[i] : NULL;
      pipe_so_target_reference(&s->so_targets[i], target);
      if (target)
         lsgpu_buffer_written(target->buffer, target->buffer_offset,
                              target->buffer_offset + target->buffer_size);
      if (!target || offsets[i] == (unsigned)-1)
         continue; /* -1: append where the target's last draw stopped */
      /* A new offset, in order with the draws around it: the fill engine writes it. */
      struct lsgpu_so_target *t = (struct lsgpu_so_target *)target;
      lsgpu_context_reserve_batch(ctx);
      lsgpu_batch_add_bo(&ctx->batch, t->offset_bo);
      struct lsgpu_fill fill = {};
      fill.dst_va = t->offset_bo->va;
      fill.pitch = 4;
      fill.width = fill.height = 1;
      fill.cpp = 4;
      fill.value[0] = offsets[i];
      fill.mask[0] = ~0u;
      lsgpu_pack_fill(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_FILL_LENGTH), &fill);
   }
   s->num_so_targets = num_targets;
   s->so_output_prim = output_prim;
}

bool
lsgpu_emit_stream_out(struct lsgpu_context *ctx, uint64_t *va)
{
   struct lsgpu_bound_state *s = &ctx->state;
   *va = 0;
   const struct lsgpu_shader_state *vs = s->vs;
   if (!s->num_so_targets || !vs || !vs->so.num_outputs)
      return true;
   const struct lsgpu_shader_info &info = vs->binary.info;
   struct lsgpu_stream_out d = {};
   uint64_t *buffer_va[4] = {&d.buffer0_va, &d.buffer1_va, &d.buffer2_va, &d.buffer3_va};
   uint64_t *offset_va[4] = {&d.offset0_va, &d.offset1_va, &d.offset2_va, &d.offset3_va};
   for (unsigned i = 0; i < vs->so.num_outputs; i++) {
      const struct pipe_stream_output *o = &vs->so.output[i];
      const unsigned b = o->output_buffer;
      struct lsgpu_so_target *t =
         b < s->num_so_targets ? (struct lsgpu_so_target *)s->so_targets[b] : NULL;
      if (!t)
         continue; /* GL validates the bindings; nothing to write to */
      unsigned slot = LSGPU_IO_SLOTS;
      for (unsigned k = 0; k < LSGPU_IO_SLOTS; k++)
         if ((info.outputs_used >> k & 1) && info.output_location[k] == vs->so_location[i])
            slot = k;
      if (slot == LSGPU_IO_SLOTS) {
         lsgpu_perf_warn("transform feedback output %u has no vertex output slot", i);
         continue;
      }
      const unsigned n = d.num_outputs++;
      d.slot[n] = slot;
      d.first_component[n] = o->start_component;
      d.components[n] = o->num_components;
      d.buffer[n] = b;
      d.dst_offset[n] = o->dst_offset;
      if (!*buffer_va[b]) {
         *buffer_va[b] = lsgpu_buffer_va(ctx, t->base.buffer, t->base.buffer_offset);
         d.buffer_size[b] = t->base.buffer_size;
         d.buffer_stride[b] = vs->so.stride[b] * 4;
         lsgpu_batch_add_bo(&ctx->batch, t->offset_bo);
         *offset_va[b] = t->offset_bo->va;
         t->stride = d.buffer_stride[b];
      }
   }
   if (!d.num_outputs)
      return true;
   void *map = lsgpu_context_upload(ctx, LSGPU_STREAM_OUT_LENGTH * 4, 4, va);
   if (!map)
      return false;
   lsgpu_pack_stream_out((uint32_t *)map, &d);
   return true;
}

unsigned
lsgpu_stream_out_vertex_count(struct lsgpu_context *ctx, struct pipe_stream_output_target *target)
{
   struct lsgpu_so_target *t = (struct lsgpu_so_target *)target;
   lsgpu_context_flush_for_bo(ctx, t->offset_bo);
   if (!t->stride || !lsgpu_bo_wait(t->offset_bo, OS_TIMEOUT_INFINITE))
      return 0;
   const uint32_t *offset = (const uint32_t *)lsgpu_bo_map(t->offset_bo);
   return offset ? *offset / t->stride : 0;
}

void
lsgpu_stream_out_init(struct pipe_context *pctx)
{
   pctx->create_stream_output_target = lsgpu_create_stream_output_target;
   pctx->stream_output_target_destroy = lsgpu_stream_output_target_destroy;
   pctx->set_stream_output_targets = lsgpu_set_stream_output_targets;
}

void
lsgpu_stream_out_fini(struct lsgpu_context *ctx)
{
   for (unsigned i = 0; i < PIPE_MAX_SO_BUFFERS; i++)
      pipe_so_target_reference(&ctx->state.so_targets[i], NULL);
}
