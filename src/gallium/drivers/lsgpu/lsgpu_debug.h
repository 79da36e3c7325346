/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_DEBUG_H
#define LSGPU_DEBUG_H

#include <stdint.h>

/* LSGPU_DEBUG flags; LSGPU_DEBUG=help lists them. */
enum lsgpu_debug_flag {
   LSGPU_DBG_CMDSTREAM = 1u << 0, /* print every submitted command stream */
   LSGPU_DBG_SYNC = 1u << 1,      /* wait for each job right after submitting it */
   LSGPU_DBG_PERF = 1u << 2,      /* report slow paths and unimplemented work */
};

extern uint32_t lsgpu_debug;

void lsgpu_debug_init(void);

#define lsgpu_perf_warn(...)                                                                       \
   do {                                                                                            \
      if (lsgpu_debug & LSGPU_DBG_PERF)                                                            \
         mesa_logw("lsgpu: " __VA_ARGS__);                                                         \
   } while (0)

#endif
