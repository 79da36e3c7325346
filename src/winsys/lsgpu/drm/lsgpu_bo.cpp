/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xf86drm.h>

#include "drm-uapi/lsgpu_drm.h"
#include "lsgpu_winsys.h"
#include "util/log.h"
#include "util/os_time.h"

/* Larger maps fault on demand: a big BO may be mapped to touch a small part. */
static constexpr uint64_t kPopulateMax = 64ull << 20;

struct lsgpu_bo *
lsgpu_bo_create(struct lsgpu_winsys *ws, uint64_t size, const char *name)
{
   struct drm_lsgpu_gem_create req = {};
   req.size = size;
   if (drmIoctl(ws->fd, DRM_IOCTL_LSGPU_GEM_CREATE, &req)) {
      mesa_loge("lsgpu: GEM_CREATE of %" PRIu64 " bytes failed: %s", size, strerror(errno));
      return NULL;
   }

   struct lsgpu_bo *bo = (struct lsgpu_bo *)calloc(1, sizeof(*bo));
   if (!bo) {
      struct drm_gem_close close_req = {};
      close_req.handle = req.handle;
      drmIoctl(ws->fd, DRM_IOCTL_GEM_CLOSE, &close_req);
      return NULL;
   }
   pipe_reference_init(&bo->reference, 1);
   bo->ws = ws;
   bo->handle = req.handle;
   bo->size = size;
   bo->va = req.va;
   bo->name = name;
   std::lock_guard<std::mutex> guard(ws->bo_lock);
   ws->bos[bo->handle] = bo;
   return bo;
}

struct lsgpu_bo *
lsgpu_bo_import(struct lsgpu_winsys *ws, int fd)
{
   std::lock_guard<std::mutex> guard(ws->bo_lock);
   uint32_t handle;
   if (drmPrimeFDToHandle(ws->fd, fd, &handle)) {
      mesa_loge("lsgpu: dma-buf import failed: %s", strerror(errno));
      return NULL;
   }
   auto it = ws->bos.find(handle);
   if (it != ws->bos.end()) {
      /* Revives a BO whose last reference is being dropped: lsgpu_bo_destroy checks. */
      p_atomic_inc(&it->second->reference.count);
      return it->second;
   }
   struct drm_lsgpu_gem_info info = {};
   info.handle = handle;
   if (drmIoctl(ws->fd, DRM_IOCTL_LSGPU_GEM_INFO, &info))
      return NULL;
   struct lsgpu_bo *bo = (struct lsgpu_bo *)calloc(1, sizeof(*bo));
   if (!bo)
      return NULL;
   pipe_reference_init(&bo->reference, 1);
   bo->ws = ws;
   bo->handle = handle;
   bo->size = info.size;
   bo->va = info.va;
   bo->name = "import";
   ws->bos[handle] = bo;
   return bo;
}

int
lsgpu_bo_export(struct lsgpu_bo *bo)
{
   int fd = -1;
   if (drmPrimeHandleToFD(bo->ws->fd, bo->handle, DRM_CLOEXEC | DRM_RDWR, &fd))
      return -errno;
   return fd;
}

void
lsgpu_bo_destroy(struct lsgpu_bo *bo)
{
   {
      std::lock_guard<std::mutex> guard(bo->ws->bo_lock);
      /* An import found it in the table and took a reference meanwhile. */
      if (p_atomic_read(&bo->reference.count) > 0)
         return;
      bo->ws->bos.erase(bo->handle);
   }
   if (bo->map)
      munmap(bo->map, bo->size);
   struct drm_gem_close req = {};
   req.handle = bo->handle;
   drmIoctl(bo->ws->fd, DRM_IOCTL_GEM_CLOSE, &req);
   free(bo);
}

void *
lsgpu_bo_map(struct lsgpu_bo *bo)
{
   if (bo->map)
      return bo->map;

   struct drm_lsgpu_gem_mmap_offset req = {};
   req.handle = bo->handle;
   if (drmIoctl(bo->ws->fd, DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, &req)) {
      mesa_loge("lsgpu: GEM_MMAP_OFFSET failed: %s", strerror(errno));
      return NULL;
   }
   /* Maps are made to be filled or read whole (uploads, staging, readback): fault the
    * pages in with the mmap instead of one fault per page on first touch, which cost
    * more than the copy itself for a 4 MiB texture upload (streaming-texture-leak). */
   const int populate = bo->size <= kPopulateMax ? MAP_POPULATE : 0;
   void *map =
      mmap(NULL, bo->size, PROT_READ | PROT_WRITE, MAP_SHARED | populate, bo->ws->fd, req.offset);
   if (map == MAP_FAILED) {
      mesa_loge("lsgpu: mmap of BO %u failed: %s", bo->handle, strerror(errno));
      return NULL;
   }
   /* Two threads may race to map; keep one mapping. */
   if (!p_atomic_cmpxchg(&bo->map, (void *)NULL, map))
      return map;
   munmap(map, bo->size);
   return bo->map;
}

bool
lsgpu_bo_wait(struct lsgpu_bo *bo, uint64_t timeout_ns)
{
   struct drm_lsgpu_gem_wait req = {};
   req.handle = bo->handle;
   req.timeout_ns = lsgpu_abs_timeout(timeout_ns);
   return drmIoctl(bo->ws->fd, DRM_IOCTL_LSGPU_GEM_WAIT, &req) == 0;
}
