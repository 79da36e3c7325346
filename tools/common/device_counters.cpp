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
             get_param(fd, LSGPU_PARAM_COUNTER_COPY_BYTES, &c.copy_bytes) &&
             get_param(fd, LSGPU_PARAM_COUNTER_WARP_INSTRUCTIONS, &c.warp_instructions) &&
             get_param(fd, LSGPU_PARAM_COUNTER_LANE_INSTRUCTIONS, &c.lane_instructions) &&
             get_param(fd, LSGPU_PARAM_COUNTER_SHADER_CYCLES, &c.shader_cycles) &&
             get_param(fd, LSGPU_PARAM_COUNTER_TEXTURE_REQUESTS, &c.texture_requests) &&
             get_param(fd, LSGPU_PARAM_COUNTER_TEXELS, &c.texels) &&
             get_param(fd, LSGPU_PARAM_COUNTER_PRIMITIVES, &c.primitives) &&
             get_param(fd, LSGPU_PARAM_COUNTER_FRAGMENTS, &c.fragments);
   close(fd);
   return c;
}

std::string
DeviceCounters::to_string() const
{
   char buf[512];
   snprintf(buf, sizeof(buf),
            "jobs=%" PRIu64 " faults=%" PRIu64 " packets=%" PRIu64 " fill_bytes=%" PRIu64
            " copy_bytes=%" PRIu64 " warp_instructions=%" PRIu64 " lane_instructions=%" PRIu64
            " shader_cycles=%" PRIu64 " texture_requests=%" PRIu64 " texels=%" PRIu64
            " primitives=%" PRIu64 " fragments=%" PRIu64,
            jobs, faults, packets, fill_bytes, copy_bytes, warp_instructions, lane_instructions,
            shader_cycles, texture_requests, texels, primitives, fragments);
   return buf;
}

} // namespace lsgpu

lsgpu::DeviceCounters
lsgpu::DeviceCounters::since(const DeviceCounters &e) const
{
   DeviceCounters d;
   d.valid = valid && e.valid;
   d.jobs = jobs - e.jobs;
   d.faults = faults - e.faults;
   d.packets = packets - e.packets;
   d.fill_bytes = fill_bytes - e.fill_bytes;
   d.copy_bytes = copy_bytes - e.copy_bytes;
   d.warp_instructions = warp_instructions - e.warp_instructions;
   d.lane_instructions = lane_instructions - e.lane_instructions;
   d.shader_cycles = shader_cycles - e.shader_cycles;
   d.texture_requests = texture_requests - e.texture_requests;
   d.texels = texels - e.texels;
   d.primitives = primitives - e.primitives;
   d.fragments = fragments - e.fragments;
   return d;
}
