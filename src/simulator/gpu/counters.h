/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_COUNTERS_H
#define LSGPU_SIM_COUNTERS_H

#include <atomic>
#include <cstdint>

#include "lsgpu_isa.h"

namespace lsgpu::sim
{

/* Device-wide performance counters, exposed through LSGPU_PARAM_COUNTER_*: one member
 * per counter of src/hw/lsgpu_isa.yaml (jobs, faults, packets, fill_bytes, ...). Every
 * unit counts what it does so tools and tests can see that the GPU did the work. */
struct Counters {
#define LSGPU_COUNTER_MEMBER(NAME, name, param, doc) std::atomic<uint64_t> name{0};
   LSGPU_COUNTERS(LSGPU_COUNTER_MEMBER)
#undef LSGPU_COUNTER_MEMBER
};

} // namespace lsgpu::sim

#endif
