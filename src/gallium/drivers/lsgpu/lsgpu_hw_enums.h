/* SPDX-License-Identifier: MIT */
/*
 * Gallium (and Mesa) enumerations → LSGPU-1's (src/hw/lsgpu_packets.yaml). Each
 * translation is a table of pairs naming both sides; static_asserts check at compile
 * time that no Gallium value appears twice and that every hardware value is one its
 * enumeration defines, so a renumbering on either side breaks the build instead of
 * the GPU state. Values a table lacks translate to the caller's fallback.
 */
#ifndef LSGPU_HW_ENUMS_H
#define LSGPU_HW_ENUMS_H

#include <stddef.h>

#include "compiler/shader_enums.h"
#include "lsgpu_packets.h"
#include "pipe/p_defines.h"
#include "util/blend.h"

template <typename Hw> struct lsgpu_enum_pair {
   unsigned from;
   Hw to;
};

template <typename Hw, size_t N>
constexpr bool
lsgpu_pairs_unique(const lsgpu_enum_pair<Hw> (&pairs)[N])
{
   for (size_t i = 0; i < N; i++)
      for (size_t j = i + 1; j < N; j++)
         if (pairs[i].from == pairs[j].from)
            return false;
   return true;
}

template <typename Hw, size_t N>
constexpr bool
lsgpu_pairs_valid(const lsgpu_enum_pair<Hw> (&pairs)[N], bool (*valid)(uint32_t))
{
   for (size_t i = 0; i < N; i++)
      if (!valid((uint32_t)pairs[i].to))
         return false;
   return true;
}

template <typename Hw, size_t N>
constexpr Hw
lsgpu_translate(const lsgpu_enum_pair<Hw> (&pairs)[N], unsigned from, Hw fallback)
{
   for (size_t i = 0; i < N; i++)
      if (pairs[i].from == from)
         return pairs[i].to;
   return fallback;
}

/* Mesa's primitive numbering up to polygons is GL's, as PRIM's. */
constexpr lsgpu_enum_pair<lsgpu_prim> lsgpu_prim_pairs[] = {
   {MESA_PRIM_POINTS, LSGPU_PRIM_POINTS},
   {MESA_PRIM_LINES, LSGPU_PRIM_LINES},
   {MESA_PRIM_LINE_LOOP, LSGPU_PRIM_LINE_LOOP},
   {MESA_PRIM_LINE_STRIP, LSGPU_PRIM_LINE_STRIP},
   {MESA_PRIM_TRIANGLES, LSGPU_PRIM_TRIANGLES},
   {MESA_PRIM_TRIANGLE_STRIP, LSGPU_PRIM_TRIANGLE_STRIP},
   {MESA_PRIM_TRIANGLE_FAN, LSGPU_PRIM_TRIANGLE_FAN},
   {MESA_PRIM_QUADS, LSGPU_PRIM_QUADS},
   {MESA_PRIM_QUAD_STRIP, LSGPU_PRIM_QUAD_STRIP},
   {MESA_PRIM_POLYGON, LSGPU_PRIM_POLYGON},
};

constexpr lsgpu_enum_pair<lsgpu_func> lsgpu_func_pairs[] = {
   {PIPE_FUNC_NEVER, LSGPU_FUNC_NEVER},     {PIPE_FUNC_LESS, LSGPU_FUNC_LESS},
   {PIPE_FUNC_EQUAL, LSGPU_FUNC_EQUAL},     {PIPE_FUNC_LEQUAL, LSGPU_FUNC_LEQUAL},
   {PIPE_FUNC_GREATER, LSGPU_FUNC_GREATER}, {PIPE_FUNC_NOTEQUAL, LSGPU_FUNC_NOTEQUAL},
   {PIPE_FUNC_GEQUAL, LSGPU_FUNC_GEQUAL},   {PIPE_FUNC_ALWAYS, LSGPU_FUNC_ALWAYS},
};

constexpr lsgpu_enum_pair<lsgpu_stencil_op> lsgpu_stencil_op_pairs[] = {
   {PIPE_STENCIL_OP_KEEP, LSGPU_STENCIL_OP_KEEP},
   {PIPE_STENCIL_OP_ZERO, LSGPU_STENCIL_OP_ZERO},
   {PIPE_STENCIL_OP_REPLACE, LSGPU_STENCIL_OP_REPLACE},
   {PIPE_STENCIL_OP_INCR, LSGPU_STENCIL_OP_INCR},
   {PIPE_STENCIL_OP_DECR, LSGPU_STENCIL_OP_DECR},
   {PIPE_STENCIL_OP_INCR_WRAP, LSGPU_STENCIL_OP_INCR_WRAP},
   {PIPE_STENCIL_OP_DECR_WRAP, LSGPU_STENCIL_OP_DECR_WRAP},
   {PIPE_STENCIL_OP_INVERT, LSGPU_STENCIL_OP_INVERT},
};

