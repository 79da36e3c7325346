/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_COMPARE_FUNC_H
#define LSGPU_SIM_COMPARE_FUNC_H

#include <cstdint>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

/* "a func b" for a FUNC value (depth, stencil and shadow compare share GL's order). */
template <typename T>
inline bool
compare_func(uint32_t func, T a, T b)
{
   switch (func) {
   case LSGPU_FUNC_NEVER:
      return false;
   case LSGPU_FUNC_LESS:
      return a < b;
   case LSGPU_FUNC_EQUAL:
      return a == b;
   case LSGPU_FUNC_LEQUAL:
      return a <= b;
   case LSGPU_FUNC_GREATER:
      return a > b;
   case LSGPU_FUNC_NOTEQUAL:
      return a != b;
   case LSGPU_FUNC_GEQUAL:
      return a >= b;
   default:
      return true;
   }
}

} // namespace lsgpu::sim

#endif
