/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_CAPABLE_H
#define LSGPU_SIM_CAPABLE_H

#include <sys/types.h>

namespace lsgpu::sim
{

/* capable(cap) for the process that made the ioctl (its effective set, from
 * /proc/PID/status): the server asks about its client, not itself. */
bool lsgpu_capable(pid_t pid, int cap);

} // namespace lsgpu::sim

#endif
