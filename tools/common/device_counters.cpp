/* SPDX-License-Identifier: MIT */
#include "device_counters.h"

#include <cinttypes>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#include <xf86drm.h>

#include "drm-uapi/lsgpu_drm.h"

namespace lsgpu
{

static bool
get_param(int fd, uint32_t param, uint64_t *value)
{
   struct drm_lsgpu_get_param req = {};
   req.param = param;
   if (drmIoctl(fd, DRM_IOCTL_LSGPU_GET_PARAM, &req))
      return false;
   *value = req.value;
   return true;
}

DeviceCounters
DeviceCounters::read(const char *node)
{
   DeviceCounters c;
   int fd = open(node, O_RDWR | O_CLOEXEC);
   if (fd < 0)
      return c;
   c.valid = get_param(fd, LSGPU_PARAM_COUNTER_JOBS, &c.jobs) &&
             get_param(fd, LSGPU_PARAM_COUNTER_FAULTS, &c.faults) &&
             get_param(fd, LSGPU_PARAM_COUNTER_PACKETS, &c.packets) &&
             get_param(fd, LSGPU_PARAM_COUNTER_FILL_BYTES, &c.fill_bytes) &&
             get_param(fd, LSGPU_PARAM_COUNTER_COPY_BYTES, &c.copy_bytes);
   close(fd);
   return c;
}

std::string
DeviceCounters::to_string() const
{
   char buf[160];
   snprintf(buf, sizeof(buf),
            "jobs=%" PRIu64 " faults=%" PRIu64 " packets=%" PRIu64 " fill_bytes=%" PRIu64
            " copy_bytes=%" PRIu64,
            jobs, faults, packets, fill_bytes, copy_bytes);
   return buf;
}

} // namespace lsgpu
