/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_DEVICE_COUNTERS_H
#define LSGPU_DEVICE_COUNTERS_H

#include <cstdint>
#include <string>

#include "lsgpu_isa.h"

namespace lsgpu
{

/* The GPU's counters (LSGPU_PARAM_COUNTER_*), read through the render node. */
struct DeviceCounters {
   bool valid = false;
#define LSGPU_COUNTER_MEMBER(NAME, name, param, doc) uint64_t name = 0;
   LSGPU_COUNTERS(LSGPU_COUNTER_MEMBER) /* src/hw/lsgpu_isa.yaml */
#undef LSGPU_COUNTER_MEMBER

   /* this - earlier, counter by counter */
   DeviceCounters since(const DeviceCounters &earlier) const;

   static DeviceCounters read(const char *node = "/dev/dri/renderD128");
   std::string to_string() const;
};

} // namespace lsgpu

#endif
