/* SPDX-License-Identifier: MIT */
#include "lsgpu_fence.h"

#include "lsgpu/drm/lsgpu_winsys.h"
#include "util/u_inlines.h"
#include "util/os_time.h"
#include "util/u_memory.h"

struct pipe_fence_handle *
lsgpu_fence_create(struct lsgpu_winsys *ws, uint32_t syncobj)
{
   struct pipe_fence_handle *fence = CALLOC_STRUCT(pipe_fence_handle);
   if (!fence)
      return NULL;
   pipe_reference_init(&fence->reference, 1);
   fence->ws = ws;
   fence->syncobj = syncobj;
   return fence;
}

void
lsgpu_fence_reference(struct pipe_fence_handle **dst, struct pipe_fence_handle *src)
{
   struct pipe_fence_handle *old = *dst;
   if (pipe_reference(old ? &old->reference : NULL, src ? &src->reference : NULL)) {
      lsgpu_syncobj_destroy(old->ws, old->syncobj);
      FREE(old);
   }
   *dst = src;
}

static void
lsgpu_screen_fence_reference(struct pipe_screen *pscreen, struct pipe_fence_handle **dst,
                             struct pipe_fence_handle *src)
{
   lsgpu_fence_reference(dst, src);
}

static bool
lsgpu_screen_fence_finish(struct pipe_screen *pscreen, struct pipe_context *pctx,
                          struct pipe_fence_handle *fence, uint64_t timeout)
{
   return lsgpu_syncobj_wait(fence->ws, fence->syncobj, timeout);
}

static void
lsgpu_fence_server_sync(struct pipe_context *pctx, struct pipe_fence_handle *fence)
{
   /* Make later work of this context wait for the fence. Jobs take in-syncobjs, but
    * until batches carry them a CPU wait gives the same ordering. */
   lsgpu_syncobj_wait(fence->ws, fence->syncobj, OS_TIMEOUT_INFINITE);
}

void
lsgpu_fence_context_init(struct pipe_context *pctx)
{
   pctx->fence_server_sync = lsgpu_fence_server_sync;
}

void
lsgpu_fence_screen_init(struct pipe_screen *pscreen)
{
   pscreen->fence_reference = lsgpu_screen_fence_reference;
   pscreen->fence_finish = lsgpu_screen_fence_finish;
}
