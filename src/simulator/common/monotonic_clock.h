/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_MONOTONIC_CLOCK_H
#define LSGPU_SIM_MONOTONIC_CLOCK_H

#include <cstdint>
#include <ctime>

namespace lsgpu::sim
{

/* CLOCK_MONOTONIC in ns: the clock of every uAPI deadline and of GPU timestamps
 * (LSGPU_PARAM_TIMESTAMP_FREQUENCY is 1 GHz). The job watchdog counts modelled GPU
 * time instead (gpu/frontend/gpu_clock.h). */
inline int64_t
monotonic_now_ns()
{
   struct timespec ts;
   clock_gettime(CLOCK_MONOTONIC, &ts);
   return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

} // namespace lsgpu::sim

#endif
