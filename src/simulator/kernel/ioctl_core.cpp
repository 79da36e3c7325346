/* SPDX-License-Identifier: MIT */
/* DRM core ioctls, with the semantics (and errnos) of the Linux DRM core. */
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "drm-uapi/lsgpu_drm.h"
#include "drm_file.h"
#include "ioctl_handlers.h"
#include "kernel_device.h"
#include "user_memory.h"

namespace lsgpu::sim
{

static bool
copy_string(const UserMemory &user, const char *s, __kernel_size_t *len, char *uptr)
{
   const size_t n = strlen(s);
   const size_t copy = std::min<size_t>(n, *len);
   *len = n;
   return copy == 0 || user.write((uintptr_t)uptr, s, copy);
}

int
lsgpu_ioctl_version(IoctlContext &c, void *arg)
{
   auto *v = static_cast<struct drm_version *>(arg);
   v->version_major = 1;
   v->version_minor = 0;
   v->version_patchlevel = 0;
   if (!copy_string(c.user, "lsgpu", &v->name_len, v->name) ||
       !copy_string(c.user, "20261124", &v->date_len, v->date) ||
       !copy_string(c.user, "LSGPU-1 GPU (simulated)", &v->desc_len, v->desc))
      return -EFAULT;
   return 0;
}

int
lsgpu_ioctl_get_cap(IoctlContext &, void *arg)
{
   auto *cap = static_cast<struct drm_get_cap *>(arg);
   switch (cap->capability) {
   case DRM_CAP_SYNCOBJ:
   case DRM_CAP_TIMESTAMP_MONOTONIC:
      cap->value = 1;
      return 0;
   case DRM_CAP_PRIME:
      cap->value = DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT;
      return 0;
   case DRM_CAP_SYNCOBJ_TIMELINE: /* no timeline syncobjs */
   case DRM_CAP_DUMB_PREFER_SHADOW:
   case DRM_CAP_ADDFB2_MODIFIERS: /* linear scanout only */
   case DRM_CAP_PAGE_FLIP_TARGET:
   case DRM_CAP_ASYNC_PAGE_FLIP:
      cap->value = 0;
      return 0;
   /* The display (docs/display.md). */
   case DRM_CAP_DUMB_BUFFER:
   case DRM_CAP_VBLANK_HIGH_CRTC:
   case DRM_CAP_CRTC_IN_VBLANK_EVENT:
      cap->value = 1;
      return 0;
   case DRM_CAP_DUMB_PREFERRED_DEPTH:
      cap->value = 24;
      return 0;
   case DRM_CAP_CURSOR_WIDTH:
   case DRM_CAP_CURSOR_HEIGHT:
      cap->value = 64;
      return 0;
   default:
      return -EINVAL;
   }
}

int
lsgpu_ioctl_gem_close(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_gem_close *>(arg);
   if (req->pad)
      return -EINVAL;
   std::lock_guard<std::mutex> guard(c.dev.lock());
   /* The DRM core answers EINVAL (not ENOENT) for an unknown handle here. */
   return c.file.remove_bo(req->handle) ? 0 : -EINVAL;
}

} // namespace lsgpu::sim
