/* SPDX-License-Identifier: MIT */
#include "lsgpu_debug.h"

#include "util/u_debug.h"

uint32_t lsgpu_debug;

static const struct debug_named_value lsgpu_debug_options[] = {
   {"cmdstream", LSGPU_DBG_CMDSTREAM, "Print every submitted command stream"},
   {"sync", LSGPU_DBG_SYNC, "Wait for each job after submitting it"},
   {"perf", LSGPU_DBG_PERF, "Report slow paths and work the driver cannot do yet"},
   {"nir", LSGPU_DBG_NIR, "Print NIR as the compiler hands it to LLVM"},
   {"llvm", LSGPU_DBG_LLVM, "Print the optimised LLVM IR of every shader"},
   {"asm", LSGPU_DBG_ASM, "Print the disassembly of every shader binary"},
   {"shaderdb", LSGPU_DBG_SHADERDB, "Print shader-db statistics for every compiled shader"},
   DEBUG_NAMED_VALUE_END,
};

DEBUG_GET_ONCE_FLAGS_OPTION(lsgpu_debug_flags, "LSGPU_DEBUG", lsgpu_debug_options, 0)

void
lsgpu_debug_init(void)
{
   lsgpu_debug = (uint32_t)debug_get_option_lsgpu_debug_flags();
}
