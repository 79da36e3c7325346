/* SPDX-License-Identifier: MIT */
/*
 * Compute: launch_grid as a DISPATCH packet (docs/command-stream-reference.md), with
 * the bound compute shader, constant buffer 0 (rusticl's kernel arguments, GL's
 * uniforms), the storage-buffer table (a0, lsgpu_shader_resources.cpp) and
 * per-invocation stacks; global buffers (OpenCL) bound by address, 32 bits as
 * LSGPU-1's shader pointers are.
 */
#include <string.h>

#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_debug.h"
#include "lsgpu_packets.h"
#include "lsgpu_program.h"
#include "lsgpu_resource.h"
#include "lsgpu_texture.h"
#include "pipe/p_state.h"
#include "util/log.h"
#include "util/u_inlines.h"

/* OpenCL's global buffers: each handle holds an offset into its buffer, to which the
 * buffer's GPU address is added. The resources join every later DISPATCH's BO list. */
static void
lsgpu_set_global_binding(struct pipe_context *pctx, unsigned first, unsigned count,
                         struct pipe_resource **resources, uint32_t **handles)
{
   struct lsgpu_compute_state *cs = &lsgpu_context(pctx)->compute;
   if (first + count > cs->globals.size())
      cs->globals.resize(first + count, NULL);
   for (unsigned i = 0; i < count; i++) {
      struct pipe_resource *res = resources ? resources[i] : NULL;
      pipe_resource_reference(&cs->globals[first + i], res);
      if (res)
         lsgpu_buffer_written(res, 0, res->width0); /* kernels store anywhere in it */
      if (res && handles && handles[i]) {
         uint32_t offset;
         memcpy(&offset, handles[i], sizeof(offset));
         offset += (uint32_t)lsgpu_resource(res)->bo->va;
         memcpy(handles[i], &offset, sizeof(offset));
      }
   }
}

static void
lsgpu_get_compute_state_info(struct pipe_context *pctx, void *cso,
                             struct pipe_compute_state_object_info *info)
{
   const struct lsgpu_shader_state *so = (const struct lsgpu_shader_state *)cso;
   info->max_threads = LSGPU_MAX_WORKGROUP_INVOCATIONS;
   info->preferred_simd_size = LSGPU_WARP_WIDTH;
   info->simd_sizes = LSGPU_WARP_WIDTH;
   info->private_memory = so && so->compiled ? so->binary.info.stack_size : 0;
}

/* Why a grid cannot run, or NULL. */
static const char *
lsgpu_grid_unsupported(struct lsgpu_context *ctx, const struct pipe_grid_info *info)
{
   const struct lsgpu_shader_state *so = ctx->state.cs;
   if (!so || !so->compiled)
      return "the compute shader did not compile";
   const uint64_t invocations = (uint64_t)info->block[0] * info->block[1] * info->block[2];
   if (!invocations || invocations > LSGPU_MAX_WORKGROUP_INVOCATIONS || info->block[2] > 64)
      return "workgroup size outside the DISPATCH limits";
   if (so->binary.info.shared_size + info->variable_shared_mem > LSGPU_MAX_SHARED_MEMORY)
      return "more shared memory than a workgroup has";
   return NULL;
}

static void
lsgpu_launch_grid(struct pipe_context *pctx, const struct pipe_grid_info *info)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   if (const char *why = lsgpu_grid_unsupported(ctx, info)) {
      lsgpu_perf_warn("dispatch skipped: %s", why);
      return;
   }
   uint32_t grid[3] = {info->grid[0], info->grid[1], info->grid[2]};
   if (info->indirect) {
      /* The group counts come from a buffer the GPU may still write: read them once
       * it is done (the command processor has no indirect dispatch). */
      struct pipe_transfer *t;
      const uint32_t *p = (const uint32_t *)pipe_buffer_map_range(
         pctx, info->indirect, info->indirect_offset, 12, PIPE_MAP_READ, &t);
      if (!p)
         return;
      memcpy(grid, p, sizeof(grid));
      pipe_buffer_unmap(pctx, t);
   }
   if (!grid[0] || !grid[1] || !grid[2])
      return; /* nothing to run */
   if (grid[0] > 65535 || grid[1] > 65535 || grid[2] > 65535) {
      lsgpu_perf_warn("dispatch skipped: more than 65535 workgroups in a dimension");
      return;
   }

   lsgpu_context_reserve_batch(ctx);
   const struct lsgpu_shader_state *so = ctx->state.cs;
   struct lsgpu_compute_state *cs = &ctx->compute;
   struct lsgpu_dispatch d = {};
   lsgpu_batch_add_bo(&ctx->batch, so->bo);
   d.code_va = so->bo->va;
   d.code_size = so->binary.info.code_size;
   d.local_x = info->block[0];
   d.local_y = info->block[1];
   d.local_z = info->block[2];
   d.groups_x = grid[0];
   d.groups_y = grid[1];
   d.groups_z = grid[2];
   d.shared_size = (so->binary.info.shared_size + info->variable_shared_mem + 3) & ~3u;

   /* Constant buffer 0: uniforms, or rusticl's kernel arguments with the global
    * buffers' addresses already in them. */
   uint64_t constants_va = 0;
   if (!lsgpu_constants(ctx, PIPE_SHADER_COMPUTE, 0, &constants_va))
      return;
   d.constants_va = constants_va;

   /* The storage-buffer table (a0): word n is buffer n's address. */
   uint64_t table_va = 0;
   if (!lsgpu_emit_buffer_table(ctx, PIPE_SHADER_COMPUTE, &table_va))
      return;
   d.buffers_va = table_va;

   /* Sampler views, samplers and images: the descriptor table (a3). */
   uint64_t descriptors_va = 0;
   if (const char *why =
          lsgpu_emit_compute_descriptors(ctx, ctx->resources[PIPE_SHADER_COMPUTE].images,
                                         LSGPU_MAX_SHADER_IMAGES, &descriptors_va)) {
      lsgpu_perf_warn("dispatch skipped: %s", why);
      return;
   }
   d.descriptors_va = descriptors_va;
   for (struct pipe_resource *g : cs->globals)
      if (g)
         lsgpu_batch_add_bo(&ctx->batch, lsgpu_resource(g)->bo);

   /* Stacks for one workgroup's invocations (the workgroups run one after another). */
   d.stack_size = (so->binary.info.stack_size + 15) & ~15u;
   if (d.stack_size) {
      uint64_t stack_va = 0;
      const unsigned invocations = d.local_x * d.local_y * d.local_z;
      if (!lsgpu_context_upload(ctx, (invocations + 1) * d.stack_size, 16, &stack_va))
         return;
      d.stack_va = stack_va;
   }

   lsgpu_pack_dispatch(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_DISPATCH_LENGTH), &d);
}

void
lsgpu_compute_fini(struct lsgpu_context *ctx)
{
   struct lsgpu_compute_state *cs = &ctx->compute;
   for (struct pipe_resource *&g : cs->globals)
      pipe_resource_reference(&g, NULL);
   cs->globals.clear();
}

void
lsgpu_compute_init(struct pipe_context *pctx)
{
   pctx->launch_grid = lsgpu_launch_grid;
   pctx->set_global_binding = lsgpu_set_global_binding;
   pctx->get_compute_state_info = lsgpu_get_compute_state_info;
}
