/* SPDX-License-Identifier: MIT */
/* DRM master and client capabilities (docs/display.md "Master"). Files on the primary
 * node count as authenticated: the legacy magic handshake always succeeds. */
#include <cerrno>

#include "capable.h"
#include "drm_file.h"
#include "ioctl_handlers.h"
#include "user_memory.h"
#include "ioctl_kms.h"
#include "kernel_device.h"
#include "kms.h"

namespace lsgpu::sim
{

int
lsgpu_ioctl_set_client_cap(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_set_client_cap *>(arg);
   std::lock_guard<std::mutex> guard(c.dev.kms().lock());
   DrmFile::KmsState &k = c.file.kms();
   switch (req->capability) {
   case DRM_CLIENT_CAP_STEREO_3D:
      return req->value == 0 ? 0 : -EINVAL;
   case DRM_CLIENT_CAP_UNIVERSAL_PLANES:
      if (req->value > 1)
         return -EINVAL;
      k.universal_planes = req->value;
      return 0;
   case DRM_CLIENT_CAP_ATOMIC:
      /* 2 also asks for writeback connectors, which this display has none of. */
      if (req->value > 2)
         return -EINVAL;
      /* Atomic implies universal planes and aspect ratios, as in the DRM core. */
      k.atomic = req->value != 0;
      k.universal_planes = k.universal_planes || k.atomic;
      k.aspect_ratio = k.aspect_ratio || k.atomic;
      return 0;
   case DRM_CLIENT_CAP_ASPECT_RATIO:
      if (req->value > 1)
         return -EINVAL;
      k.aspect_ratio = req->value;
      return 0;
   default:
      return -EINVAL;
   }
}

int
lsgpu_ioctl_set_master(IoctlContext &c, void *)
{
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   if (kms.master() == &c.file)
      return 0;
   if (kms.master())
      return -EBUSY;
   /* drm_master_check_perm: a file that was master before, or CAP_SYS_ADMIN. */
   if (!c.file.kms().was_master && !lsgpu_capable(c.user.pid(), 21 /* CAP_SYS_ADMIN */))
      return -EACCES;
   kms.set_master(&c.file);
   return 0;
}

int
lsgpu_ioctl_drop_master(IoctlContext &c, void *)
{
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   if (kms.master() != &c.file)
      return -EINVAL;
   kms.set_master(nullptr);
   return 0;
}

int
lsgpu_ioctl_get_magic(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_auth *>(arg);
   req->magic = (uint32_t)(reinterpret_cast<uintptr_t>(&c.file) >> 4) | 1;
   return 0;
}

int
lsgpu_ioctl_auth_magic(IoctlContext &c, void *)
{
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   return kms.master() == &c.file ? 0 : -EACCES;
}

} // namespace lsgpu::sim
