/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEST_CLIP_VERTEX_H
#define LSGPU_TEST_CLIP_VERTEX_H

#include "gpu/geometry/clipper.h"

namespace lsgpu::test
{

/* A vertex at clip position (x, y, z, w), its outputs zero and nothing prepared. */
inline sim::ClipVertex
clip_vertex(float x, float y, float z, float w)
{
   sim::ClipVertex v{};
   v.pos[0] = x;
   v.pos[1] = y;
   v.pos[2] = z;
   v.pos[3] = w;
   return v;
}

} // namespace lsgpu::test

#endif
