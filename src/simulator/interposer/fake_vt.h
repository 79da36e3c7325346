/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_FAKE_VT_H
#define LSGPU_SIM_FAKE_VT_H

#include <sys/stat.h>

namespace lsgpu::sim
{

/*
 * A virtual terminal for display servers that insist on one (weston's direct
 * launcher: `weston --tty=7`), when LSGPU_SIM_VT=1: /dev/ttyN (1..63) opens as a fake
 * char device 4:N that accepts the KD* and VT_* ioctls a compositor issues, and
 * switches nothing. Without LSGPU_SIM_VT the real terminals are untouched.
 */

/* The VT number a path names when the fake is on, else 0. */
int fake_vt_of_path(const char *path);
/* open(2) of /dev/ttyN: an fd standing for the VT, or -1 with errno. */
int fake_vt_open(int vt, int flags);
/* The VT an fd stands for, else 0. */
int fake_vt_of_fd(int fd);
void fake_vt_stat(int vt, struct stat *st);
/* The ioctl on a fake VT: 0, or -1 with errno (ENOTTY for what a VT does not know). */
int fake_vt_ioctl(int fd, unsigned long request, void *arg);

} // namespace lsgpu::sim

#endif
