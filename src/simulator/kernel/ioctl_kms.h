/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_IOCTL_KMS_H
#define LSGPU_SIM_IOCTL_KMS_H

#include <cerrno>
#include <cstddef>
#include <cstdint>

#include "user_memory.h"

namespace lsgpu::sim
{

struct IoctlContext;

/* The DRM core's array convention: the items are copied only when the caller's
 * *count has room for all of them; *count then says how many there are. */
template <typename T>
int
kms_copy_array(const UserMemory &user, uint64_t uptr, uint32_t *count, const T *items, size_t n)
{
   if (n && *count >= n && !user.write(uptr, items, n * sizeof(T)))
      return -EFAULT;
   *count = (uint32_t)n;
   return 0;
}

int lsgpu_ioctl_set_client_cap(IoctlContext &c, void *arg);
int lsgpu_ioctl_set_master(IoctlContext &c, void *arg);
int lsgpu_ioctl_drop_master(IoctlContext &c, void *arg);
int lsgpu_ioctl_get_magic(IoctlContext &c, void *arg);
int lsgpu_ioctl_auth_magic(IoctlContext &c, void *arg);

int lsgpu_ioctl_mode_getresources(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_getcrtc(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_getencoder(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_getconnector(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_getplaneresources(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_getplane(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_obj_getproperties(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_getproperty(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_getpropblob(IoctlContext &c, void *arg);

int lsgpu_ioctl_mode_addfb(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_addfb2(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_rmfb(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_getfb(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_dirtyfb(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_create_dumb(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_map_dumb(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_destroy_dumb(IoctlContext &c, void *arg);

int lsgpu_ioctl_mode_setcrtc(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_page_flip(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_cursor(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_cursor2(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_getgamma(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_setgamma(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_setproperty(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_obj_setproperty(IoctlContext &c, void *arg);
int lsgpu_ioctl_wait_vblank(IoctlContext &c, void *arg);

int lsgpu_ioctl_mode_atomic(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_setplane(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_createpropblob(IoctlContext &c, void *arg);
int lsgpu_ioctl_mode_destroypropblob(IoctlContext &c, void *arg);
/* One atomic property set through the legacy property ioctls: a blocking commit. */
int lsgpu_kms_set_atomic_property(IoctlContext &c, uint32_t obj_id, uint32_t prop_id,
                                  uint64_t value);

} // namespace lsgpu::sim

#endif
