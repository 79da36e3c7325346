/* SPDX-License-Identifier: MIT */
#include "gpu/shader/shader_locality.h"

#include <cstdint>
#include <vector>

namespace lsgpu::sim
{

namespace
{

using RegSet = uint64_t; /* bit r: x_r holds a core-local pointer */

bool
has(RegSet s, unsigned r)
{
   return (s >> r & 1) != 0;
}

/* The set after instruction i runs with set s before it. */
RegSet
transfer(const Inst &i, RegSet s)
{
   if (!writes_x_register(i.op) || i.rd == kRegSink)
      return s;
   const bool offset = (i.op == Op::ADDI && has(s, i.rs1)) ||
                       (i.op == Op::ADD && (has(s, i.rs1) || has(s, i.rs2))) ||
                       (i.op == Op::SUB && has(s, i.rs1));
   return offset ? s | 1ull << i.rd : s & ~(1ull << i.rd);
}

bool
writes_memory_elsewhere(const Inst &i, RegSet before)
{
   if (i.op == Op::IMGST || i.op == Op::LR_W || i.op == Op::SC_W ||
       (i.op >= Op::AMOSWAP && i.op <= Op::AMOMAXU))
      return true;
   return is_store(i.op) && !has(before, i.rs1);
}

} // namespace

bool
shader_stores_stay_local(const ShaderProgram &program)
{
   const std::vector<Inst> &code = program.code;
   const size_t n = code.size();
   RegSet entry = ~0ull & ~(1ull << kRegZero);
   for (unsigned r = LSGPU_ABI_REG_CONSTANTS; r <= LSGPU_ABI_REG_SHARED_MEMORY; r++)
      entry &= ~(1ull << r);
   /* before[i]: the registers that hold a local pointer on every path to i (all of
    * them where no path has reached yet). */
   std::vector<RegSet> before(n, ~0ull);
   std::vector<bool> reached(n, false), queued(n, false);
   std::vector<size_t> work;
   auto reach = [&](int64_t target, RegSet s) {
      if (target < 0 || (size_t)target >= n)
         return; /* leaves the program: the core faults the lane */
      const RegSet merged = reached[target] ? before[target] & s : s;
      if (reached[target] && merged == before[target])
         return;
      before[target] = merged;
      reached[target] = true;
      if (!queued[target]) {
         queued[target] = true;
         work.push_back((size_t)target);
      }
   };
   reach(0, entry);
   while (!work.empty()) {
      const size_t i = work.back();
      work.pop_back();
      queued[i] = false;
      const Inst &in = code[i];
      if ((in.op == Op::JAL || in.op == Op::JALR) && in.rd != kRegSink)
         return false; /* a call: not followed */
      if ((in.op == Op::JALR && in.rs1 != LSGPU_ABI_REG_RA && in.rs1 != kRegZero) ||
          (writes_x_register(in.op) && in.rd == LSGPU_ABI_REG_RA))
         return false; /* a jump to a computed address: not followed */
      const RegSet after = transfer(in, before[i]);
      if (in.op == Op::JAL) {
         reach((int64_t)i + in.imm / 4, after);
      } else if (in.op == Op::JALR || in.op == Op::TERMINATE) {
         /* jr zero, or ret with ra still 0: the lane ends */
      } else {
         reach((int64_t)i + 1, after);
         if (is_branch(in.op))
            reach((int64_t)i + in.imm / 4, after);
      }
   }
   for (size_t i = 0; i < n; i++)
      if (reached[i] && writes_memory_elsewhere(code[i], before[i]))
         return false;
   return true;
}

} // namespace lsgpu::sim
