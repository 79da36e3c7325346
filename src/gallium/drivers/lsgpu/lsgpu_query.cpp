/* SPDX-License-Identifier: MIT */
/*
 * Queries: occlusion counters and predicates from the context's samples-passed
 * counter (OCCLUSION_WRITE at begin and end), timestamps and time elapsed from
 * TIMESTAMP packets, primitive and transform feedback counts from the PRIMS_*
 * registers (REG_STORE), and the driver query GALLIUM_HUD shows as GPU-time from the
 * context's GPU_TIME registers (its own modelled GPU time, docs/isa.md §6.1). Each query owns a
 * small BO the GPU writes; the result is the difference of two writes, read once the job that wrote
 * them is done.
 */
#include <string.h>

#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_isa.h"
#include "lsgpu_packets.h"
#include "lsgpu_screen.h"
#include "util/os_time.h"
#include "util/u_inlines.h"
#include "util/u_math.h"
#include "util/u_memory.h"

struct lsgpu_query {
   unsigned type;
   struct lsgpu_bo *bo; /* 8 bytes at begin, 8 at end; primitive queries 24 and 24 */
   bool ended;
};

/* Queries on the primitive counters: PRIMS_GENERATED, PRIMS_WRITTEN, PRIMS_NEEDED. */
static bool
lsgpu_query_is_primitives(unsigned type)
{
   return type == PIPE_QUERY_PRIMITIVES_GENERATED || type == PIPE_QUERY_PRIMITIVES_EMITTED ||
          type == PIPE_QUERY_SO_STATISTICS || type == PIPE_QUERY_SO_OVERFLOW_PREDICATE ||
          type == PIPE_QUERY_SO_OVERFLOW_ANY_PREDICATE;
}

/* Where a sample of the three counters goes: begin at 0, end at 24. */
#define LSGPU_PRIM_QUERY_END 24

/* GALLIUM_HUD=GPU-time: microseconds of GPU time the context's work took. */
#define LSGPU_QUERY_GPU_TIME (PIPE_QUERY_DRIVER_SPECIFIC + 0)

static bool
lsgpu_query_is_occlusion(unsigned type)
{
   return type == PIPE_QUERY_OCCLUSION_COUNTER || type == PIPE_QUERY_OCCLUSION_PREDICATE ||
          type == PIPE_QUERY_OCCLUSION_PREDICATE_CONSERVATIVE;
}

static struct pipe_query *
lsgpu_create_query(struct pipe_context *pctx, unsigned type, unsigned index)
{
   if (!lsgpu_query_is_occlusion(type) && type != PIPE_QUERY_TIMESTAMP &&
       type != PIPE_QUERY_TIME_ELAPSED && !lsgpu_query_is_primitives(type) &&
       type != LSGPU_QUERY_GPU_TIME)
      return NULL; /* st/mesa reports GL_OUT_OF_MEMORY; the caps do not advertise them */
   if (lsgpu_query_is_primitives(type) && index != 0)
      return NULL; /* one vertex stream */
   struct lsgpu_query *q = CALLOC_STRUCT(lsgpu_query);
   if (!q)
      return NULL;
   q->type = type;
   q->bo = lsgpu_bo_create(lsgpu_context(pctx)->screen->ws, 4096, "query");
   if (!q->bo) {
      FREE(q);
      return NULL;
   }
   return (struct pipe_query *)q;
}

static void
lsgpu_destroy_query(struct pipe_context *pctx, struct pipe_query *pq)
{
   struct lsgpu_query *q = (struct lsgpu_query *)pq;
   lsgpu_bo_reference(&q->bo, NULL);
   FREE(q);
}

/* The packet that samples the query's counter into its BO at offset (0 or 8). */
static void
lsgpu_query_sample(struct lsgpu_context *ctx, struct lsgpu_query *q, unsigned offset)
{
   lsgpu_context_reserve_batch(ctx);
   lsgpu_batch_add_bo(&ctx->batch, q->bo);
   if (lsgpu_query_is_primitives(q->type)) {
      static const unsigned regs[6] = {LSGPU_REG_PRIMS_GENERATED_LO, LSGPU_REG_PRIMS_GENERATED_HI,
                                       LSGPU_REG_PRIMS_WRITTEN_LO,   LSGPU_REG_PRIMS_WRITTEN_HI,
                                       LSGPU_REG_PRIMS_NEEDED_LO,    LSGPU_REG_PRIMS_NEEDED_HI};
      const unsigned base = offset ? LSGPU_PRIM_QUERY_END : 0;
      for (unsigned i = 0; i < 6; i++) {
         struct lsgpu_reg_store p = {};
         p.reg = regs[i];
         p.va = q->bo->va + base + 4 * i;
         lsgpu_pack_reg_store(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_REG_STORE_LENGTH), &p);
      }
   } else if (q->type == LSGPU_QUERY_GPU_TIME) {
      for (unsigned i = 0; i < 2; i++) {
         struct lsgpu_reg_store p = {};
         p.reg = i ? LSGPU_REG_GPU_TIME_HI : LSGPU_REG_GPU_TIME_LO;
         p.va = q->bo->va + offset + 4 * i;
         lsgpu_pack_reg_store(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_REG_STORE_LENGTH), &p);
      }
   } else if (lsgpu_query_is_occlusion(q->type)) {
      struct lsgpu_occlusion_write p = {q->bo->va + offset};
      lsgpu_pack_occlusion_write(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_OCCLUSION_WRITE_LENGTH),
                                 &p);
   } else {
      struct lsgpu_timestamp p = {q->bo->va + offset};
      lsgpu_pack_timestamp(lsgpu_batch_reserve(&ctx->batch, 1 + LSGPU_TIMESTAMP_LENGTH), &p);
   }
}