constexpr lsgpu_enum_pair<lsgpu_cull> lsgpu_cull_pairs[] = {
   {PIPE_FACE_NONE, LSGPU_CULL_NONE},
   {PIPE_FACE_FRONT, LSGPU_CULL_FRONT},
   {PIPE_FACE_BACK, LSGPU_CULL_BACK},
   {PIPE_FACE_FRONT_AND_BACK, LSGPU_CULL_BOTH},
};

/* FILL_RECTANGLE (NV_fill_rectangle) is not exposed. */
constexpr lsgpu_enum_pair<lsgpu_polygon_mode> lsgpu_polygon_mode_pairs[] = {
   {PIPE_POLYGON_MODE_FILL, LSGPU_POLYGON_MODE_FILL},
   {PIPE_POLYGON_MODE_LINE, LSGPU_POLYGON_MODE_LINE},
   {PIPE_POLYGON_MODE_POINT, LSGPU_POLYGON_MODE_POINT},
};

constexpr lsgpu_enum_pair<lsgpu_blend_func> lsgpu_blend_func_pairs[] = {
   {PIPE_BLEND_ADD, LSGPU_BLEND_FUNC_ADD},
   {PIPE_BLEND_SUBTRACT, LSGPU_BLEND_FUNC_SUBTRACT},
   {PIPE_BLEND_REVERSE_SUBTRACT, LSGPU_BLEND_FUNC_REVERSE_SUBTRACT},
   {PIPE_BLEND_MIN, LSGPU_BLEND_FUNC_MIN},
   {PIPE_BLEND_MAX, LSGPU_BLEND_FUNC_MAX},
};

/* Dual-source factors (SRC1) are not exposed (caps.max_dual_source_render_targets 0). */
constexpr lsgpu_enum_pair<lsgpu_blend_factor> lsgpu_blend_factor_pairs[] = {
   {PIPE_BLENDFACTOR_ZERO, LSGPU_BLEND_FACTOR_ZERO},
   {PIPE_BLENDFACTOR_ONE, LSGPU_BLEND_FACTOR_ONE},
   {PIPE_BLENDFACTOR_SRC_COLOR, LSGPU_BLEND_FACTOR_SRC_COLOR},
   {PIPE_BLENDFACTOR_INV_SRC_COLOR, LSGPU_BLEND_FACTOR_INV_SRC_COLOR},
   {PIPE_BLENDFACTOR_DST_COLOR, LSGPU_BLEND_FACTOR_DST_COLOR},
   {PIPE_BLENDFACTOR_INV_DST_COLOR, LSGPU_BLEND_FACTOR_INV_DST_COLOR},
   {PIPE_BLENDFACTOR_SRC_ALPHA, LSGPU_BLEND_FACTOR_SRC_ALPHA},
   {PIPE_BLENDFACTOR_INV_SRC_ALPHA, LSGPU_BLEND_FACTOR_INV_SRC_ALPHA},
   {PIPE_BLENDFACTOR_DST_ALPHA, LSGPU_BLEND_FACTOR_DST_ALPHA},
   {PIPE_BLENDFACTOR_INV_DST_ALPHA, LSGPU_BLEND_FACTOR_INV_DST_ALPHA},
   {PIPE_BLENDFACTOR_CONST_COLOR, LSGPU_BLEND_FACTOR_CONST_COLOR},
   {PIPE_BLENDFACTOR_INV_CONST_COLOR, LSGPU_BLEND_FACTOR_INV_CONST_COLOR},
   {PIPE_BLENDFACTOR_CONST_ALPHA, LSGPU_BLEND_FACTOR_CONST_ALPHA},
   {PIPE_BLENDFACTOR_INV_CONST_ALPHA, LSGPU_BLEND_FACTOR_INV_CONST_ALPHA},
   {PIPE_BLENDFACTOR_SRC_ALPHA_SATURATE, LSGPU_BLEND_FACTOR_SRC_ALPHA_SATURATE},
   {PIPE_BLENDFACTOR_SRC1_COLOR, LSGPU_BLEND_FACTOR_SRC1_COLOR},
   {PIPE_BLENDFACTOR_INV_SRC1_COLOR, LSGPU_BLEND_FACTOR_INV_SRC1_COLOR},
   {PIPE_BLENDFACTOR_SRC1_ALPHA, LSGPU_BLEND_FACTOR_SRC1_ALPHA},
   {PIPE_BLENDFACTOR_INV_SRC1_ALPHA, LSGPU_BLEND_FACTOR_INV_SRC1_ALPHA},
};

