/* SPDX-License-Identifier: MIT */
#include "device_counters.h"

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
   c.valid = true;
#define LSGPU_COUNTER_READ(NAME, name, param, doc)                                                 \
   c.valid = c.valid && get_param(fd, param, &c.name);
   LSGPU_COUNTERS(LSGPU_COUNTER_READ)
#undef LSGPU_COUNTER_READ
   close(fd);
   return c;
}

std::string
DeviceCounters::to_string() const
{
   std::string out;
#define LSGPU_COUNTER_PRINT(NAME, name, param, doc)                                                \
   out += (out.empty() ? "" : " ") + std::string(#name) + "=" + std::to_string(name);
   LSGPU_COUNTERS(LSGPU_COUNTER_PRINT)
#undef LSGPU_COUNTER_PRINT
   return out;
}

} // namespace lsgpu

lsgpu::DeviceCounters
lsgpu::DeviceCounters::since(const DeviceCounters &e) const
{
   DeviceCounters d;
   d.valid = valid && e.valid;
#define LSGPU_COUNTER_DIFF(NAME, name, param, doc) d.name = name - e.name;
   LSGPU_COUNTERS(LSGPU_COUNTER_DIFF)
#undef LSGPU_COUNTER_DIFF
   return d;
}
