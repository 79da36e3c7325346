/* SPDX-License-Identifier: MIT */
#include "clipper.h"

#include <cstddef>

namespace lsgpu::sim
{

/* Signed distance to plane p: inside when ≥ 0. Planes: w±x, w±y, w±z. */
static float
distance(const ClipVertex &v, unsigned plane)
{
   const float w = v.pos[3], c = v.pos[plane / 2];
   return plane & 1 ? w - c : w + c;
}

std::vector<ClipVertex>
clip_triangle(const ClipVertex &a, const ClipVertex &b, const ClipVertex &c, unsigned num_slots)
{
   std::vector<ClipVertex> poly = {a, b, c}, next;
   for (unsigned plane = 0; plane < 6 && !poly.empty(); plane++) {
      next.clear();
      for (size_t i = 0; i < poly.size(); i++) {
         const ClipVertex &p = poly[i], &q = poly[(i + 1) % poly.size()];
         const float dp = distance(p, plane), dq = distance(q, plane);
         if (dp >= 0)
            next.push_back(p);
         if ((dp >= 0) != (dq >= 0)) {
            /* The edge crosses the plane: the new vertex is where the distance is 0. */
            const float t = dp / (dp - dq);
            ClipVertex v;
            for (unsigned k = 0; k < 4; k++)
               v.pos[k] = p.pos[k] + t * (q.pos[k] - p.pos[k]);
            for (unsigned s = 0; s < num_slots; s++)
               for (unsigned k = 0; k < 4; k++)
                  v.varying[s][k] = p.varying[s][k] + t * (q.varying[s][k] - p.varying[s][k]);
            next.push_back(v);
         }
      }
      poly.swap(next);
   }
   if (poly.size() < 3)
      poly.clear();
   return poly;
}

} // namespace lsgpu::sim
