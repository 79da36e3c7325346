/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_FENCE_H
#define LSGPU_FENCE_H

#include "pipe/p_state.h"

struct lsgpu_winsys;

/* A pipe fence is a DRM syncobj that a submit signals (docs/uapi.md). */
struct pipe_fence_handle {
   struct pipe_reference reference;
   struct lsgpu_winsys *ws;
   uint32_t syncobj; /* owned */
};

struct pipe_fence_handle *lsgpu_fence_create(struct lsgpu_winsys *ws, uint32_t syncobj);
void lsgpu_fence_reference(struct pipe_fence_handle **dst, struct pipe_fence_handle *src);
void lsgpu_fence_screen_init(struct pipe_screen *pscreen);
void lsgpu_fence_context_init(struct pipe_context *pctx);

#endif
