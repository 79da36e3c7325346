/* SPDX-License-Identifier: MIT */
/*
 * Storage buffers and storage images of every stage: what set_shader_buffers and
 * set_shader_images bind, and the buffer table (storage buffers, then uniform blocks)
 * a draw or dispatch hands the shader (system value BUFFER_TABLE, docs/isa.md §4). Images reach the
 * shader through the descriptor table (lsgpu_texture.cpp).
 */
#include <string.h>

#include "lsgpu_context.h"
#include "lsgpu_isa.h"
#include "lsgpu_resource.h"
#include "util/u_inlines.h"

static void
lsgpu_set_shader_buffers(struct pipe_context *pctx, enum pipe_shader_type shader, unsigned start,
                         unsigned count, const struct pipe_shader_buffer *buffers,
                         unsigned writable_bitmask)
{
   struct lsgpu_shader_resources *r = &lsgpu_context(pctx)->resources[shader];
   for (unsigned i = 0; i < count && start + i < LSGPU_MAX_SHADER_BUFFERS; i++) {
      struct pipe_shader_buffer *dst = &r->ssbo[start + i];
      pipe_resource_reference(&dst->buffer, buffers ? buffers[i].buffer : NULL);
      dst->buffer_offset = buffers ? buffers[i].buffer_offset : 0;
      dst->buffer_size = buffers ? buffers[i].buffer_size : 0;
      lsgpu_buffer_written(dst->buffer, dst->buffer_offset,
                           dst->buffer_offset + dst->buffer_size); /* the shader may store */
   }
}

static void
lsgpu_set_shader_images(struct pipe_context *pctx, enum pipe_shader_type shader, unsigned start,
                        unsigned count, unsigned unbind_trailing,
                        const struct pipe_image_view *images)
{
   struct lsgpu_shader_resources *r = &lsgpu_context(pctx)->resources[shader];
   for (unsigned i = 0; i < count + unbind_trailing && start + i < LSGPU_MAX_SHADER_IMAGES; i++) {
      struct pipe_image_view *dst = &r->images[start + i];
      if (images && i < count) {
         pipe_resource_reference(&dst->resource, images[i].resource);
         *dst = images[i];
         if (dst->resource && dst->resource->target == PIPE_BUFFER)
            lsgpu_buffer_written(dst->resource, dst->u.buf.offset,
                                 dst->u.buf.offset + dst->u.buf.size);
      } else {
         pipe_resource_reference(&dst->resource, NULL);
         memset(dst, 0, sizeof(*dst));
      }
   }
}

static_assert(LSGPU_MAX_SHADER_BUFFERS == LSGPU_BUFFER_TABLE_UBO_BASE,
              "uniform blocks follow the storage buffers in the buffer table");

bool
lsgpu_emit_buffer_table(struct lsgpu_context *ctx, enum pipe_shader_type stage, uint64_t *va)
{
   const struct lsgpu_shader_resources *r = &ctx->resources[stage];
   const struct pipe_constant_buffer *cbs = ctx->state.constbuf[stage];
   unsigned count = 0;
   for (unsigned i = 0; i < LSGPU_MAX_SHADER_BUFFERS; i++)
      if (r->ssbo[i].buffer)
         count = i + 1;
   for (unsigned i = 1; i < LSGPU_MAX_CONST_BUFFERS; i++)
      if (cbs[i].buffer || cbs[i].user_buffer)
         count = LSGPU_BUFFER_TABLE_UBO_BASE + i;
   *va = 0;
   if (!count)
      return true;
   /* Each entry: the address and the size in bytes, which bounds the shader's accesses
    * (robust buffer access: outside it they read 0 and write nothing). An unbound
    * slot has size 0. */
   uint64_t table_va;
   uint32_t(*table)[LSGPU_BUFFER_TABLE_ENTRY_WORDS] =
      (uint32_t(*)[LSGPU_BUFFER_TABLE_ENTRY_WORDS])lsgpu_context_upload(
         ctx, 4 * LSGPU_BUFFER_TABLE_ENTRY_WORDS * count, 16, &table_va);
   if (!table)
      return false;
   for (unsigned i = 0; i < MIN2(count, LSGPU_MAX_SHADER_BUFFERS); i++) {
      const struct pipe_shader_buffer *b = &r->ssbo[i];
      table[i][0] = b->buffer ? (uint32_t)lsgpu_buffer_va(ctx, b->buffer, b->buffer_offset) : 0;
      table[i][1] = b->buffer ? b->buffer_size : 0;
   }
   for (unsigned i = LSGPU_MAX_SHADER_BUFFERS; i < count; i++) {
      const unsigned block = i - LSGPU_BUFFER_TABLE_UBO_BASE + 1;
      uint64_t block_va;
      if (!lsgpu_constants(ctx, stage, block, &block_va))
         return false;
      table[i][0] = (uint32_t)block_va;
      table[i][1] = block_va ? cbs[block].buffer_size : 0;
   }
   *va = table_va;
   return true;
}

void
lsgpu_shader_resources_fini(struct lsgpu_context *ctx)
{
   for (struct lsgpu_shader_resources &r : ctx->resources) {
      for (struct pipe_shader_buffer &b : r.ssbo)
         pipe_resource_reference(&b.buffer, NULL);
      for (struct pipe_image_view &img : r.images)
         pipe_resource_reference(&img.resource, NULL);
   }
}

void
lsgpu_shader_resources_init(struct pipe_context *pctx)
{
   pctx->set_shader_buffers = lsgpu_set_shader_buffers;
   pctx->set_shader_images = lsgpu_set_shader_images;
}
