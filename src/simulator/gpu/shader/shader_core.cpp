/* SPDX-License-Identifier: MIT */
/*
 * The LSGPU-1 shader core: RV32IMAF + Xlsgpu executed SIMT over 16-lane warps with
 * min-PC reconvergence (docs/isa.md). Registers are stored lane-minor so that each
 * instruction is one loop over the lanes it runs on; programs are decoded up front.
 */
#include "gpu/shader/shader_core.h"

#include <cfenv>
#include <xmmintrin.h>
#include <cmath>
#include <cstring>

#include "common/float_bits.h"
#include "gpu/memory/address_space.h"
#include "gpu/frontend/command_processor.h"
#include "gpu/counters.h"

namespace lsgpu::sim
{

namespace
{

constexpr uint16_t kAllLanes = 0xffff;
constexpr uint32_t kCanonicalNaN = 0x7fc00000u;

inline bool
is_nan_bits(uint32_t b)
{
   return (b & 0x7fffffffu) > 0x7f800000u;
}

/* RISC-V returns the canonical NaN from every float operation that makes one. */
inline uint32_t
canon(float f)
{
   uint32_t b = as_bits(f);
   return is_nan_bits(b) ? kCanonicalNaN : b;
}

/* Runs `body` for each lane of `mask`; the full-warp case is a plain loop the compiler
 * can unroll and vectorise. */
#define LANES(...)                                                                                 \
   do {                                                                                            \
      if (mask == kAllLanes) {                                                                     \
         for (unsigned l = 0; l < kWarpWidth; l++) {                                               \
            __VA_ARGS__;                                                                           \
         }                                                                                         \
      } else {                                                                                     \
         for (uint32_t m_ = mask; m_; m_ &= m_ - 1) {                                              \
            unsigned l = (unsigned)__builtin_ctz(m_);                                              \
            __VA_ARGS__;                                                                           \
         }                                                                                         \
      }                                                                                            \
   } while (0)

/* The host rounding mode for a RISC-V one; RMM (ties away) has no host mode and rounds
 * to nearest even in arithmetic (docs/isa.md notes it); conversions honour it. */
int
host_round(uint32_t rm)
{
   switch (rm) {
   case 1:
      return FE_TOWARDZERO;
   case 2:
      return FE_DOWNWARD;
   case 3:
      return FE_UPWARD;
   default:
      return FE_TONEAREST;
   }
}

float
round_to_int(float v, uint32_t rm)
{
   switch (rm) {
   case 1:
      return std::trunc(v);
   case 2:
      return std::floor(v);
   case 3:
      return std::ceil(v);
   case 4:
      return std::round(v);
   default:
      return std::nearbyint(v);
   }
}

uint32_t
fclass(uint32_t b)
{
   const bool neg = b >> 31;
   const uint32_t exp = (b >> 23) & 0xff, man = b & 0x7fffff;
   if (exp == 0xff) {
      if (man == 0)
         return neg ? 1u << 0 : 1u << 7;
      return (man & 0x400000) ? 1u << 9 : 1u << 8;
   }
   if (exp == 0)
      return man == 0 ? (neg ? 1u << 3 : 1u << 4) : (neg ? 1u << 2 : 1u << 5);
   return neg ? 1u << 1 : 1u << 6;
}

uint32_t
fmin_max(uint32_t a, uint32_t b, bool max)
{
   const bool na = is_nan_bits(a), nb = is_nan_bits(b);
   if (na && nb)
      return kCanonicalNaN;
   if (na)
      return b;
   if (nb)
      return a;
   const float fa = as_float(a), fb = as_float(b);
   if (fa == fb) /* ±0: −0 is the smaller */
      return max ? (a & b) : (a | b);
   return (max ? fa > fb : fa < fb) ? a : b;
}

/* The texture unit's and the framebuffer load's R, G, B, A of each lane in mask into
 * f28..f31, once every lane has its values (a fault leaves the registers as they were). */
void
write_results(Warp &w, uint16_t mask, const float out[kWarpWidth][4])
{
   if (mask == 0xffff) {
      /* Every lane: four lanes' results transposed into the four registers at once. */
      for (unsigned l = 0; l < kWarpWidth; l += 4) {
         __m128 r = _mm_loadu_ps(out[l]), g = _mm_loadu_ps(out[l + 1]),
                b = _mm_loadu_ps(out[l + 2]), a = _mm_loadu_ps(out[l + 3]);
         _MM_TRANSPOSE4_PS(r, g, b, a);
         _mm_storeu_ps((float *)&w.f[LSGPU_TEX_RESULT_REG][l], r);
         _mm_storeu_ps((float *)&w.f[LSGPU_TEX_RESULT_REG + 1][l], g);
         _mm_storeu_ps((float *)&w.f[LSGPU_TEX_RESULT_REG + 2][l], b);
         _mm_storeu_ps((float *)&w.f[LSGPU_TEX_RESULT_REG + 3][l], a);
      }
      return;
   }
   for (uint32_t m = mask; m; m &= m - 1) {
      const unsigned l = (unsigned)__builtin_ctz(m);
      for (unsigned c = 0; c < 4; c++)
         memcpy(&w.f[LSGPU_TEX_RESULT_REG + c][l], &out[l][c], 4);
   }
}

/* step()'s shortcut: lanes whose PCs meet run together (again). */
void
update_converged(Warp &w)
{
   w.converged = true;
   if (w.live) {
      const uint32_t first = w.pc[__builtin_ctz(w.live)];
      for (uint32_t m = w.live; m; m &= m - 1)
         w.converged &= w.pc[__builtin_ctz(m)] == first;
   }
}

struct Exec {
   Exec(const ShaderProgram &p, ShaderEnv &e) : prog(p), env(e) {}

   const ShaderProgram &prog;
   ShaderEnv &env;
   ShaderResult result;
   uint64_t warp_insts = 0, lane_insts = 0, cycles = 0, tex = 0, image_stores = 0, robust = 0;
   uint8_t sink_[4] = {}; /* what a lane's access to the robustness sink reaches */

   bool fail(lsgpu_fault f, uint32_t pc, unsigned lane)
   {
      if (result.fault == LSGPU_FAULT_NONE)
         result = ShaderResult{f, pc, lane};
      return false;
   }

   /* Whether [lo, hi) lies in the lanes' stacks, where helper lanes' stores count. */
   bool on_stack(uint64_t lo, uint64_t hi) const
   {
      return lo >= env.stack_lo && hi <= env.stack_hi && lo < hi;
   }
   bool overlaps_stack(uint64_t lo, uint64_t hi) const
   {
      return lo < env.stack_hi && env.stack_lo < hi;
   }

