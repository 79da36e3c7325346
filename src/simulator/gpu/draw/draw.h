/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_DRAW_H
#define LSGPU_SIM_DRAW_H

#include <cstdint>

#include "gpu/frontend/gpu_clock.h"
#include "gpu/frontend/preemption.h"
#include "lsgpu_packets.h"

namespace lsgpu::sim
{

class AddressSpace;
struct Counters;

/* Executes a DRAW packet: the fixed-function pipeline and the shader cores. regs is
 * the context's register file (the samples-passed counter lives there). preempt, if
 * given, is called between fragment warps and between primitives; clock, the job's,
 * is charged with the draw's work and ends it with LSGPU_FAULT_TIMEOUT past its limit. */
lsgpu_fault draw_execute(const lsgpu_draw &draw, const AddressSpace &as, uint32_t *regs,
                         Counters &counters, GpuClock &clock, const PreemptHook *preempt = nullptr);

} // namespace lsgpu::sim

#endif