static bool
lsgpu_begin_query(struct pipe_context *pctx, struct pipe_query *pq)
{
   struct lsgpu_query *q = (struct lsgpu_query *)pq;
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   q->ended = false;
   if (q->type != PIPE_QUERY_TIMESTAMP)
      lsgpu_query_sample(ctx, q, 0);
   return true;
}

static bool
lsgpu_end_query(struct pipe_context *pctx, struct pipe_query *pq)
{
   struct lsgpu_query *q = (struct lsgpu_query *)pq;
   lsgpu_query_sample(lsgpu_context(pctx), q, 8);
   q->ended = true;
   return true;
}

static bool
lsgpu_get_query_result(struct pipe_context *pctx, struct pipe_query *pq, bool wait,
                       union pipe_query_result *result)
{
   struct lsgpu_query *q = (struct lsgpu_query *)pq;
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   lsgpu_context_flush_for_bo(ctx, q->bo);
   if (!lsgpu_bo_wait(q->bo, wait ? OS_TIMEOUT_INFINITE : 0))
      return false;
   const uint64_t *words = (const uint64_t *)lsgpu_bo_map(q->bo);
   if (!words)
      return false;
   const uint64_t begin = words[0], end = words[1];
   const uint64_t freq = MAX2(ctx->screen->ws->timestamp_frequency, 1);
   if (lsgpu_query_is_primitives(q->type)) {
      const uint64_t *e = words + LSGPU_PRIM_QUERY_END / 8;
      const uint64_t generated = e[0] - words[0], written = e[1] - words[1],
                     needed = e[2] - words[2];
      switch (q->type) {
      case PIPE_QUERY_PRIMITIVES_GENERATED:
         result->u64 = generated;
         break;
      case PIPE_QUERY_PRIMITIVES_EMITTED:
         result->u64 = written;
         break;
      case PIPE_QUERY_SO_STATISTICS:
         result->so_statistics.num_primitives_written = written;
         result->so_statistics.primitives_storage_needed = needed;
         break;
      default: /* the overflow predicates: a primitive did not fit */
         result->b = needed != written;
         break;
      }
      return true;
   }
   switch (q->type) {
   case PIPE_QUERY_OCCLUSION_COUNTER:
      result->u64 = end - begin;
      break;
   case PIPE_QUERY_OCCLUSION_PREDICATE:
   case PIPE_QUERY_OCCLUSION_PREDICATE_CONSERVATIVE:
      result->b = end != begin;
      break;
   case PIPE_QUERY_TIMESTAMP:
      result->u64 = (uint64_t)((__uint128_t)end * 1000000000u / freq);
      break;
   case LSGPU_QUERY_GPU_TIME:
      result->u64 = (end - begin) / LSGPU_CLOCK_MHZ;
      break;
   default: /* TIME_ELAPSED */
      result->u64 = (uint64_t)((__uint128_t)(end - begin) * 1000000000u / freq);
      break;
   }
   return true;
}

static void
lsgpu_render_condition(struct pipe_context *pctx, struct pipe_query *query, bool condition,
                       enum pipe_render_cond_flag mode)
{
   struct lsgpu_context *ctx = lsgpu_context(pctx);
   ctx->cond_query = query;
   ctx->cond_cond = condition;
   ctx->cond_mode = mode;
}

/* Conditional rendering on the CPU: LSGPU-1 has no predicate packet, so the driver
 * waits for the query (or, in the NO_WAIT modes, renders when it is not ready). */
bool
lsgpu_render_condition_passes(struct lsgpu_context *ctx)
{
   if (!ctx->cond_query)
      return true;
   const bool wait = ctx->cond_mode != PIPE_RENDER_COND_NO_WAIT &&
                     ctx->cond_mode != PIPE_RENDER_COND_BY_REGION_NO_WAIT;
   union pipe_query_result result = {};
   if (!lsgpu_get_query_result(&ctx->base, ctx->cond_query, wait, &result))
      return true;
   return (result.u64 == 0) == ctx->cond_cond;
}

/* The driver's own queries, for GALLIUM_HUD (GALLIUM_HUD=help lists them). */
int
lsgpu_get_driver_query_info(struct pipe_screen *pscreen, unsigned index,
                            struct pipe_driver_query_info *info)
{
   if (!info)
      return 1;
   if (index > 0)
      return 0;
   memset(info, 0, sizeof(*info));
   info->name = "GPU-time";
   info->query_type = LSGPU_QUERY_GPU_TIME;
   info->type = PIPE_DRIVER_QUERY_TYPE_MICROSECONDS;
   info->result_type = PIPE_DRIVER_QUERY_RESULT_TYPE_AVERAGE;
   return 1;
}

void
lsgpu_query_init(struct pipe_context *pctx)
{
   pctx->render_condition = lsgpu_render_condition;
   pctx->create_query = lsgpu_create_query;
   pctx->destroy_query = lsgpu_destroy_query;
   pctx->begin_query = lsgpu_begin_query;
   pctx->end_query = lsgpu_end_query;
   pctx->get_query_result = lsgpu_get_query_result;
}
