/* SPDX-License-Identifier: MIT */
#include "gpu/frontend/compute_dispatch.h"

#include <vector>

#include "gpu/shader/shader_core.h"
#include "gpu/texture/texture_sampler.h"

namespace lsgpu::sim
{

namespace
{

/* Shader pointers are 32-bit (docs/isa.md §4). */
bool
fits_32(uint64_t va, uint64_t size)
{
   return va <= UINT32_MAX && size <= (1ull << 32) - va;
}

} // namespace

lsgpu_fault
compute_dispatch(const lsgpu_dispatch &p, const AddressSpace &as, Counters &counters,
                 GpuClock &clock, const PreemptHook *preempt)
{
   lsgpu_fault fault = lsgpu_validate_dispatch(&p);
   if (fault != LSGPU_FAULT_NONE)
      return fault;
   const uint32_t size = p.local_x * p.local_y * p.local_z;
   if (size > 1024 || !fits_32(p.code_va, p.code_size) || !fits_32(p.constants_va, 0) ||
       !fits_32(p.descriptors_va, 0) || !fits_32(p.buffers_va, 0) ||
       !fits_32(p.stack_va, (uint64_t)p.stack_size * (size + 1)))
      return LSGPU_FAULT_BAD_ARGUMENT;

   ShaderProgram program;
   fault = shader_program_load(as, p.code_va, p.code_size, &program);
   TextureSampler textures(as, counters); /* a3 = descriptors_va, as for draws */
   if (fault != LSGPU_FAULT_NONE)
      return fault;

   const unsigned num_warps = (size + kWarpWidth - 1) / kWarpWidth;
   std::vector<Warp> warps(num_warps);
   for (uint32_t gz = 0; gz < p.groups_z; gz++) {
      for (uint32_t gy = 0; gy < p.groups_y; gy++) {
         for (uint32_t gx = 0; gx < p.groups_x; gx++) {
            for (unsigned w = 0; w < num_warps; w++) {
               Warp &warp = warps[w];
               warp = Warp();
               const uint32_t first = w * kWarpWidth;
               const uint32_t lanes = std::min<uint32_t>(kWarpWidth, size - first);
               warp.start((uint32_t)p.code_va, (uint16_t)((1u << lanes) - 1));
               for (unsigned l = 0; l < lanes; l++) {
                  const uint32_t index = first + l;
                  /* Workgroups run one after another: each reuses the stacks. */
                  warp.x[LSGPU_ABI_REG_STACK][l] =
                     (uint32_t)(p.stack_va + (uint64_t)(index + 1) * p.stack_size);
                  warp.x[LSGPU_ABI_REG_INPUT_BLOCK][l] = (uint32_t)p.buffers_va;
                  warp.x[LSGPU_ABI_REG_CONSTANTS][l] = (uint32_t)p.constants_va;
                  warp.x[LSGPU_ABI_REG_DESCRIPTORS][l] = (uint32_t)p.descriptors_va;
                  warp.x[LSGPU_ABI_REG_SHARED_MEMORY][l] = kSharedMemoryBase;
                  uint32_t(&sv)[LSGPU_SYSVAL_COUNT][kWarpWidth] = warp.sysval;
                  sv[LSGPU_SYSVAL_WARP][l] = w;
                  sv[LSGPU_SYSVAL_LOCAL_ID_X][l] = index % p.local_x;
                  sv[LSGPU_SYSVAL_LOCAL_ID_Y][l] = index / p.local_x % p.local_y;
                  sv[LSGPU_SYSVAL_LOCAL_ID_Z][l] = index / (p.local_x * p.local_y);
                  sv[LSGPU_SYSVAL_LOCAL_INDEX][l] = index;
                  sv[LSGPU_SYSVAL_WORKGROUP_ID_X][l] = gx;
                  sv[LSGPU_SYSVAL_WORKGROUP_ID_Y][l] = gy;
                  sv[LSGPU_SYSVAL_WORKGROUP_ID_Z][l] = gz;
                  sv[LSGPU_SYSVAL_NUM_WORKGROUPS_X][l] = p.groups_x;
                  sv[LSGPU_SYSVAL_NUM_WORKGROUPS_Y][l] = p.groups_y;
                  sv[LSGPU_SYSVAL_NUM_WORKGROUPS_Z][l] = p.groups_z;
                  sv[LSGPU_SYSVAL_LOCAL_SIZE_X][l] = p.local_x;
                  sv[LSGPU_SYSVAL_LOCAL_SIZE_Y][l] = p.local_y;
                  sv[LSGPU_SYSVAL_LOCAL_SIZE_Z][l] = p.local_z;
                  sv[LSGPU_SYSVAL_BUFFER_TABLE][l] = (uint32_t)p.buffers_va;
               }
            }
            clock.charge(LSGPU_JOB_WORKGROUP_CYCLES);
            ShaderEnv env{as, counters, std::vector<uint8_t>(p.shared_size, 0), INT64_MAX, &clock};
            env.textures = &textures;
            env.texture_table = (uint32_t)p.descriptors_va;
            ShaderResult r = shader_run(program, warps, env);
            if (r.fault != LSGPU_FAULT_NONE)
               return r.fault;
            if (clock.expired())
               return LSGPU_FAULT_TIMEOUT;
            preemption_point(preempt);
         }
      }
   }
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
