/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_RASTERIZER_H
#define LSGPU_SIM_RASTERIZER_H

#include <cmath>
#include <cstdint>
#include <functional>

namespace lsgpu::sim
{

/* Sub-pixel precision: window coordinates snap to 1/256 pixel (docs/simulator.md). */
constexpr int kSubpixelBits = 8;

/* A window coordinate rounded to the sub-pixel grid (non-finite values unchanged). */
inline float
snap_to_subpixel(float v)
{
   constexpr float kScale = (float)(1 << kSubpixelBits);
   return std::fabs(v) < 1e6f ? std::round(v * kScale) / kScale : v;
}

struct RasterVertex {
   float x, y; /* window coordinates, y growing downwards (row 0 first) */
};

/* Where coverage is tested in a pixel: at its centre, for one sample or for four that
 * share it (multisampling off), or at the four sample positions of DRAW_STATE's
 * constants SAMPLE0_X..SAMPLE3_Y. */
struct SampleGrid {
   unsigned samples = 1; /* 1 or 4 */
   bool per_sample = false;
};

/* A 2×2 quad of pixels (x, y) .. (x + 1, y + 1), x and y even. Lane i of the quad is
 * pixel (x + (i & 1), y + (i >> 1)) (docs/isa.md §2). mask has a bit per pixel with at
 * least one covered sample; the others are helpers. samples[i] has a bit per covered
 * sample of lane i. bary[i] are the weights of vertices 0, 1, 2 at the pixel's centre
 * (they sum to 1; outside the triangle they extrapolate), sample_bary[i][s] those at
 * sample s when coverage is per sample. */
struct RasterQuad {
   int x, y;
   uint8_t mask;
   uint8_t samples[4];
   double bary[4][3]; /* double: depth interpolates from them at 24-bit precision */
   double sample_bary[4][4][3];
};

struct RasterRect {
   int min_x, min_y, max_x, max_y; /* pixels drawn: [min, max) */
};

/* Scan-converts a triangle with edge functions on snapped coordinates and GL's
 * rasterization rule for shared edges (a centre exactly on an edge belongs to the
 * triangle when the edge is a top or a left edge, y down), at each sample of grid.
 * Calls emit for every quad inside rect with at least one covered sample, row by row. Returns the
 * triangle's signed doubled area in pixels after snapping, x right and y down (negative:
 * counter-clockwise on screen); 0 means degenerate, nothing emitted. */
double rasterize_triangle(const RasterVertex v[3], const RasterRect &rect,
                          const std::function<void(const RasterQuad &)> &emit,
                          const SampleGrid &grid = SampleGrid());

/* The signed doubled area rasterize_triangle would see, after snapping: facing and
 * culling decided from it agree with the coverage for every sliver triangle. */
double snapped_area(const RasterVertex v[3]);

} // namespace lsgpu::sim

#endif
