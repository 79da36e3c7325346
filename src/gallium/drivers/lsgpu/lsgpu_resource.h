/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_RESOURCE_H
#define LSGPU_RESOURCE_H

#include "pipe/p_state.h"
#include "util/u_range.h"

struct lsgpu_bo;

#define LSGPU_MAX_MIP_LEVELS 14

/* Linear layout (docs/architecture.md "Surface layout"): rows aligned to 64 bytes,
 * as the 7A2000 display controller needs for scan-out; levels one after another,
 * each level holding all its layers. */
struct lsgpu_resource_level {
   uint32_t offset; /* bytes from the start of the BO */
   uint32_t stride; /* bytes between rows of blocks */
   uint32_t layer_stride;
};

struct lsgpu_resource {
   struct pipe_resource base;
   struct lsgpu_bo *bo;
   struct lsgpu_resource_level levels[LSGPU_MAX_MIP_LEVELS];
   /* A buffer's bytes that the CPU or the GPU may have written: a map of a range
    * outside it waits for nothing (iris, radeonsi and panfrost keep the same range).
    * Every path that lets the GPU write a buffer adds to it: lsgpu_buffer_written(). */
   struct util_range valid_buffer_range;
   /* Handed out as a handle: another process may use the BO, and only waiting for it
    * orders our CPU writes with that process's work (no staged writes). */
   bool exported;
};

struct lsgpu_transfer {
   struct pipe_transfer base;
   /* A map of a multisample resource goes through a one-sample copy: resolved into it
    * for reads, written back to every sample at unmap for writes. */
   struct pipe_resource *staging;
   struct pipe_transfer *staging_transfer;
   /* A write to a busy buffer's range that need not keep its contents (DISCARD_RANGE):
    * the CPU writes here, and unmap has the copy engine put it in place, after the
    * work already recorded and before what follows, instead of waiting for the GPU. */
   void *staged;
   unsigned staged_skew; /* the mapped bytes start this far into staged */
};

static inline struct lsgpu_resource *
lsgpu_resource(struct pipe_resource *prsc)
{
   return (struct lsgpu_resource *)prsc;
}

/* Byte offset of (level, layer) inside the resource's BO. */
static inline uint32_t
lsgpu_resource_offset(const struct lsgpu_resource *rsc, unsigned level, unsigned layer)
{
   return rsc->levels[level].offset + layer * rsc->levels[level].layer_stride;
}

/* Samples per pixel: 1, or 4 for a multisample resource, whose row holds sample s of
 * pixel x at element 4x + s (DRAW_STATE.log2_samples). */
static inline unsigned
lsgpu_resource_samples(const struct lsgpu_resource *rsc)
{
   return rsc->base.nr_samples > 1 ? rsc->base.nr_samples : 1;
}

/* Bytes [start, end) of prsc may hold data from now on (a no-op for textures): call it
 * when a map for writing, a copy, a clear or a GPU binding that can write reaches the
 * buffer. */
static inline void
lsgpu_buffer_written(struct pipe_resource *prsc, unsigned start, unsigned end)
{
   if (prsc && prsc->target == PIPE_BUFFER)
      util_range_add(prsc, &lsgpu_resource(prsc)->valid_buffer_range, start, end);
}

void lsgpu_resource_screen_init(struct pipe_screen *pscreen);
void lsgpu_resource_context_init(struct pipe_context *pctx);

#endif