   /* Host address of a lane's access, or nullptr after recording the fault. */
   uint8_t *memory(uint32_t addr, uint32_t size, bool write, uint32_t pc, unsigned lane)
   {
      if (addr & (size - 1)) {
         fail(LSGPU_FAULT_MISALIGNED, pc, lane);
         return nullptr;
      }
      if (addr >= kSharedMemoryBase) {
         uint32_t off = addr - kSharedMemoryBase;
         if (off >= env.shared.size() || size > env.shared.size() - off) {
            fail(LSGPU_FAULT_MMU, pc, lane);
            return nullptr;
         }
         return env.shared.data() + off;
      }
      if (addr - LSGPU_ROBUST_SINK_BASE < LSGPU_ROBUST_SINK_SIZE) {
         /* The robustness sink (docs/isa.md §4): the lane reads zeros and its stores
          * and atomics land in a scratch word nobody reads. */
         robust++;
         memset(sink_, 0, sizeof(sink_));
         return sink_;
      }
      for (const TlbEntry &e : tlb_) {
         const uint64_t off = (uint64_t)addr - e.va;
         if (off < e.size && size <= e.size - off && (!write || e.writable))
            return e.host + off;
      }
      /* A miss: one search for the mapping, which the TLB keeps when the access fits
       * it; otherwise translate() faults it, as for any access. */
      const AddressSpace::Mapping *m = env.as.mapping_at(addr);
      const uint64_t off = m ? (uint64_t)addr - m->va : 0;
      if (m && size <= m->size - off && (!write || m->writable)) {
         tlb_[tlb_next_++ % kTlbEntries] = {m->va, m->size, m->host, m->writable};
         return m->host + off;
      }
      AddressSpace::Access a = env.as.translate(addr, size, write);
      if (!a.host)
         fail(a.fault, pc, lane);
      return a.host;
   }

   /* The shader cores' TLB: the mappings this run's accesses hit most recently. The
    * lanes of one load or store, and a shader's few streams (its inputs, constants,
    * outputs, stack), find their mapping here, not by a search per lane; an access
    * no entry holds wholly, with the right permission, asks the address space. */
   struct TlbEntry {
      uint64_t va = 0, size = 0; /* size 0: empty */
      uint8_t *host = nullptr;
      bool writable = false;
   };
   static constexpr unsigned kTlbEntries = 4;
   /* What JitHelpers::span answers, through the same TLB and mappings as memory();
    * with entry, the mapping that holds the span (size 0 for shared memory). */
   uint64_t span(uint64_t lo, uint64_t hi, bool write, TlbEntry *entry = nullptr)
   {
      if (lo >= kSharedMemoryBase) {
         if (hi - kSharedMemoryBase > env.shared.size() || env.shared.empty())
            return 0;
         return (uintptr_t)env.shared.data() - kSharedMemoryBase;
      }
      if (hi > LSGPU_ROBUST_SINK_BASE && lo < LSGPU_ROBUST_SINK_BASE + LSGPU_ROBUST_SINK_SIZE)
         return 0;
      for (const TlbEntry &e : tlb_) {
         if (lo >= e.va && hi <= e.va + e.size && (!write || e.writable)) {
            if (entry)
               *entry = e;
            return (uintptr_t)e.host - e.va;
         }
      }
      const AddressSpace::Mapping *m = env.as.mapping_at(lo);
      if (!m || hi > m->va + m->size || (write && !m->writable))
         return 0;
      const TlbEntry e = {m->va, m->size, m->host, m->writable};
      tlb_[tlb_next_++ % kTlbEntries] = e;
      if (entry)
         *entry = e;
      return (uintptr_t)m->host - m->va;
   }
   /* The mappings generated code keeps (JitFrame's windows), from one compiled run to
    * the next, where env keeps none. */
   JitWindows own_windows{};

   TlbEntry tlb_[kTlbEntries];
   unsigned tlb_next_ = 0;

   JitFunction jit = nullptr; /* the program's host code, or nullptr to interpret */