constexpr lsgpu_enum_pair<lsgpu_wrap> lsgpu_wrap_pairs[] = {
   {PIPE_TEX_WRAP_REPEAT, LSGPU_WRAP_REPEAT},
   {PIPE_TEX_WRAP_CLAMP, LSGPU_WRAP_CLAMP},
   {PIPE_TEX_WRAP_CLAMP_TO_EDGE, LSGPU_WRAP_CLAMP_TO_EDGE},
   {PIPE_TEX_WRAP_CLAMP_TO_BORDER, LSGPU_WRAP_CLAMP_TO_BORDER},
   {PIPE_TEX_WRAP_MIRROR_REPEAT, LSGPU_WRAP_MIRRORED_REPEAT},
   {PIPE_TEX_WRAP_MIRROR_CLAMP, LSGPU_WRAP_MIRROR_CLAMP},
   {PIPE_TEX_WRAP_MIRROR_CLAMP_TO_EDGE, LSGPU_WRAP_MIRROR_CLAMP_TO_EDGE},
   {PIPE_TEX_WRAP_MIRROR_CLAMP_TO_BORDER, LSGPU_WRAP_MIRROR_CLAMP_TO_BORDER},
};

constexpr lsgpu_enum_pair<lsgpu_filter> lsgpu_img_filter_pairs[] = {
   {PIPE_TEX_FILTER_NEAREST, LSGPU_FILTER_NEAREST},
   {PIPE_TEX_FILTER_LINEAR, LSGPU_FILTER_LINEAR},
};

constexpr lsgpu_enum_pair<lsgpu_filter> lsgpu_mip_filter_pairs[] = {
   {PIPE_TEX_MIPFILTER_NEAREST, LSGPU_FILTER_NEAREST},
   {PIPE_TEX_MIPFILTER_LINEAR, LSGPU_FILTER_LINEAR},
   {PIPE_TEX_MIPFILTER_NONE, LSGPU_FILTER_NONE},
};

/* Buffers are refused before a descriptor is built. */
constexpr lsgpu_enum_pair<lsgpu_tex_target> lsgpu_tex_target_pairs[] = {
   {PIPE_TEXTURE_1D, LSGPU_TEX_TARGET_1D},
   {PIPE_TEXTURE_2D, LSGPU_TEX_TARGET_2D},
   {PIPE_TEXTURE_3D, LSGPU_TEX_TARGET_3D},
   {PIPE_TEXTURE_CUBE, LSGPU_TEX_TARGET_CUBE},
   {PIPE_TEXTURE_RECT, LSGPU_TEX_TARGET_RECT},
   {PIPE_TEXTURE_1D_ARRAY, LSGPU_TEX_TARGET_1D_ARRAY},
   {PIPE_TEXTURE_2D_ARRAY, LSGPU_TEX_TARGET_2D_ARRAY},
   {PIPE_TEXTURE_CUBE_ARRAY, LSGPU_TEX_TARGET_CUBE_ARRAY},
};

/* Gallium swizzles X..W, 0, 1 → TEXTURE.swizzle sources (NONE reads 0). */
constexpr lsgpu_enum_pair<lsgpu_tex_swizzle> lsgpu_tex_swizzle_pairs[] = {
   {PIPE_SWIZZLE_X, LSGPU_TEX_SWIZZLE_CHANNEL0}, {PIPE_SWIZZLE_Y, LSGPU_TEX_SWIZZLE_CHANNEL1},
   {PIPE_SWIZZLE_Z, LSGPU_TEX_SWIZZLE_CHANNEL2}, {PIPE_SWIZZLE_W, LSGPU_TEX_SWIZZLE_CHANNEL3},
   {PIPE_SWIZZLE_0, LSGPU_TEX_SWIZZLE_ZERO},     {PIPE_SWIZZLE_1, LSGPU_TEX_SWIZZLE_ONE},
};

#define LSGPU_CHECK_PAIRS(pairs, hw)                                                               \
   static_assert(lsgpu_pairs_unique(pairs), #pairs ": a Gallium value twice");                     \
   static_assert(lsgpu_pairs_valid(pairs, lsgpu_##hw##_is_valid), #pairs ": not a " #hw " value")

LSGPU_CHECK_PAIRS(lsgpu_prim_pairs, prim);
LSGPU_CHECK_PAIRS(lsgpu_func_pairs, func);
LSGPU_CHECK_PAIRS(lsgpu_stencil_op_pairs, stencil_op);
LSGPU_CHECK_PAIRS(lsgpu_cull_pairs, cull);
LSGPU_CHECK_PAIRS(lsgpu_polygon_mode_pairs, polygon_mode);
LSGPU_CHECK_PAIRS(lsgpu_blend_func_pairs, blend_func);
LSGPU_CHECK_PAIRS(lsgpu_blend_factor_pairs, blend_factor);
LSGPU_CHECK_PAIRS(lsgpu_wrap_pairs, wrap);
LSGPU_CHECK_PAIRS(lsgpu_img_filter_pairs, filter);
LSGPU_CHECK_PAIRS(lsgpu_mip_filter_pairs, filter);
LSGPU_CHECK_PAIRS(lsgpu_tex_target_pairs, tex_target);
LSGPU_CHECK_PAIRS(lsgpu_tex_swizzle_pairs, tex_swizzle);

#endif
