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

/* Adds what `from` counted to `to` and zeroes it: a unit on a host thread counts into
 * its own Counters and hands them on when its work joins, since atomic adds to the
 * device's, shared by the threads, cost a cache line's trip per warp. */
inline void
counters_move(Counters &from, Counters &to)
{
#define LSGPU_COUNTER_MOVE(NAME, name, param, doc)                                                 \
   if (const uint64_t v = from.name.exchange(0, std::memory_order_relaxed))                        \
      to.name += v;
   LSGPU_COUNTERS(LSGPU_COUNTER_MOVE)
#undef LSGPU_COUNTER_MOVE
}

} // namespace lsgpu::sim

#endif
