/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_SHADER_LOCALITY_H
#define LSGPU_SIM_SHADER_LOCALITY_H

#include "gpu/shader/shader_core.h"

namespace lsgpu::sim
{

/*
 * Whether every memory write of a vertex or fragment program stays with the warp's
 * core: no atomics, no image stores, and every store's address register holds a
 * pointer into the lane's stack window or its I/O blocks. Those pointers are sp, a0
 * and a1 at entry and what is computed from them only by adding an offset; the other
 * registers start as zero (a null pointer) except a2..a4, which point into the job's
 * memory, and whatever a load returns may point anywhere. Followed along the
 * program's branches, so a register reused for something else later is still a
 * pointer where it is one. Calls and jumps to computed addresses (a jal or jalr that
 * links, a jalr through anything but zero or ra, a write to ra) end the analysis with "no". The
 * draw runs fragment programs for which this holds on its cores side by side (docs/simulator.md,
 * "Host threads").
 */
bool shader_stores_stay_local(const ShaderProgram &program);

} // namespace lsgpu::sim

#endif
