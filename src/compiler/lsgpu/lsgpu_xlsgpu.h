/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_XLSGPU_H
#define LSGPU_XLSGPU_H

/* Xlsgpu encodings (docs/isa.md §3), shared by the LLVM IR emitter (inline asm) and the
 * disassembler. */

#include <stdint.h>

#define LSGPU_OPCODE_CUSTOM0 0x0b
#define LSGPU_OPCODE_CUSTOM1 0x2b

enum lsgpu_xfunct3 {
   LSGPU_X_SYSVAL = 0,
   LSGPU_X_FUNARY = 1,
   LSGPU_X_QUAD = 2,
   LSGPU_X_CONTROL = 3,
};

enum lsgpu_funary {
   LSGPU_FLOOR = 0,
   LSGPU_CEIL = 1,
   LSGPU_TRUNC = 2,
   LSGPU_ROUNDEVEN = 3,
   LSGPU_FRACT = 4,
   LSGPU_RCP = 5,
   LSGPU_RSQRT = 6,
   LSGPU_EXP2 = 7,
   LSGPU_LOG2 = 8,
   LSGPU_SIN = 9,
   LSGPU_COS = 10,
};

enum lsgpu_quad_op {
   LSGPU_DDX_FINE = 0,
   LSGPU_DDY_FINE = 1,
   LSGPU_DDX_COARSE = 2,
   LSGPU_DDY_COARSE = 3,
   LSGPU_QUAD_SWAPX = 4,
   LSGPU_QUAD_SWAPY = 5,
   LSGPU_QUAD_SWAPDIAG = 6,
   LSGPU_QUAD_BCAST = 7,
};

enum lsgpu_control_op {
   LSGPU_DEMOTE = 0,
   LSGPU_TERMINATE = 1,
   LSGPU_BARRIER = 2,
};

/* System value indices (docs/isa.md §3.3). */
enum lsgpu_sysval {
   LSGPU_SV_LANE = 0,
   LSGPU_SV_WARP = 1,
   LSGPU_SV_LOCAL_ID_X = 2,
   LSGPU_SV_LOCAL_INDEX = 5,
   LSGPU_SV_WORKGROUP_ID_X = 6,
   LSGPU_SV_NUM_WORKGROUPS_X = 9,
   LSGPU_SV_VERTEX_ID = 12,
   LSGPU_SV_INSTANCE_ID = 13,
   LSGPU_SV_FRONT_FACE = 14,
   LSGPU_SV_HELPER = 15,
};

/* lsgpu.tex funct7 (docs/isa.md §3.2). */
enum lsgpu_tex_mode {
   LSGPU_TEX_IMPLICIT = 0,
   LSGPU_TEX_BIAS = 1,
   LSGPU_TEX_LOD = 2,
   LSGPU_TEX_GRAD = 3,
   LSGPU_TEX_SHADOW = 4,
};

#endif
