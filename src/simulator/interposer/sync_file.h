/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_SYNC_FILE_H
#define LSGPU_SIM_SYNC_FILE_H

namespace lsgpu::sim
{

/* The sync_file ioctls (linux/sync_file.h) on a simulated sync_file fd, or -ENOTTY
 * for one it does not know. Returns 0 or -errno. */
int sync_file_ioctl(int fd, unsigned long request, void *arg);

} // namespace lsgpu::sim

#endif
