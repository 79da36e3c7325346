/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_DEBUG_H
#define LSGPU_DEBUG_H

#include <stdint.h>

/* LSGPU_DEBUG flags; LSGPU_DEBUG=help lists them. */
enum lsgpu_debug_flag {
   LSGPU_DBG_CMDSTREAM = 1u << 0, /* print every submitted command stream */
   LSGPU_DBG_SYNC = 1u << 1,      /* wait for each job right after submitting it */
   LSGPU_DBG_PERF = 1u << 2,      /* report slow paths and unimplemented work */
   LSGPU_DBG_NIR = 1u << 3,       /* print NIR as the compiler hands it to LLVM */
   LSGPU_DBG_LLVM = 1u << 4,      /* print optimised LLVM IR */
   LSGPU_DBG_ASM = 1u << 5,       /* print the disassembly of every binary */
   LSGPU_DBG_SHADERDB = 1u << 6,  /* shader-db statistics for every compiled shader */
};

extern uint32_t lsgpu_debug;

void lsgpu_debug_init(void);

#define lsgpu_perf_warn(...)                                                                       \
   do {                                                                                            \
      if (lsgpu_debug & LSGPU_DBG_PERF)                                                            \
         mesa_logw("lsgpu: " __VA_ARGS__);                                                         \
   } while (0)

#endif
