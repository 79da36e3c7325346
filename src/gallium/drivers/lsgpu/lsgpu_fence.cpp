/* SPDX-License-Identifier: MIT */
#include "lsgpu_fence.h"

#include "lsgpu_screen.h"

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

/* EGL_ANDROID_native_fence_sync: a fence from a sync_file (a KMS out-fence, another
 * process's rendering) becomes a syncobj of ours holding the same kernel fence. */
static void
lsgpu_create_fence_fd(struct pipe_context *pctx, struct pipe_fence_handle **fence, int fd,
                      enum pipe_fd_type type)
{
   struct lsgpu_winsys *ws = lsgpu_screen(pctx->screen)->ws;
   *fence = NULL;
   if (type != PIPE_FD_TYPE_NATIVE_SYNC)
      return;
   uint32_t syncobj = lsgpu_syncobj_create(ws, false);
   if (!syncobj)
      return;
   if (!lsgpu_syncobj_import_sync_file(ws, syncobj, fd)) {
      lsgpu_syncobj_destroy(ws, syncobj);
      return;
   }
   *fence = lsgpu_fence_create(ws, syncobj);
}

static int
lsgpu_fence_get_fd(struct pipe_screen *pscreen, struct pipe_fence_handle *fence)
{
   return lsgpu_syncobj_export_sync_file(fence->ws, fence->syncobj);
}

void
lsgpu_fence_context_init(struct pipe_context *pctx)
{
   pctx->fence_server_sync = lsgpu_fence_server_sync;
   pctx->create_fence_fd = lsgpu_create_fence_fd;
}

void
lsgpu_fence_screen_init(struct pipe_screen *pscreen)
{
   pscreen->fence_reference = lsgpu_screen_fence_reference;
   pscreen->fence_finish = lsgpu_screen_fence_finish;
   pscreen->fence_get_fd = lsgpu_fence_get_fd;
}
