/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_PREEMPTION_H
#define LSGPU_SIM_PREEMPTION_H

#include <cstdint>
#include <functional>

namespace lsgpu::sim
{

/* Runs other contexts' ready jobs (the scheduler decides which, and how often) and
 * returns the nanoseconds they took. */
using PreemptHook = std::function<int64_t()>;

/* A point where the running job may be preempted: between packets, and inside a long
 * packet between fragment warps and primitives of a draw or workgroups of a dispatch
 * (docs/uapi.md, "Scheduling"). The job's watchdog counts its own GPU time
 * (gpu_clock.h), which the others' work does not touch. */
inline void
preemption_point(const PreemptHook *hook)
{
   if (hook && *hook)
      (*hook)();
}

} // namespace lsgpu::sim

#endif
