/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_DEVICE_COUNTERS_H
#define LSGPU_DEVICE_COUNTERS_H

#include <cstdint>
#include <string>

namespace lsgpu
{

/* The GPU's counters (LSGPU_PARAM_COUNTER_*), read through the render node. */
struct DeviceCounters {
   bool valid = false;
   uint64_t jobs = 0, faults = 0, packets = 0, fill_bytes = 0, copy_bytes = 0;
   uint64_t warp_instructions = 0, lane_instructions = 0, shader_cycles = 0;
   uint64_t texture_requests = 0, texels = 0, primitives = 0, fragments = 0;

   /* this - earlier, counter by counter */
   DeviceCounters since(const DeviceCounters &earlier) const;

   static DeviceCounters read(const char *node = "/dev/dri/renderD128");
   std::string to_string() const;
};

} // namespace lsgpu

#endif
