/* SPDX-License-Identifier: MIT */
/*
 * The lsgpu DRM winsys: everything the driver needs from the kernel, over the uAPI in
 * include/drm-uapi/lsgpu_drm.h. The driver never issues an ioctl itself.
 */
#ifndef LSGPU_WINSYS_H
#define LSGPU_WINSYS_H

#include <stdint.h>

#include <mutex>
#include <unordered_map>

#include "util/u_inlines.h"

struct lsgpu_bo;
struct drm_lsgpu_ctx_reset_status;

struct lsgpu_winsys {
   int fd; /* owned */
   /* Every live BO by GEM handle: importing a dma-buf the file already knows returns
    * the same handle, which must map to the same lsgpu_bo (one GEM_CLOSE). */
   std::mutex bo_lock;
   std::unordered_map<uint32_t, struct lsgpu_bo *> bos;
   uint64_t device_id;
   uint64_t revision;
   uint64_t num_cores;
   uint64_t warp_width;
   uint64_t memory_size;
   uint64_t features;
   uint64_t timestamp_frequency;
   uint64_t cmdstream_version;
};

struct lsgpu_bo {
   struct pipe_reference reference;
   struct lsgpu_winsys *ws;
   uint32_t handle;
   uint64_t size;
   uint64_t va;
   void *map; /* CPU mapping, created on first lsgpu_bo_map() */
   const char *name;
};

/* Takes ownership of fd. NULL when fd is not an LSGPU device. */
struct lsgpu_winsys *lsgpu_winsys_create(int fd);
void lsgpu_winsys_destroy(struct lsgpu_winsys *ws);

int lsgpu_winsys_get_param(struct lsgpu_winsys *ws, uint32_t param, uint64_t *value);

/* Submits a job on kernel context ctx_id; out_sync (0 = none) is signalled when it
 * completes. Returns 0 or a negative errno (-ECANCELED: the context is lost). */
int lsgpu_winsys_submit(struct lsgpu_winsys *ws, uint32_t ctx_id, const uint32_t *cmds,
                        unsigned num_dwords, struct lsgpu_bo *const *bos, unsigned num_bos,
                        uint32_t out_sync);

/* Kernel GPU contexts: one per pipe_context, so a fault loses only that context. */
int lsgpu_winsys_ctx_create(struct lsgpu_winsys *ws, uint32_t *ctx_id);
void lsgpu_winsys_ctx_destroy(struct lsgpu_winsys *ws, uint32_t ctx_id);
/* LSGPU_CTX_STATUS_* of the context, or -errno; details (if given) receives the whole
 * report, the first fault included. */
int lsgpu_winsys_ctx_reset_status(struct lsgpu_winsys *ws, uint32_t ctx_id,
                                  struct drm_lsgpu_ctx_reset_status *details = NULL);

uint32_t lsgpu_syncobj_create(struct lsgpu_winsys *ws, bool signaled);
void lsgpu_syncobj_destroy(struct lsgpu_winsys *ws, uint32_t syncobj);
/* Waits until the syncobj's fence signals; timeout in ns relative to now,
 * OS_TIMEOUT_INFINITE to wait forever. */
bool lsgpu_syncobj_wait(struct lsgpu_winsys *ws, uint32_t syncobj, uint64_t timeout_ns);
/* Native fences (EGL_ANDROID_native_fence_sync): the syncobj's fence as a new
 * sync_file fd (-1 on failure), and a sync_file's fence put into a syncobj. */
int lsgpu_syncobj_export_sync_file(struct lsgpu_winsys *ws, uint32_t syncobj);
bool lsgpu_syncobj_import_sync_file(struct lsgpu_winsys *ws, uint32_t syncobj, int sync_file);

struct lsgpu_bo *lsgpu_bo_create(struct lsgpu_winsys *ws, uint64_t size, const char *name);
/* PRIME: a BO from a dma-buf fd (the fd stays the caller's), and a dma-buf fd of a BO. */
struct lsgpu_bo *lsgpu_bo_import(struct lsgpu_winsys *ws, int fd);
int lsgpu_bo_export(struct lsgpu_bo *bo);
void lsgpu_bo_destroy(struct lsgpu_bo *bo);
void *lsgpu_bo_map(struct lsgpu_bo *bo);
/* Waits until no submitted job uses the BO; timeout relative, in ns. */
bool lsgpu_bo_wait(struct lsgpu_bo *bo, uint64_t timeout_ns);

/* Relative timeout (OS_TIMEOUT_INFINITE = forever) to the absolute CLOCK_MONOTONIC
 * deadline the uAPI takes. */
int64_t lsgpu_abs_timeout(uint64_t timeout_ns);

static inline void
lsgpu_bo_reference(struct lsgpu_bo **dst, struct lsgpu_bo *src)
{
   struct lsgpu_bo *old = *dst;
   if (pipe_reference(old ? &old->reference : NULL, src ? &src->reference : NULL))
      lsgpu_bo_destroy(old);
   *dst = src;
}

#endif
