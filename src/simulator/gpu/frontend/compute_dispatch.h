/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_COMPUTE_DISPATCH_H
#define LSGPU_SIM_COMPUTE_DISPATCH_H

#include <cstdint>

#include "gpu/frontend/gpu_clock.h"
#include "gpu/frontend/preemption.h"
#include "lsgpu_packets.h"

namespace lsgpu::sim
{

class AddressSpace;
struct Counters;

/* The compute front end: runs a DISPATCH packet's workgroups on the shader core;
 * preempt, if given, is called between workgroups. */
lsgpu_fault compute_dispatch(const lsgpu_dispatch &pkt, const AddressSpace &as, Counters &counters,
                             GpuClock &clock, const PreemptHook *preempt = nullptr);

} // namespace lsgpu::sim

#endif