   bool step(Warp &w);
   /* The watchdog's periodic check, before the instruction after `insts`. */
   bool watchdog_fires(uint64_t insts, uint64_t core_cycles) const
   {
      return (insts & 1023) == 0 && env.clock && env.clock->expired(core_cycles);
   }
   bool run_jit(Warp &w, bool *interpret);
   bool execute(Warp &w, const Inst &in, uint16_t mask, uint32_t pc, bool &control);
   bool texture(Warp &w, const Inst &in, uint16_t mask, uint32_t pc);
   bool texture_warp(Warp &w, const Inst &in, uint16_t mask, const TextureRequest &shared);
   bool texel(Warp &w, const Inst &in, uint16_t mask, uint32_t pc);
   bool framebuffer_load(Warp &w, const Inst &in, uint16_t mask, uint32_t pc);
   bool run_warp(Warp &w);
};

/* lsgpu.tex for the lanes in mask (docs/isa.md §3.2). Implicit LOD takes coarse
 * derivatives of the quad's coordinates; quad lanes not executing contribute their
 * registers, ended lanes 0, as for lsgpu.quad. Results land in f28..f31 only after
 * every lane sampled, so a fault leaves no partial write. */
bool
Exec::texture(Warp &w, const Inst &in, uint16_t mask, uint32_t pc)
{
   float out[kWarpWidth][4];
   auto coord = [&](unsigned lane, unsigned c) {
      return (w.live >> lane & 1) ? as_float(w.f[c][lane]) : 0.0f;
   };
   /* What every lane's request shares, set once (a warp samples ~10^7 times a frame). */
   TextureRequest req;
   req.lod_mode = lsgpu_tex_funct7_lod(in.sub);
   req.shadow = lsgpu_tex_funct7_shadow(in.sub);
   req.descriptors = env.texture_table;
   req.offset[0] = req.offset[1] = req.offset[2] = 0;
   const bool quad_lod =
      req.lod_mode == LSGPU_TEX_LOD_IMPLICIT || req.lod_mode == LSGPU_TEX_LOD_BIAS;
   const bool offsets = lsgpu_tex_funct7_offset(in.sub);
   if (quad_lod && !offsets && in.rs2 == 0 && !(mask & ~w.live) && texture_warp(w, in, mask, req))
      return true;
   unsigned quad = ~0u;
   for (uint32_t m = mask; m; m &= m - 1) {
      const unsigned l = (unsigned)__builtin_ctz(m);
      req.unit = w.x[in.rs1][l];
      req.sampler_unit = in.rs2 == 0 ? req.unit : w.x[in.rs2][l];
      if (req.unit >= LSGPU_TEX_UNITS || req.sampler_unit >= LSGPU_TEX_UNITS)
         return fail(LSGPU_FAULT_MMU, pc, l);
      for (unsigned c = 0; c < 3; c++)
         req.coord[c] = as_float(w.f[LSGPU_TEX_OPERAND_S + c][l]);
      req.ref = as_float(w.f[LSGPU_TEX_OPERAND_REF][l]);
      req.lod = as_float(w.f[LSGPU_TEX_OPERAND_LOD][l]);
      req.layer = as_float(w.f[LSGPU_TEX_OPERAND_LAYER][l]);
      if (quad_lod) {
         /* The quad's lanes share their coarse derivatives. */
         const unsigned q = l & ~3u;
         if (q != quad) {
            quad = q;
            for (unsigned c = 0; c < 3; c++) {
               req.ddx[c] = coord(q + 1, c) - coord(q, c);
               req.ddy[c] = coord(q + 2, c) - coord(q, c);
            }
         }
      } else {
         /* A fragment quad takes one LOD, from its first lane's gradients, as it does
          * from its coarse derivatives: textureGrad(p, dFdx(p), dFdy(p)) then equals
          * texture(p). Other warps have no quads: each lane its own. */
         const unsigned g = env.framebuffer ? l & ~3u : l;
         for (unsigned c = 0; c < 3; c++) {
            req.ddx[c] = as_float(w.f[LSGPU_TEX_OPERAND_DDX_S + c][g]);
            req.ddy[c] = as_float(w.f[LSGPU_TEX_OPERAND_DDY_S + c][g]);
         }
      }
      if (offsets) {
         const uint32_t packed = w.f[LSGPU_TEX_OPERAND_OFFSETS][l];
         for (unsigned c = 0; c < 3; c++)
            req.offset[c] = (int8_t)(packed >> (8 * c));
      }
      const lsgpu_fault fault = env.textures->sample(req, out[l]);
      if (fault != LSGPU_FAULT_NONE)
         return fail(fault, pc, l);
   }
   write_results(w, mask, out);
   return true;
}

/* texture()'s common case handed to the unit whole (TextureUnit::sample_warp): every
 * executing lane names one entry. False when the unit or the lanes do not allow it. */
bool
Exec::texture_warp(Warp &w, const Inst &in, uint16_t mask, const TextureRequest &shared)
{
   const unsigned unit = w.x[in.rs1][__builtin_ctz(mask)];
   TextureWarpRequest req;
   for (uint32_t m = mask; m; m &= m - 1) {
      if (w.x[in.rs1][__builtin_ctz(m)] != unit)
         return false;
   }
   if (unit >= LSGPU_TEX_UNITS)
      return false;
   req.unit = unit;
   req.descriptors = shared.descriptors;
   req.lod_mode = shared.lod_mode;
   req.shadow = shared.shadow;
   req.mask = mask;
   /* The registers' words as they are, ended lanes' coordinates 0 (+0.0f). */
   memcpy(req.s, w.f[LSGPU_TEX_OPERAND_S], sizeof(req.s));
   memcpy(req.t, w.f[LSGPU_TEX_OPERAND_T], sizeof(req.t));
   memcpy(req.bias, w.f[LSGPU_TEX_OPERAND_LOD], sizeof(req.bias));
   for (uint32_t m = (uint16_t)~w.live; m; m &= m - 1) {
      const unsigned l = (unsigned)__builtin_ctz(m);
      req.s[l] = req.t[l] = 0.0f;
   }
   float out[kWarpWidth][4];
   if (!env.textures->sample_warp(req, out))
      return false;
   write_results(w, mask, out);
   return true;
}

/* lsgpu.txf and lsgpu.imgst for the lanes in mask (docs/isa.md §3.4). As for
 * lsgpu.tex, fetched values land in f28..f31 only once every lane has fetched; a
 * faulting store ends the job with the earlier lanes' texels written (stores are not
 * undone, as a fault mid-way through a warp's global stores leaves them too). */
bool
Exec::texel(Warp &w, const Inst &in, uint16_t mask, uint32_t pc)
{
   const bool store = in.op == Op::IMGST;
   float out[kWarpWidth][4];
   for (uint32_t m = mask; m; m &= m - 1) {
      const unsigned l = (unsigned)__builtin_ctz(m);
      TexelRequest req = {};
      req.unit = w.x[in.rs1][l];
      if (req.unit >= LSGPU_TEX_UNITS)
         return fail(LSGPU_FAULT_MMU, pc, l);
      req.x = (int32_t)w.f[LSGPU_TEX_OPERAND_S][l];
      req.y = (int32_t)w.f[LSGPU_TEX_OPERAND_T][l];
      req.z = (int32_t)w.f[LSGPU_TEX_OPERAND_R][l];
      req.level = store ? 0 : (int32_t)w.f[LSGPU_TEX_OPERAND_LOD][l];
      req.sample = store ? 0 : (int32_t)w.f[LSGPU_TEX_OPERAND_REF][l];
      req.descriptors = env.texture_table;
      lsgpu_fault fault;
      if (store) {
         float rgba[4];
         for (unsigned c = 0; c < 4; c++)
            rgba[c] = as_float(w.f[LSGPU_TEX_RESULT_REG + c][l]);
         bool stored = false;
         fault = env.textures->store(req, rgba, &stored);
         image_stores += stored;
      } else {
         fault = env.textures->fetch(req, out[l]);
      }
      if (fault != LSGPU_FAULT_NONE)
         return fail(fault, pc, l);
   }
   if (!store)
      write_results(w, mask, out);
   return true;
}

/* lsgpu.fbld for the lanes in mask (docs/isa.md §3.5): like lsgpu.txf, the results land
 * once every lane has loaded. */
bool
Exec::framebuffer_load(Warp &w, const Inst &in, uint16_t mask, uint32_t pc)
{
   float out[kWarpWidth][4];
   for (uint32_t m = mask; m; m &= m - 1) {
      const unsigned l = (unsigned)__builtin_ctz(m);
      const uint32_t rt = w.x[in.rs1][l];
      if (rt >= LSGPU_MAX_RENDER_TARGETS)
         return fail(LSGPU_FAULT_MMU, pc, l);
      const lsgpu_fault fault = env.framebuffer->load(l, rt, out[l]);
      if (fault != LSGPU_FAULT_NONE)
         return fail(fault, pc, l);
   }
   write_results(w, mask, out);
   return true;
}

bool
Exec::run_warp(Warp &w)
{
   while (w.state == Warp::State::Running) {
      if (!w.live) {
         w.state = Warp::State::Done;
         break;
      }
      if (w.barrier_lanes && !(w.live & (uint16_t)~w.barrier_lanes)) {
         w.state = Warp::State::AtBarrier; /* the lanes still running have ended */
         break;
      }
      bool interpret = true;
      if (jit && !run_jit(w, &interpret))
         return false;
      if (interpret && !step(w))
         return false;
   }
   return true;
}

/* Runs the warp in the program's host code until it yields (ended, at a barrier) or
 * hands the next instruction to the interpreter (*interpret). Generated code rounds to
 * nearest, so a warp whose lanes set another dynamic rounding mode is interpreted. */
bool
Exec::run_jit(Warp &w, bool *interpret)
{
   for (unsigned l = 0; l < kWarpWidth; l++) {
      if (w.frm[l])
         return true;
   }
   JitWindows &windows = env.windows ? *env.windows : own_windows;
   JitFrame frame{env.budget, warp_insts, lane_insts, cycles, this, 0, 0, 0, windows};
   const uint32_t exit = jit(&w, &frame);
   windows = frame.windows;
   if (exit == LSGPU_JIT_FAULT) {
      /* The block's instructions up to the faulting one ran: count them as step()
       * does, and leave the lanes at the fault. */
      const uint32_t n = frame.fault_index - frame.fault_first + 1;
      frame.budget -= n;
      frame.warp_insts += n;
      frame.lane_insts += (uint64_t)n * __builtin_popcount(frame.fault_mask);
      for (uint32_t i = frame.fault_first; i <= frame.fault_index; i++)
         frame.cycles += 1 + prog.code[i].cycles;
      for (uint32_t m = frame.fault_mask; m; m &= m - 1)
         w.pc[__builtin_ctz(m)] = prog.va + 4 * frame.fault_index;
   }
   env.budget = frame.budget;
   warp_insts = frame.warp_insts;
   lane_insts = frame.lane_insts;
   cycles = frame.cycles;
   update_converged(w);
   *interpret = exit == LSGPU_JIT_INTERPRET;
   return exit != LSGPU_JIT_FAULT;
}

/* Executes one instruction other than lsgpu.barrier for the lanes in mask, which are
 * at pc; sets control when the instruction moved their PCs itself. The interpreter's
 * step() and the JIT's helper calls both come here. */
bool
Exec::execute(Warp &w, const Inst &in, uint16_t mask, uint32_t pc, bool &control)
{
   auto &x = w.x;
   auto &f = w.f;
   const unsigned rd = in.rd, rs1 = in.rs1, rs2 = in.rs2, rs3 = in.rs3;
   const int32_t imm = in.imm;

   switch (in.op) {
   case Op::ILLEGAL:
      return fail(LSGPU_FAULT_ILLEGAL_INSTRUCTION, pc, __builtin_ctz(mask));

   case Op::LUI:
      LANES(x[rd][l] = (uint32_t)imm);
      break;
   case Op::AUIPC:
      LANES(x[rd][l] = pc + (uint32_t)imm);
      break;

   case Op::JAL:
   case Op::JALR: {
      control = true;
      uint32_t target[kWarpWidth];
      LANES(target[l] = in.op == Op::JAL ? pc + (uint32_t)imm : (x[rs1][l] + (uint32_t)imm) & ~1u);
      for (uint32_t m = mask; m; m &= m - 1) {
         unsigned l = (unsigned)__builtin_ctz(m);
         if (target[l] & 3)
            return fail(LSGPU_FAULT_MISALIGNED, pc, l);
      }
      LANES(x[rd][l] = pc + 4; w.pc[l] = target[l]);
      break;
   }

#define BRANCH(cond)                                                                               \
   control = true;                                                                                 \
   LANES(w.pc[l] = (cond) ? pc + (uint32_t)imm : pc + 4);                                          \
   break
   case Op::BEQ:
      BRANCH(x[rs1][l] == x[rs2][l]);
   case Op::BNE:
      BRANCH(x[rs1][l] != x[rs2][l]);
   case Op::BLT:
      BRANCH((int32_t)x[rs1][l] < (int32_t)x[rs2][l]);
   case Op::BGE:
      BRANCH((int32_t)x[rs1][l] >= (int32_t)x[rs2][l]);
   case Op::BLTU:
      BRANCH(x[rs1][l] < x[rs2][l]);
   case Op::BGEU:
      BRANCH(x[rs1][l] >= x[rs2][l]);
#undef BRANCH

#define LOAD(type, size, dst)                                                                      \
   for (uint32_t m = mask; m; m &= m - 1) {                                                        \
      unsigned l = (unsigned)__builtin_ctz(m);                                                     \
      uint8_t *p = memory(x[rs1][l] + (uint32_t)imm, size, false, pc, l);                          \
      if (!p)                                                                                      \
         return false;                                                                             \
      type v;                                                                                      \
      memcpy(&v, p, size);                                                                         \
      dst = (uint32_t)v;                                                                           \
   }                                                                                               \
   break
   case Op::LB:
      LOAD(int8_t, 1, x[rd][l]);
   case Op::LH:
      LOAD(int16_t, 2, x[rd][l]);
   case Op::LW:
      LOAD(uint32_t, 4, x[rd][l]);
   case Op::LBU:
      LOAD(uint8_t, 1, x[rd][l]);
   case Op::LHU:
      LOAD(uint16_t, 2, x[rd][l]);
   case Op::FLW:
      LOAD(uint32_t, 4, f[rd][l]);
#undef LOAD

#define STORE(size, src)                                                                           \
   for (uint32_t m = mask; m; m &= m - 1) {                                                        \
      unsigned l = (unsigned)__builtin_ctz(m);                                                     \
      const uint32_t addr = x[rs1][l] + (uint32_t)imm;                                             \
      uint8_t *p = memory(addr, size, true, pc, l);                                                \
      if (!p)                                                                                      \
         return false;                                                                             \
      if (!(w.helper >> l & 1) || on_stack(addr, (uint64_t)addr + size)) {                         \
         uint32_t v = src;                                                                         \
         memcpy(p, &v, size);                                                                      \
      }                                                                                            \
   }                                                                                               \
   break
   case Op::SB:
      STORE(1, x[rs2][l]);
   case Op::SH:
      STORE(2, x[rs2][l]);
   case Op::SW:
      STORE(4, x[rs2][l]);
   case Op::FSW:
      STORE(4, f[rs2][l]);
#undef STORE

   case Op::ADDI:
      LANES(x[rd][l] = x[rs1][l] + (uint32_t)imm);
      break;
   case Op::SLTI:
      LANES(x[rd][l] = (int32_t)x[rs1][l] < imm);
      break;
   case Op::SLTIU:
      LANES(x[rd][l] = x[rs1][l] < (uint32_t)imm);
      break;
   case Op::XORI:
      LANES(x[rd][l] = x[rs1][l] ^ (uint32_t)imm);
      break;
   case Op::ORI:
      LANES(x[rd][l] = x[rs1][l] | (uint32_t)imm);
      break;
   case Op::ANDI:
      LANES(x[rd][l] = x[rs1][l] & (uint32_t)imm);
      break;
   case Op::SLLI:
      LANES(x[rd][l] = x[rs1][l] << imm);
      break;
   case Op::SRLI:
      LANES(x[rd][l] = x[rs1][l] >> imm);
      break;
   case Op::SRAI:
      LANES(x[rd][l] = (uint32_t)((int32_t)x[rs1][l] >> imm));
      break;
   case Op::ADD:
      LANES(x[rd][l] = x[rs1][l] + x[rs2][l]);
      break;
   case Op::SUB:
      LANES(x[rd][l] = x[rs1][l] - x[rs2][l]);
      break;
   case Op::SLL:
      LANES(x[rd][l] = x[rs1][l] << (x[rs2][l] & 31));
      break;
   case Op::SLT:
      LANES(x[rd][l] = (int32_t)x[rs1][l] < (int32_t)x[rs2][l]);
      break;
   case Op::SLTU:
      LANES(x[rd][l] = x[rs1][l] < x[rs2][l]);
      break;
   case Op::XOR:
      LANES(x[rd][l] = x[rs1][l] ^ x[rs2][l]);
      break;
   case Op::SRL:
      LANES(x[rd][l] = x[rs1][l] >> (x[rs2][l] & 31));
      break;
   case Op::SRA:
      LANES(x[rd][l] = (uint32_t)((int32_t)x[rs1][l] >> (x[rs2][l] & 31)));
      break;
   case Op::OR:
      LANES(x[rd][l] = x[rs1][l] | x[rs2][l]);
      break;
   case Op::AND:
      LANES(x[rd][l] = x[rs1][l] & x[rs2][l]);
      break;
   case Op::FENCE:
      break;

   case Op::MUL:
      LANES(x[rd][l] = x[rs1][l] * x[rs2][l]);
      break;
   case Op::MULH:
      LANES(x[rd][l] = (uint32_t)(((int64_t)(int32_t)x[rs1][l] * (int32_t)x[rs2][l]) >> 32));
      break;
   case Op::MULHSU:
      LANES(x[rd][l] = (uint32_t)(((int64_t)(int32_t)x[rs1][l] * (int64_t)x[rs2][l]) >> 32));
      break;
   case Op::MULHU:
      LANES(x[rd][l] = (uint32_t)(((uint64_t)x[rs1][l] * x[rs2][l]) >> 32));
      break;
   case Op::DIV:
      LANES({
         int32_t a = (int32_t)x[rs1][l], b = (int32_t)x[rs2][l];
         x[rd][l] = b == 0                        ? UINT32_MAX
                    : (a == INT32_MIN && b == -1) ? (uint32_t)a
                                                  : (uint32_t)(a / b);
      });
      break;
   case Op::DIVU:
      LANES(x[rd][l] = x[rs2][l] == 0 ? UINT32_MAX : x[rs1][l] / x[rs2][l]);
      break;
   case Op::REM:
      LANES({
         int32_t a = (int32_t)x[rs1][l], b = (int32_t)x[rs2][l];
         x[rd][l] = b == 0 ? (uint32_t)a : (a == INT32_MIN && b == -1) ? 0 : (uint32_t)(a % b);
      });
      break;
   case Op::REMU:
      LANES(x[rd][l] = x[rs2][l] == 0 ? x[rs1][l] : x[rs1][l] % x[rs2][l]);
      break;

   case Op::LR_W:
   case Op::SC_W:
   case Op::AMOSWAP:
   case Op::AMOADD:
   case Op::AMOXOR:
   case Op::AMOAND:
   case Op::AMOOR:
   case Op::AMOMIN:
   case Op::AMOMAX:
   case Op::AMOMINU:
   case Op::AMOMAXU:
      /* Lanes perform their atomics one after another, in lane order. */
      for (uint32_t m = mask; m; m &= m - 1) {
         unsigned l = (unsigned)__builtin_ctz(m);
         const uint32_t addr = x[rs1][l];
         uint8_t *p = memory(addr, 4, in.op != Op::LR_W, pc, l);
         if (!p)
            return false;
         const bool helper = w.helper >> l & 1;
         uint32_t old;
         memcpy(&old, p, 4);
         const uint32_t src = x[rs2][l];
         if (in.op == Op::LR_W) {
            w.reservation[l] = addr;
            w.reserved_value[l] = old;
            w.reservation_valid |= (uint16_t)(1u << l);
            x[rd][l] = old;
            continue;
         }
         if (in.op == Op::SC_W) {
            bool ok = (w.reservation_valid >> l & 1) && w.reservation[l] == addr &&
                      w.reserved_value[l] == old && !helper;
            w.reservation_valid &= (uint16_t) ~(1u << l);
            if (ok)
               memcpy(p, &src, 4);
            x[rd][l] = ok ? 0 : 1;
            continue;
         }
         uint32_t v = src;
         switch (in.op) {
         case Op::AMOADD:
            v = old + src;
            break;
         case Op::AMOXOR:
            v = old ^ src;
            break;
         case Op::AMOAND:
            v = old & src;
            break;
         case Op::AMOOR:
            v = old | src;
            break;
         case Op::AMOMIN:
            v = (int32_t)old < (int32_t)src ? old : src;
            break;
         case Op::AMOMAX:
            v = (int32_t)old > (int32_t)src ? old : src;
            break;
         case Op::AMOMINU:
            v = old < src ? old : src;
            break;
         case Op::AMOMAXU:
            v = old > src ? old : src;
            break;
         default:
            break;
         }
         if (helper) {
            x[rd][l] = 0; /* helper atomics do nothing and return 0 (docs/isa.md §2) */
            continue;
         }
         memcpy(p, &v, 4);
         x[rd][l] = old;
      }
      break;

   case Op::CSRRW:
   case Op::CSRRS:
   case Op::CSRRC:
   case Op::CSRRWI:
   case Op::CSRRSI:
   case Op::CSRRCI:
      LANES({
         /* fflags are not tracked (optional, docs/isa.md §1): they read 0. */
         const uint32_t old = in.sub == 1 ? 0 : in.sub == 2 ? w.frm[l] : (uint32_t)w.frm[l] << 5;
         const bool imm_form = in.op >= Op::CSRRWI;
         const uint32_t src = imm_form ? (uint32_t)imm : x[rs1][l];
         uint32_t v = old;
         const Op base = imm_form ? (Op)((int)in.op - 3) : in.op;
         if (base == Op::CSRRW)
            v = src;
         else if (base == Op::CSRRS)
            v = old | src;
         else
            v = old & ~src;
         if (in.sub == 2)
            w.frm[l] = (uint8_t)(v & 7);
         else if (in.sub == 3)
            w.frm[l] = (uint8_t)((v >> 5) & 7);
         x[rd][l] = old;
      });
      break;

#define FARITH(expr)                                                                               \
   LANES({                                                                                         \
      const uint32_t rm = in.rm == 7 ? w.frm[l] : in.rm;                                           \
      const float a = as_float(f[rs1][l]), b = as_float(f[rs2][l]), c = as_float(f[rs3][l]);       \
      (void)b;                                                                                     \
      (void)c;                                                                                     \
      if (rm == 0 || rm == 4) {                                                                    \
         f[rd][l] = canon(expr);                                                                   \
      } else {                                                                                     \
         std::fesetround(host_round(rm));                                                          \
         f[rd][l] = canon(expr);                                                                   \
         std::fesetround(FE_TONEAREST);                                                            \
      }                                                                                            \
   });                                                                                             \
   break
   case Op::FADD:
      FARITH(a + b);
   case Op::FSUB:
      FARITH(a - b);
   case Op::FMUL:
      FARITH(a * b);
   case Op::FDIV:
      FARITH(a / b);
   case Op::FSQRT:
      FARITH(std::sqrt(a));
   case Op::FMADD:
      FARITH(std::fma(a, b, c));
   case Op::FMSUB:
      FARITH(std::fma(a, b, -c));
   case Op::FNMSUB:
      FARITH(std::fma(-a, b, c));
   case Op::FNMADD:
      FARITH(std::fma(-a, b, -c));
#undef FARITH

   case Op::FSGNJ:
      LANES(f[rd][l] = (f[rs1][l] & 0x7fffffffu) | (f[rs2][l] & 0x80000000u));
      break;
   case Op::FSGNJN:
      LANES(f[rd][l] = (f[rs1][l] & 0x7fffffffu) | (~f[rs2][l] & 0x80000000u));
      break;
   case Op::FSGNJX:
      LANES(f[rd][l] = f[rs1][l] ^ (f[rs2][l] & 0x80000000u));
      break;
   case Op::FMIN:
      LANES(f[rd][l] = fmin_max(f[rs1][l], f[rs2][l], false));
      break;
   case Op::FMAX:
      LANES(f[rd][l] = fmin_max(f[rs1][l], f[rs2][l], true));
      break;
   case Op::FCVT_W_S:
      LANES({
         const uint32_t rm = in.rm == 7 ? w.frm[l] : in.rm;
         const float v = as_float(f[rs1][l]);
         if (std::isnan(v)) {
            x[rd][l] = INT32_MAX;
         } else {
            const float r = round_to_int(v, rm);
            x[rd][l] = r >= 2147483648.0f   ? (uint32_t)INT32_MAX
                       : r < -2147483648.0f ? (uint32_t)INT32_MIN
                                            : (uint32_t)(int32_t)r;
         }
      });
      break;
   case Op::FCVT_WU_S:
      LANES({
         const uint32_t rm = in.rm == 7 ? w.frm[l] : in.rm;
         const float v = as_float(f[rs1][l]);
         if (std::isnan(v)) {
            x[rd][l] = UINT32_MAX;
         } else {
            const float r = round_to_int(v, rm);
            x[rd][l] = r >= 4294967296.0f ? UINT32_MAX : r <= 0.0f ? 0 : (uint32_t)r;
         }
      });
      break;
   case Op::FMV_X_W:
      LANES(x[rd][l] = f[rs1][l]);
      break;
   case Op::FMV_W_X:
      LANES(f[rd][l] = x[rs1][l]);
      break;
   case Op::FEQ:
      LANES(x[rd][l] = as_float(f[rs1][l]) == as_float(f[rs2][l]));
      break;
   case Op::FLT:
      LANES(x[rd][l] = as_float(f[rs1][l]) < as_float(f[rs2][l]));
      break;
   case Op::FLE:
      LANES(x[rd][l] = as_float(f[rs1][l]) <= as_float(f[rs2][l]));
      break;
   case Op::FCLASS:
      LANES(x[rd][l] = fclass(f[rs1][l]));
      break;
   case Op::FCVT_S_W:
   case Op::FCVT_S_WU:
      LANES({
         const uint32_t rm = in.rm == 7 ? w.frm[l] : in.rm;
         if (rm != 0 && rm != 4)
            std::fesetround(host_round(rm));
         const float v = in.op == Op::FCVT_S_W ? (float)(int32_t)x[rs1][l] : (float)x[rs1][l];
         if (rm != 0 && rm != 4)
            std::fesetround(FE_TONEAREST);
         f[rd][l] = as_bits(v);
      });
      break;

   case Op::SYSVAL:
      if (in.sub == LSGPU_SYSVAL_LANE)
         LANES(x[rd][l] = l);
      else if (in.sub == LSGPU_SYSVAL_HELPER)
         LANES(x[rd][l] = w.helper >> l & 1);
      else
         LANES(x[rd][l] = w.sysval[in.sub][l]);
      break;

   case Op::FUNARY:
      LANES({
         const float v = as_float(f[rs1][l]);
         float r;
         switch (in.sub) {
         case LSGPU_FUNARY_FLOOR:
            r = std::floor(v);
            break;
         case LSGPU_FUNARY_CEIL:
            r = std::ceil(v);
            break;
         case LSGPU_FUNARY_TRUNC:
            r = std::trunc(v);
            break;
         case LSGPU_FUNARY_ROUNDEVEN:
            r = std::nearbyint(v);
            break;
         case LSGPU_FUNARY_FRACT:
            r = v - std::floor(v);
            if (r >= 1.0f)
               r = 0x1.fffffep-1f;
            break;
         case LSGPU_FUNARY_RCP:
            r = 1.0f / v;
            break;
         case LSGPU_FUNARY_RSQRT:
            r = 1.0f / std::sqrt(v);
            break;
         case LSGPU_FUNARY_EXP2:
            r = std::exp2(v);
            break;
         case LSGPU_FUNARY_LOG2:
            r = std::log2(v);
            break;
         case LSGPU_FUNARY_SIN:
            r = std::sin(v);
            break;
         default:
            r = std::cos(v);
            break;
         }
         f[rd][l] = canon(r);
      });
      break;

   case Op::QUAD: {
      /* Read every source first: rd may be rs1. Lanes that ended contribute 0. */
      uint32_t src[kWarpWidth];
      for (unsigned l = 0; l < kWarpWidth; l++)
         src[l] = (w.live >> l & 1) ? f[rs1][l] : 0;
      LANES({
         const unsigned q = l & ~3u, c = l & 1, r = (l >> 1) & 1;
         auto v = [&](unsigned col, unsigned row) { return as_float(src[q + col + 2 * row]); };
         uint32_t out;
         switch (in.sub) {
         case LSGPU_QUAD_DDX_FINE:
            out = canon(v(1, r) - v(0, r));
            break;
         case LSGPU_QUAD_DDY_FINE:
            out = canon(v(c, 1) - v(c, 0));
            break;
         case LSGPU_QUAD_DDX_COARSE:
            out = canon(v(1, 0) - v(0, 0));
            break;
         case LSGPU_QUAD_DDY_COARSE:
            out = canon(v(0, 1) - v(0, 0));
            break;
         case LSGPU_QUAD_SWAPX:
            out = src[l ^ 1];
            break;
         case LSGPU_QUAD_SWAPY:
            out = src[l ^ 2];
            break;
         case LSGPU_QUAD_SWAPDIAG:
            out = src[l ^ 3];
            break;
         default:
            out = src[q + (x[rs2][l] & 3)];
            break;
         }
         f[rd][l] = out;
      });
      break;
   }

   case Op::DEMOTE:
      w.helper |= mask;
      break;
   case Op::TERMINATE:
      control = true;
      w.killed |= mask;
      w.live &= (uint16_t)~mask;
      break;
   case Op::BARRIER: /* step() runs it: it parks the lanes instead of moving them on */
      return fail(LSGPU_FAULT_ILLEGAL_INSTRUCTION, pc, __builtin_ctz(mask));

   case Op::TEX:
      tex++;
      if (!env.textures)
         return fail(LSGPU_FAULT_ILLEGAL_INSTRUCTION, pc, __builtin_ctz(mask));
      if (!texture(w, in, mask, pc))
         return false;
      break;
   case Op::TXF:
   case Op::IMGST:
      tex += in.op == Op::TXF;
      if (!env.textures)
         return fail(LSGPU_FAULT_ILLEGAL_INSTRUCTION, pc, __builtin_ctz(mask));
      if (!texel(w, in, mask, pc))
         return false;
      break;
   case Op::FBLD:
      tex++;
      if (!env.framebuffer)
         return fail(LSGPU_FAULT_ILLEGAL_INSTRUCTION, pc, __builtin_ctz(mask));
      if (!framebuffer_load(w, in, mask, pc))
         return false;
      break;
   }
   return true;
}

/* Executes one instruction for the lanes at the warp's lowest PC. */
bool
Exec::step(Warp &w)
{
   uint32_t pc;
   uint16_t mask;
   /* Lanes parked at a barrier wait for the rest of the warp (and workgroup). */
   const uint16_t runnable = w.live & (uint16_t)~w.barrier_lanes;
   if (w.converged) {
      pc = w.pc[__builtin_ctz(w.live)];
      mask = w.live;
   } else {
      pc = UINT32_MAX;
      for (uint32_t m = runnable; m; m &= m - 1)
         pc = std::min(pc, w.pc[__builtin_ctz(m)]);
      mask = 0;
      for (uint32_t m = runnable; m; m &= m - 1) {
         unsigned l = (unsigned)__builtin_ctz(m);
         mask |= (uint16_t)((w.pc[l] == pc) << l);
      }
   }

   if (--env.budget < 0 || watchdog_fires(warp_insts, cycles))
      return fail(LSGPU_FAULT_TIMEOUT, pc, __builtin_ctz(mask));
   const uint32_t index = (pc - prog.va) / 4;
   if (pc < prog.va || index >= prog.code.size())
      return fail(LSGPU_FAULT_MMU, pc, __builtin_ctz(mask));
   const Inst &in = prog.code[index];

   warp_insts++;
   lane_insts += (uint64_t)__builtin_popcount(mask);
   cycles += 1 + in.cycles; /* the timing model, decoded with the instruction */

   if (in.op == Op::BARRIER) {
      /* The lanes wait here; once every live lane of the warp has arrived (lanes of a
       * divergent branch arrive one group after another), the warp waits for the
       * workgroup and shader_run() moves them all on. */
      w.barrier_lanes |= mask;
      w.converged = false;
      if (!(w.live & (uint16_t)~w.barrier_lanes))
         w.state = Warp::State::AtBarrier;
      return true;
   }
   bool control = false; /* the instruction set the PCs itself */
   if (!execute(w, in, mask, pc, control))
      return false;

   if (!control) {
      LANES(w.pc[l] = pc + 4);
      if (w.converged)
         return true;
   } else {
      /* Lanes that jumped to address 0 have ended. */
      for (uint32_t m = mask & w.live; m; m &= m - 1) {
         unsigned l = (unsigned)__builtin_ctz(m);
         if (w.pc[l] == 0)
            w.live &= (uint16_t) ~(1u << l);
      }
   }
   update_converged(w);
   return true;
}

/* The interpreter's entry points for generated code (shader_jit.h). */
uint32_t
jit_execute(void *exec, Warp *w, uint32_t index, uint32_t mask)
{
   Exec &ex = *static_cast<Exec *>(exec);
   bool control = false;
   return ex.execute(*w, ex.prog.code[index], (uint16_t)mask, ex.prog.va + 4 * index, control);
}

/* Whether step()'s clock check, made before each instruction whose count is a multiple
 * of 1024, would pass at every such instruction of the block. */
uint32_t
jit_watchdog(void *exec, uint32_t first, uint32_t n, uint64_t warp_insts, uint64_t cycles)
{
   Exec &ex = *static_cast<Exec *>(exec);
   if (!ex.env.clock)
      return 1;
   /* Only the instructions at multiples of 1024 are checked: go straight to them (a
    * warp's first block starts at one, and walking the whole block for it was 3 % of a
    * mesh's replay), adding the cycles of the instructions before each. */
   uint32_t counted = 0;
   for (uint64_t j = (0 - warp_insts) & 1023; j < n; j += 1024) {
      for (; counted < j; counted++)
         cycles += 1 + ex.prog.code[first + counted].cycles;
      if (ex.watchdog_fires(warp_insts + j, cycles))
         return 0;
   }
   return 1;
}

void
jit_fail(void *exec, uint32_t fault, uint32_t pc, uint32_t lane)
{
   static_cast<Exec *>(exec)->fail((lsgpu_fault)fault, pc, lane);
}

/* What generated code needs to reach a word of the mapping behind entry itself. */
JitWindow
window(const Exec::TlbEntry &entry)
{
   return {entry.va, entry.size - 3, (uint64_t)(uintptr_t)entry.host - entry.va};
}

/* A load or store of the warp: when every lane's access is aligned and one mapping (or
 * shared memory) holds them all, they need no translation each, and a uniform address
 * (a shader's constants) is read once; anything else (a fault to find, the robustness
 * sink) goes lane by lane through execute(). */
uint32_t
jit_access(void *exec, Warp *w, uint32_t index, uint32_t mask, uint32_t lo, uint32_t hi,
           JitFrame *frame)
{
   Exec &ex = *static_cast<Exec *>(exec);
   const Inst &in = ex.prog.code[index];
   const bool store = is_store(in.op);
   const uint32_t size = memory_access_size(in.op);
   Exec::TlbEntry entry;
   const uint64_t base = mask && lo <= hi ? ex.span(lo, (uint64_t)hi + size, store, &entry) : 0;
   if (!base) {
      bool control = false;
      return ex.execute(*w, in, (uint16_t)mask, ex.prog.va + 4 * index, control);
   }
   /* Read once: the stores below go to BO memory, which never holds the warp or the
    * instruction, but the compiler cannot know that and would reload them per lane. */
   const uint32_t *const addr = w->x[in.rs1];
   const uint64_t at = base + (uint32_t)in.imm;
   auto host = [addr, at](unsigned l) { return (uint8_t *)(uintptr_t)(at + addr[l]); };
   if (store) {
      const uint32_t(&src)[kWarpWidth] = in.op == Op::FSW ? w->f[in.rs2] : w->x[in.rs2];
      /* Helper lanes' stores drop, but for those to their own stacks. */
      const uint32_t lanes =
         ex.on_stack(lo, (uint64_t)hi + size) ? mask : mask & ~(uint32_t)w->helper;
      if (lo == hi) {
         /* One address: the last lane's store is the one that stays. */
         if (lanes)
            memcpy(host(31 - __builtin_clz(lanes)), &src[31 - __builtin_clz(lanes)], size);
         return 1;
      }
      if (size == 4) {
         /* Words (almost every store: outputs, spills), with a constant-size copy. The
          * next ones into this mapping need no call where helper lanes' stores drop
          * in all of it. */
         if (entry.size >= 4 && !ex.overlaps_stack(entry.va, entry.va + entry.size))
            frame->windows.store = window(entry);
         for (uint32_t m = lanes; m; m &= m - 1) {
            const unsigned l = (unsigned)__builtin_ctz(m);
            memcpy(host(l), &src[l], 4);
         }
         return 1;
      }
      for (uint32_t m = lanes; m; m &= m - 1) {
         const unsigned l = (unsigned)__builtin_ctz(m);
         memcpy(host(l), &src[l], size);
      }
      return 1;
   }
   auto load = [&](const uint8_t *p) -> uint32_t {
      switch (in.op) {
      case Op::LB:
         return (uint32_t)(int32_t) * (const int8_t *)p;
      case Op::LBU:
         return *p;
      case Op::LH: {
         int16_t h;
         memcpy(&h, p, 2);
         return (uint32_t)(int32_t)h;
      }
      case Op::LHU: {
         uint16_t h;
         memcpy(&h, p, 2);
         return h;
      }
      default: {
         uint32_t v;
         memcpy(&v, p, 4);
         return v;
      }
      }
   };
   uint32_t(&dst)[kWarpWidth] = in.op == Op::FLW ? w->f[in.rd] : w->x[in.rd];
   if (size == 4 && entry.size >= 4) {
      /* The next word loads of this kind within this mapping need no call. */
      (lo == hi ? frame->windows.uniform : frame->windows.load) = window(entry);
   }
   if (lo == hi) {
      /* Four-lane selects rather than a loop over the mask's bits: uniform loads (a
       * shader's constants) are most of a vertex shader's loads. */
      typedef uint32_t Lanes4 __attribute__((vector_size(16)));
      const uint32_t v = load(host(__builtin_ctz(mask)));
      if (mask == (1u << kWarpWidth) - 1) {
         for (unsigned l = 0; l < kWarpWidth; l++)
            dst[l] = v;
         return 1;
      }
      const Lanes4 value = {v, v, v, v}, bits = {1, 2, 4, 8};
#pragma GCC unroll 4
      for (unsigned l = 0; l < kWarpWidth; l += 4) {
         const uint32_t m4 = mask >> l & 0xfu;
         const Lanes4 sel = (Lanes4{m4, m4, m4, m4} & bits) != 0;
         Lanes4 d;
         memcpy(&d, &dst[l], sizeof(d));
         d = (value & sel) | (d & ~sel);
         memcpy(&dst[l], &d, sizeof(d));
      }
      return 1;
   }
   if (in.op == Op::LW || in.op == Op::FLW) {
      for (uint32_t m = mask; m; m &= m - 1) {
         const unsigned l = (unsigned)__builtin_ctz(m);
         memcpy(&dst[l], host(l), 4);
      }
      return 1;
   }
   for (uint32_t m = mask; m; m &= m - 1) {
      const unsigned l = (unsigned)__builtin_ctz(m);
      dst[l] = load(host(l));
   }
   return 1;
}

const JitHelpers kJitHelpers = {jit_execute, jit_watchdog, jit_fail, jit_access};

} // namespace

void
Warp::reset(const RegisterUse &use)
{
   /* A field added to Warp must be reset here as well. */
   static_assert(sizeof(Warp) == sizeof(x) + sizeof(f) + sizeof(pc) + sizeof(sysval) + sizeof(frm) +
                                    sizeof(reservation) + sizeof(reserved_value) +
                                    5 * sizeof(uint16_t) + sizeof(converged) + sizeof(state),
                 "Warp::reset covers every field");
   for (uint64_t m = use.x & ((1ull << (kRegSink + 1)) - 1); m; m &= m - 1)
      memset(x[__builtin_ctzll(m)], 0, sizeof(x[0]));
   for (uint32_t m = use.f; m; m &= m - 1)
      memset(f[__builtin_ctz(m)], 0, sizeof(f[0]));
   for (uint32_t m = use.sysval & ((1ull << LSGPU_SYSVAL_COUNT) - 1); m; m &= m - 1)
      memset(sysval[__builtin_ctz(m)], 0, sizeof(sysval[0]));
   memset(pc, 0, sizeof(pc));
   memset(frm, 0, sizeof(frm));
   memset(reservation, 0, sizeof(reservation));
   memset(reserved_value, 0, sizeof(reserved_value));
   reservation_valid = live = helper = killed = barrier_lanes = 0;
   converged = true;
   state = State::Running;
}

void
Warp::start(uint32_t entry_pc, uint16_t lanes)
{
   live = lanes;
   helper = 0;
   converged = true;
   state = State::Running;
   for (unsigned l = 0; l < kWarpWidth; l++) {
      pc[l] = entry_pc;
      x[1][l] = 0; /* ra: returning ends the lane */
   }
}

lsgpu_fault
shader_program_load(const AddressSpace &as, uint64_t va, uint32_t size, ShaderProgram *out)
{
   if ((va & 3) || (size & 3) || size == 0 || va + size > (1ull << 32))
      return LSGPU_FAULT_MISALIGNED;
   AddressSpace::Access a = as.translate(va, size, false);
   if (!a.host)
      return a.fault;
   out->va = (uint32_t)va;
   out->code.resize(size / 4);
   std::vector<uint32_t> words(size / 4);
   memcpy(words.data(), a.host, size);
   for (uint32_t i = 0; i < size / 4; i++)
      out->code[i] = decode_instruction(words[i]);
   out->use = register_use(out->code);
   out->jit = shader_jit_lookup(out->va, words);
   return LSGPU_FAULT_NONE;
}

namespace
{

/* Sets the host's flush-to-zero and denormals-are-zero modes for a scope. */
class DenormalMode
{
 public:
   explicit DenormalMode(bool flush)
   {
#if defined(__SSE__)
      saved_ = _mm_getcsr();
      const unsigned bits = _MM_FLUSH_ZERO_ON | 0x0040u; /* FTZ, DAZ */
      _mm_setcsr(flush ? saved_ | bits : saved_ & ~bits);
#else
      static_assert(sizeof(void *) == 0, "the shader core's denormal modes need x86's MXCSR");
      (void)flush;
#endif
   }
   ~DenormalMode()
   {
#if defined(__SSE__)
      _mm_setcsr(saved_);
#endif
   }
   DenormalMode(const DenormalMode &) = delete;
   DenormalMode &operator=(const DenormalMode &) = delete;

