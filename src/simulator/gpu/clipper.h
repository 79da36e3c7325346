/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_CLIPPER_H
#define LSGPU_SIM_CLIPPER_H

#include <vector>

namespace lsgpu::sim
{

/* A vertex after the vertex shader: clip position and every output slot's words. */
struct ClipVertex {
   float pos[4];
   float varying[18][4]; /* output slots, as floats (flat integers pass through bits) */
};

/* Clips a triangle against the view volume −w ≤ x, y, z ≤ w (GL 2.1 §2.12) in
 * homogeneous space. Returns the clipped polygon (0 or 3..9 vertices), its vertices
 * interpolated linearly in clip space, in order. num_slots output slots are carried. */
std::vector<ClipVertex> clip_triangle(const ClipVertex &a, const ClipVertex &b, const ClipVertex &c,
                                      unsigned num_slots);

} // namespace lsgpu::sim

#endif
