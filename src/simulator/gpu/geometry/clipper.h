/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_CLIPPER_H
#define LSGPU_SIM_CLIPPER_H

#include <cstdint>
#include <vector>

#include "lsgpu_isa.h"

namespace lsgpu::sim
{

/* Where a vertex lies against each plane of a ClipPlanes: bit p of neg, outside plane p
 * (distance < 0); of nonneg, inside or on it (distance ≥ 0). A NaN distance sets
 * neither. Planes 0..5: w±x, w±y, w±z; planes 6..13: clip distances 0..7. */
struct PlaneCodes {
   uint32_t neg = 0, nonneg = 0;
};

/* A vertex after the vertex shader: clip position and every output slot's words. */
struct ClipVertex {
   float pos[4];
   /* What the draw found for the vertex where it was shaded (on the core's host thread),
    * so that the triangles sharing it need not again on the GPU thread: its window
    * coordinates and its plane codes for the draw's planes (Draw::prepare). false for
    * the vertices the clipper makes. Beside pos, in the cache line the shader's
    * results fill anyway: after the varyings, reading them was a cache miss a
    * triangle. */
   bool prepared = false;
   float window[4]; /* x, y (on the sub-pixel grid), z, 1/w */
   PlaneCodes codes;
   bool edge = true; /* polygons: the edge to the next vertex is drawn in polygon modes
                        LINE (and this vertex in POINT) */
   float varying[LSGPU_IO_SLOTS][4]; /* output slots, as floats (flat integers pass through bits) */
};

/* The planes a primitive is clipped against: the view volume −w ≤ x, y, z ≤ w
 * (GL 2.1 §2.12) and the enabled clip distances (user clip planes, lowered by the
 * compiler to distances in vertex output slots). */
struct ClipPlanes {
   unsigned num_slots;  /* output slots carried through */
   uint32_t enable = 0; /* bit n: distance n */
   unsigned slot = 0;   /* output slot of distances 0..3; 4..7 in the next */
   bool clip_z = true;  /* false: depth clamp, no near/far planes */
   bool half_z = false; /* the near plane is z = 0, not z = -w */
   /* The x and y planes at ±guard · w: a wide line is clipped beyond the viewport by
    * half its width, so that its pixels inside are those of the whole line. */
   float guard_x = 1.0f, guard_y = 1.0f;
};

/* Clips a triangle in homogeneous space. Returns the clipped polygon (0 or 3..17
 * vertices), its vertices interpolated linearly in clip space, in order; each vertex's
 * edge says whether the edge it starts is drawn in polygon mode LINE: the remainder of
 * an edge of a, b, c keeps that edge's (bit k of edges: the edge a → b, b → c, c → a),
 * an edge along a clip plane is drawn. */
/* The most vertices a clipped triangle has: three, and one more per plane. */
constexpr unsigned kMaxClippedVertices = 3 + 14;

/* Whether a triangle lies wholly inside every plane (most do; it needs no clipping and
 * no copy of its vertices), wholly outside one, or neither (NaN distances included). */
enum class ClipSide { Inside, Outside, Crossing };
ClipSide clip_side(const ClipVertex &a, const ClipVertex &b, const ClipVertex &c,
                   const ClipPlanes &planes);
/* The same from the corners' codes for planes. */
ClipSide clip_side(const PlaneCodes codes[3], const ClipPlanes &planes);

/* v's codes for planes' enabled planes (the others' bits are set too). */
PlaneCodes plane_codes(const ClipVertex &v, const ClipPlanes &planes);

std::vector<ClipVertex> clip_triangle(const ClipVertex &a, const ClipVertex &b, const ClipVertex &c,
                                      const ClipPlanes &planes, uint8_t edges = 7);

/* Clips a line: false when nothing is left, else a and b become the visible part. */
bool clip_line(ClipVertex &a, ClipVertex &b, const ClipPlanes &planes);

/* A point is drawn whole or not at all: false when its vertex is outside a plane. */
bool clip_point(const ClipVertex &v, const ClipPlanes &planes);

} // namespace lsgpu::sim

#endif
