/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_IOCTL_HANDLERS_H
#define LSGPU_SIM_IOCTL_HANDLERS_H

namespace lsgpu::sim
{

class KernelDevice;
class DrmFile;
class UserMemory;
class FdTable;

/* What every ioctl handler gets. `arg` is the kernel copy of the ioctl struct, already
 * copied in (and zero-extended); the dispatcher copies it back out. Handlers return 0
 * or a negative errno and take the device lock themselves, so waits can drop it. */
struct IoctlContext {
   KernelDevice &dev;
   DrmFile &file;
   const UserMemory &user;
   FdTable *fds; /* nullptr: the caller cannot create fds (PRIME gives EOPNOTSUPP) */
};

int lsgpu_ioctl_version(IoctlContext &c, void *arg);
int lsgpu_ioctl_get_cap(IoctlContext &c, void *arg);
int lsgpu_ioctl_gem_close(IoctlContext &c, void *arg);

int lsgpu_ioctl_get_param(IoctlContext &c, void *arg);
int lsgpu_ioctl_gem_create(IoctlContext &c, void *arg);
int lsgpu_ioctl_gem_mmap_offset(IoctlContext &c, void *arg);
int lsgpu_ioctl_gem_wait(IoctlContext &c, void *arg);
int lsgpu_ioctl_submit(IoctlContext &c, void *arg);
int lsgpu_ioctl_gem_info(IoctlContext &c, void *arg);
int lsgpu_ioctl_ctx_create(IoctlContext &c, void *arg);
int lsgpu_ioctl_ctx_destroy(IoctlContext &c, void *arg);
int lsgpu_ioctl_ctx_reset_status(IoctlContext &c, void *arg);

int lsgpu_ioctl_syncobj_create(IoctlContext &c, void *arg);
int lsgpu_ioctl_syncobj_destroy(IoctlContext &c, void *arg);
int lsgpu_ioctl_syncobj_wait(IoctlContext &c, void *arg);
int lsgpu_ioctl_syncobj_reset(IoctlContext &c, void *arg);
int lsgpu_ioctl_syncobj_signal(IoctlContext &c, void *arg);
int lsgpu_ioctl_syncobj_handle_to_fd(IoctlContext &c, void *arg);
int lsgpu_ioctl_syncobj_fd_to_handle(IoctlContext &c, void *arg);
int lsgpu_ioctl_prime_handle_to_fd(IoctlContext &c, void *arg);
int lsgpu_ioctl_prime_fd_to_handle(IoctlContext &c, void *arg);

} // namespace lsgpu::sim

#endif
