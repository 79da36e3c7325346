/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_SHADER_CORE_H
#define LSGPU_SIM_SHADER_CORE_H

#include <cstdint>
#include <memory>
#include <vector>

#include "lsgpu_packets.h"
#include "gpu/frontend/gpu_clock.h"
#include "gpu/shader/shader_isa.h"
#include "gpu/shader/shader_jit.h"
#include "gpu/texture/texture_unit.h"

namespace lsgpu::sim
{

class AddressSpace;
struct Counters;

constexpr unsigned kWarpWidth = LSGPU_WARP_WIDTH;
constexpr uint32_t kSharedMemoryBase = LSGPU_SHARED_MEMORY_BASE; /* docs/isa.md §4: a4 */
constexpr uint32_t kMaxSharedMemory = 65536;

/* A decoded shader binary at its GPU address. */
struct ShaderProgram {
   uint32_t va = 0;
   std::vector<Inst> code;
   RegisterUse use;                 /* the registers it can read (shader_isa.h) */
   std::shared_ptr<JitProgram> jit; /* its host code, when the JIT is on (shader_jit.h) */
};

/* Reads and decodes size bytes of code at va through the MMU. */
lsgpu_fault shader_program_load(const AddressSpace &as, uint64_t va, uint32_t size,
                                ShaderProgram *out);

/* One warp's architectural state, structure-of-arrays so that an instruction runs
 * over its lanes in one tight loop. */
struct Warp {
   enum class State : uint8_t { Running, AtBarrier, Done };

   uint32_t x[33][kWarpWidth] = {}; /* x0..x31 and the x0 write sink (docs: kRegSink) */
   uint32_t f[32][kWarpWidth] = {}; /* float registers as bits */
   uint32_t pc[kWarpWidth] = {};
   uint32_t sysval[LSGPU_SYSVAL_COUNT][kWarpWidth] = {};
   uint8_t frm[kWarpWidth] = {};
   uint32_t reservation[kWarpWidth] = {};
   uint32_t reserved_value[kWarpWidth] = {};
   uint16_t reservation_valid = 0;
   uint16_t live = 0;          /* lanes that have not ended */
   uint16_t helper = 0;        /* helper lanes: memory writes discarded */
   uint16_t killed = 0;        /* lanes that ended with lsgpu.terminate (discard) */
   uint16_t barrier_lanes = 0; /* lanes waiting at lsgpu.barrier */
   bool converged = true;
   State state = State::Running;

   /* Starts the given lanes at pc (ra = 0, everything else as preloaded). */
   void start(uint32_t entry_pc, uint16_t lanes);
   /* Back to a new warp's state for a program that reads only the registers in use,
    * as if every register were 0: for a core that runs one warp after another in the
    * same storage. Zeroing all 4.7 KiB was 4 % of a dense mesh's replay. */
   void reset(const RegisterUse &use);
};

/* The render targets as a fragment warp's lanes see them (lsgpu.fbld, docs/isa.md
 * §3.5): the draw that runs the warp knows each lane's pixel and sample. */
class FramebufferReader
{
 public:
   virtual ~FramebufferReader() = default;
   /* Colour render target rt (below 8) holds at lane's pixel, as lsgpu.fbld returns it. */
   virtual lsgpu_fault load(unsigned lane, unsigned rt, float out[4]) = 0;
};

struct ShaderEnv {
   const AddressSpace &as;
   Counters &counters;
   std::vector<uint8_t> shared;     /* the workgroup's shared memory */
   int64_t budget;                  /* warp instructions left before the watchdog fires */
   GpuClock *clock = nullptr;       /* the job's: charged with the cycles run, its limit checked */
   TextureUnit *textures = nullptr; /* lsgpu.tex faults (illegal instruction) without one */
   /* The descriptor table lsgpu.tex reads: a3 as the job set it at shader entry, latched
    * by the texture unit, since compiled code may reuse a3 (docs/isa.md §3.2). */
   uint32_t texture_table = 0;
   FramebufferReader *framebuffer = nullptr; /* fragment warps; lsgpu.fbld is illegal without */
   bool flush_denorms = false;               /* DRAW_STATE.flush_denorms */
   /* The lanes' stacks, [stack_lo, stack_hi): private memory, so a helper lane's stores
    * there take effect (docs/isa.md §2) where its other writes are discarded. */
   uint64_t stack_lo = 0, stack_hi = 0;
   JitMode jit = shader_jit_mode();          /* host code or the interpreter (shader_jit.h) */
   /* The mappings generated code found, kept from warp to warp: the caller keeps them
    * only while `as` keeps its mappings (a draw's core); nullptr: each run of
    * shader_run finds them afresh. */
   JitWindows *windows = nullptr;
};

struct ShaderResult {
   lsgpu_fault fault = LSGPU_FAULT_NONE;
   uint32_t pc = 0;
   uint32_t lane = 0;
};

/* Runs the warps of one workgroup (or of independent vertex/fragment work) to
 * completion: min-PC SIMT within each warp, warps interleaved at barriers. */
ShaderResult shader_run(const ShaderProgram &program, std::vector<Warp> &warps, ShaderEnv &env);

} // namespace lsgpu::sim

#endif
