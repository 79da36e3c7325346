/* SPDX-License-Identifier: MIT */
#include "gpu/geometry/clipper.h"

#include <algorithm>
#include <cstddef>
#include <xmmintrin.h>

namespace lsgpu::sim
{

namespace
{

/* Planes 0..5: w±x, w±y, w±z; planes 6..13: clip distances 0..7. */
constexpr unsigned kViewPlanes = 6, kAllPlanes = 14;
static_assert(kMaxClippedVertices == 3 + kAllPlanes);

/* Bit p: plane p is enabled. The near and far planes go with depth clamp; the clip
 * distances are DRAW_STATE's. */
uint32_t
enabled_planes(const ClipPlanes &pl)
{
   return (pl.clip_z ? 0x3fu : 0xfu) | (pl.enable & 0xffu) << kViewPlanes;
}

bool
plane_enabled(const ClipPlanes &pl, unsigned plane)
{
   return enabled_planes(pl) >> plane & 1;
}

/* Signed distance to a plane: inside when ≥ 0. */
float
distance(const ClipVertex &v, const ClipPlanes &pl, unsigned plane)
{
   if (plane >= kViewPlanes) {
      const unsigned n = plane - kViewPlanes;
      return v.varying[pl.slot + n / 4][n % 4];
   }
   const float c = v.pos[plane / 2];
   if (plane == 4 && pl.half_z)
      return c; /* 0 ≤ z */
   const float w = v.pos[3] * (plane < 2 ? pl.guard_x : plane < 4 ? pl.guard_y : 1.0f);
   return plane & 1 ? w - c : w + c;
}

ClipVertex
lerp(const ClipVertex &p, const ClipVertex &q, float t, unsigned num_slots)
{
   ClipVertex v;
   for (unsigned k = 0; k < 4; k++)
      v.pos[k] = p.pos[k] + t * (q.pos[k] - p.pos[k]);
   for (unsigned s = 0; s < num_slots; s++)
      for (unsigned k = 0; k < 4; k++)
         v.varying[s][k] = p.varying[s][k] + t * (q.varying[s][k] - p.varying[s][k]);
   return v;
}

} // namespace

/* The same distances as distance(), all planes at once, the view planes in SSE
 * registers (w - x is w + -x in IEEE arithmetic, bit for bit). clip_side() runs for
 * every triangle: a call per plane and vertex was 4 % of a dense mesh's replay, and
 * the planes one by one 150 instructions a vertex. */
PlaneCodes
plane_codes(const ClipVertex &v, const ClipPlanes &pl)
{
   PlaneCodes codes;
   const float x = v.pos[0], y = v.pos[1], z = v.pos[2], w = v.pos[3];
   const __m128 zero = _mm_setzero_ps();
   const __m128 xy = _mm_add_ps(
      _mm_mul_ps(_mm_set1_ps(w), _mm_setr_ps(pl.guard_x, pl.guard_x, pl.guard_y, pl.guard_y)),
      _mm_setr_ps(x, -x, y, -y));
   const __m128 zz = _mm_setr_ps(pl.half_z ? z : w + z, w - z, 0.0f, 0.0f);
   codes.neg = (uint32_t)_mm_movemask_ps(_mm_cmplt_ps(xy, zero)) |
               ((uint32_t)_mm_movemask_ps(_mm_cmplt_ps(zz, zero)) & 3u) << 4;
   codes.nonneg = (uint32_t)_mm_movemask_ps(_mm_cmpge_ps(xy, zero)) |
                  ((uint32_t)_mm_movemask_ps(_mm_cmpge_ps(zz, zero)) & 3u) << 4;
   for (uint32_t m = pl.enable & 0xffu; m; m &= m - 1) {
      const unsigned k = (unsigned)__builtin_ctz(m);
      const float dk = v.varying[pl.slot + k / 4][k % 4];
      const uint32_t bit = 1u << (kViewPlanes + k);
      codes.neg |= dk < 0 ? bit : 0;
      codes.nonneg |= dk >= 0 ? bit : 0;
   }
   return codes;
}

ClipSide
clip_side(const PlaneCodes codes[3], const ClipPlanes &pl)
{
   const uint32_t enabled = enabled_planes(pl);
   if (codes[0].neg & codes[1].neg & codes[2].neg & enabled)
      return ClipSide::Outside;
   return (codes[0].nonneg & codes[1].nonneg & codes[2].nonneg & enabled) == enabled
             ? ClipSide::Inside
             : ClipSide::Crossing;
}

ClipSide
clip_side(const ClipVertex &a, const ClipVertex &b, const ClipVertex &c, const ClipPlanes &pl)
{
   const PlaneCodes codes[3] = {plane_codes(a, pl), plane_codes(b, pl), plane_codes(c, pl)};
   return clip_side(codes, pl);
}

std::vector<ClipVertex>
clip_triangle(const ClipVertex &a, const ClipVertex &b, const ClipVertex &c, const ClipPlanes &pl,
              uint8_t edges)
{
   /* Trivial reject and accept: most triangles lie wholly outside one plane, or wholly
    * inside every plane, where the loop below would drop all three vertices, or keep
    * them as they are. A NaN distance is neither: such a triangle takes the loop. */
   const ClipSide side = clip_side(a, b, c, pl);
   if (side == ClipSide::Outside)
      return {};
   std::vector<ClipVertex> poly = {a, b, c}, next;
   for (unsigned k = 0; k < 3; k++)
      poly[k].edge = edges >> k & 1;
   if (side == ClipSide::Inside)
      return poly;
   for (unsigned plane = 0; plane < kAllPlanes && !poly.empty(); plane++) {
      if (!plane_enabled(pl, plane))
         continue;
      next.clear();
      for (size_t i = 0; i < poly.size(); i++) {
         const ClipVertex &p = poly[i], &q = poly[(i + 1) % poly.size()];
         const float dp = distance(p, pl, plane), dq = distance(q, pl, plane);
         if (dp >= 0)
            next.push_back(p);
         if ((dp >= 0) != (dq >= 0)) {
            /* The new vertex is where the distance is 0, interpolated from the inside
             * vertex: an outside one may be far out (10^5 and more), where the sum
             * that comes back near the volume keeps few of its bits; and the two
             * triangles that share an edge then make the same vertex on it, whichever
             * way each runs along it, so no pixel falls between them. */
            next.push_back(dp >= 0 ? lerp(p, q, dp / (dp - dq), pl.num_slots)
                                   : lerp(q, p, dq / (dq - dp), pl.num_slots));
            /* Leaving, the next edge runs along the plane; entering, it is the rest
             * of p → q. */
            next.back().edge = dp >= 0 ? true : p.edge;
         }
      }
      poly.swap(next);
   }
   if (poly.size() < 3)
      poly.clear();
   return poly;
}

bool
clip_line(ClipVertex &a, ClipVertex &b, const ClipPlanes &pl)
{
   float t0 = 0.0f, t1 = 1.0f;
   for (unsigned plane = 0; plane < kAllPlanes; plane++) {
      if (!plane_enabled(pl, plane))
         continue;
      const float da = distance(a, pl, plane), db = distance(b, pl, plane);
      if (da < 0 && db < 0)
         return false;
      if (da < 0)
         t0 = std::max(t0, da / (da - db));
      else if (db < 0)
         t1 = std::min(t1, da / (da - db));
   }
   if (t0 > t1)
      return false;
   const ClipVertex a0 = a;
   if (t0 > 0.0f)
      a = lerp(a0, b, t0, pl.num_slots);
   if (t1 < 1.0f)
      b = lerp(a0, b, t1, pl.num_slots);
   return true;
}

bool
clip_point(const ClipVertex &v, const ClipPlanes &pl)
{
   for (unsigned plane = 0; plane < kAllPlanes; plane++)
      if (plane_enabled(pl, plane) && !(distance(v, pl, plane) >= 0))
         return false;
   return true;
}

} // namespace lsgpu::sim