 private:
   unsigned saved_ = 0;
};

} // namespace

ShaderResult
shader_run(const ShaderProgram &program, std::vector<Warp> &warps, ShaderEnv &env)
{
   /* Denormal flushing is the host's: the instructions run as host float operations,
    * and x86's FTZ and DAZ give exactly "read as zero, written as zero" (fesetround
    * leaves both bits alone). The texture unit, called from the warp, flushes too. */
   DenormalMode denormals(env.flush_denorms);
   Exec ex(program, env);
   if (program.jit)
      ex.jit = program.jit->prepare(program, kJitHelpers, env.jit);
   for (;;) {
      for (Warp &w : warps) {
         if (!ex.run_warp(w))
            goto done;
      }
      /* Every warp ended or waits at a barrier: release the barrier. */
      bool any = false;
      for (Warp &w : warps) {
         if (w.state != Warp::State::AtBarrier)
            continue;
         any = true;
         for (uint32_t m = w.barrier_lanes & w.live; m; m &= m - 1)
            w.pc[__builtin_ctz(m)] += 4;
         w.barrier_lanes = 0;
         w.state = Warp::State::Running;
         w.converged = false; /* recomputed after the next instruction */
      }
      if (!any)
         break;
   }
done:
   if (program.jit && !ex.jit)
      program.jit->interpreted(ex.warp_insts);
   env.counters.warp_instructions += ex.warp_insts;
   env.counters.lane_instructions += ex.lane_insts;
   env.counters.shader_cycles += ex.cycles;
   if (env.clock)
      env.clock->charge_shader(ex.cycles);
   env.counters.texture_requests += ex.tex;
   env.counters.image_stores += ex.image_stores;
   env.counters.robust_accesses += ex.robust;
   return ex.result;
}

} // namespace lsgpu::sim
