/* SPDX-License-Identifier: MIT */
#include "lsgpu_winsys.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xf86drm.h>

#include "drm-uapi/lsgpu_drm.h"
#include "util/log.h"
#include "util/os_time.h"

int
lsgpu_winsys_get_param(struct lsgpu_winsys *ws, uint32_t param, uint64_t *value)
{
   struct drm_lsgpu_get_param req = {};
   req.param = param;
   if (drmIoctl(ws->fd, DRM_IOCTL_LSGPU_GET_PARAM, &req))
      return -errno;
   *value = req.value;
   return 0;
}

struct lsgpu_winsys *
lsgpu_winsys_create(int fd)
{
   struct lsgpu_winsys *ws = new lsgpu_winsys();
   ws->fd = fd;

   /* Member pointers, not offsetof: the struct is not standard-layout (it holds a
    * mutex and the BO table). */
   static const struct {
      uint32_t param;
      uint64_t lsgpu_winsys::*field;
   } params[] = {
      {LSGPU_PARAM_DEVICE_ID, &lsgpu_winsys::device_id},
      {LSGPU_PARAM_REVISION, &lsgpu_winsys::revision},
      {LSGPU_PARAM_NUM_CORES, &lsgpu_winsys::num_cores},
      {LSGPU_PARAM_WARP_WIDTH, &lsgpu_winsys::warp_width},
      {LSGPU_PARAM_MEMORY_SIZE, &lsgpu_winsys::memory_size},
      {LSGPU_PARAM_FEATURES, &lsgpu_winsys::features},
      {LSGPU_PARAM_TIMESTAMP_FREQUENCY, &lsgpu_winsys::timestamp_frequency},
      {LSGPU_PARAM_CMDSTREAM_VERSION, &lsgpu_winsys::cmdstream_version},
   };
   for (const auto &p : params) {
      int ret = lsgpu_winsys_get_param(ws, p.param, &(ws->*p.field));
      if (ret) {
         mesa_loge("lsgpu: GET_PARAM %u failed: %s", p.param, strerror(-ret));
         lsgpu_winsys_destroy(ws);
         return NULL;
      }
   }
   return ws;
}

void
lsgpu_winsys_destroy(struct lsgpu_winsys *ws)
{
   close(ws->fd);
   delete ws;
}

int
lsgpu_winsys_submit(struct lsgpu_winsys *ws, uint32_t ctx_id, const uint32_t *cmds,
                    unsigned num_dwords, struct lsgpu_bo *const *bos, unsigned num_bos,
                    uint32_t out_sync)
{
   uint32_t stack_handles[64];
   uint32_t *handles =
      num_bos <= 64 ? stack_handles : (uint32_t *)malloc(num_bos * sizeof(uint32_t));
   if (!handles)
      return -ENOMEM;
   for (unsigned i = 0; i < num_bos; i++)
      handles[i] = bos[i]->handle;

   struct drm_lsgpu_submit req = {};
   req.cmds = (uintptr_t)cmds;
   req.cmds_size = num_dwords * 4;
   req.bo_handles = (uintptr_t)handles;
   req.bo_handle_count = num_bos;
   req.out_sync = out_sync;
   req.ctx_id = ctx_id;

   int ret = drmIoctl(ws->fd, DRM_IOCTL_LSGPU_SUBMIT, &req) ? -errno : 0;
   if (handles != stack_handles)
      free(handles);
   /* A lost context (ECANCELED) is the driver's to report, once (lsgpu_reset.cpp). */
   if (ret && ret != -ECANCELED)
      mesa_loge("lsgpu: submit failed: %s", strerror(-ret));
   return ret;
}

int
lsgpu_winsys_ctx_create(struct lsgpu_winsys *ws, uint32_t *ctx_id)
{
   struct drm_lsgpu_ctx_create req = {};
   req.priority = LSGPU_CTX_PRIORITY_NORMAL;
   if (drmIoctl(ws->fd, DRM_IOCTL_LSGPU_CTX_CREATE, &req))
      return -errno;
   *ctx_id = req.ctx_id;
   return 0;
}

void
lsgpu_winsys_ctx_destroy(struct lsgpu_winsys *ws, uint32_t ctx_id)
{
   struct drm_lsgpu_ctx_destroy req = {};
   req.ctx_id = ctx_id;
   drmIoctl(ws->fd, DRM_IOCTL_LSGPU_CTX_DESTROY, &req);
}

int
lsgpu_winsys_ctx_reset_status(struct lsgpu_winsys *ws, uint32_t ctx_id,
                              struct drm_lsgpu_ctx_reset_status *details)
{
   struct drm_lsgpu_ctx_reset_status req = {};
   req.ctx_id = ctx_id;
   if (drmIoctl(ws->fd, DRM_IOCTL_LSGPU_CTX_RESET_STATUS, &req))
      return -errno;
   if (details)
      *details = req;
   return (int)req.status;
}

int64_t
lsgpu_abs_timeout(uint64_t timeout_ns)
{
   if (timeout_ns == OS_TIMEOUT_INFINITE)
      return INT64_MAX;
   int64_t now = os_time_get_nano();
   return timeout_ns > (uint64_t)(INT64_MAX - now) ? INT64_MAX : now + (int64_t)timeout_ns;
}

uint32_t
lsgpu_syncobj_create(struct lsgpu_winsys *ws, bool signaled)
{
   uint32_t handle = 0;
   if (drmSyncobjCreate(ws->fd, signaled ? DRM_SYNCOBJ_CREATE_SIGNALED : 0, &handle))
      return 0;
   return handle;
}

void
lsgpu_syncobj_destroy(struct lsgpu_winsys *ws, uint32_t syncobj)
{
   if (syncobj)
      drmSyncobjDestroy(ws->fd, syncobj);
}

bool
lsgpu_syncobj_wait(struct lsgpu_winsys *ws, uint32_t syncobj, uint64_t timeout_ns)
{
   return drmSyncobjWait(ws->fd, &syncobj, 1, lsgpu_abs_timeout(timeout_ns),
                         DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, NULL) == 0;
}

int
lsgpu_syncobj_export_sync_file(struct lsgpu_winsys *ws, uint32_t syncobj)
{
   int fd = -1;
   return drmSyncobjExportSyncFile(ws->fd, syncobj, &fd) == 0 ? fd : -1;
}

bool
lsgpu_syncobj_import_sync_file(struct lsgpu_winsys *ws, uint32_t syncobj, int sync_file)
{
   return drmSyncobjImportSyncFile(ws->fd, syncobj, sync_file) == 0;
}
