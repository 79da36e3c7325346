/* SPDX-License-Identifier: MIT */
/*
 * The post-transform vertex cache: an indexed mesh whose corners several triangles
 * share runs the vertex shader once per vertex, not once per index, and draws the
 * same image as the same triangles drawn without indices (VERTEX_INVOCATIONS shows
 * the shading it saved).
 */
#define GL_GLEXT_PROTOTYPES
#include <EGL/egl.h>
#include <GL/gl.h>
#include <GL/glext.h>
#include <gtest/gtest.h>
#include <vector>

#include "device_counters.h"
#include "egl_surfaceless.h"
#include "gl_fbo.h"

using lsgpu::DeviceCounters;
using lsgpu::EglSurfaceless;
using lsgpu::GlFbo;

namespace
{

constexpr int kSize = 64;
constexpr int kCells = 8; /* 8x8 quads: 128 triangles, one batch; 81 vertices */

/* Draws the grid; returns the vertex-shader invocations and the image. */
uint64_t
draw_grid(bool indexed, std::vector<uint32_t> *px)
{
   std::vector<float> corners; /* (x, y, r, g, b) per vertex of the grid */
   for (int y = 0; y <= kCells; y++) {
      for (int x = 0; x <= kCells; x++) {
         const float fx = (float)x / kCells, fy = (float)y / kCells;
         /* A wobble, so that the shared vertices' positions matter. */
         const float dx = (x % 2 ? 0.03f : -0.02f), dy = (y % 3 ? 0.02f : -0.03f);
         corners.insert(corners.end(),
                        {fx * 1.8f - 0.9f + dx, fy * 1.8f - 0.9f + dy, fx, fy, 0.5f});
      }
   }
   std::vector<GLushort> indices;
   for (int y = 0; y < kCells; y++) {
      for (int x = 0; x < kCells; x++) {
         const GLushort a = (GLushort)(y * (kCells + 1) + x), b = (GLushort)(a + 1),
                        c = (GLushort)(a + kCells + 1), d = (GLushort)(c + 1);
         indices.insert(indices.end(), {a, b, d, a, d, c});
      }
   }
   std::vector<float> expanded;
   for (GLushort i : indices)
      expanded.insert(expanded.end(), corners.begin() + 5 * i, corners.begin() + 5 * i + 5);

   glClearColor(0, 0, 0, 1);
   glClear(GL_COLOR_BUFFER_BIT);
   glFinish();
   const DeviceCounters before = DeviceCounters::read();
   const std::vector<float> &v = indexed ? corners : expanded;
   glEnableClientState(GL_VERTEX_ARRAY);
   glEnableClientState(GL_COLOR_ARRAY);
   glVertexPointer(2, GL_FLOAT, 5 * sizeof(float), v.data());
   glColorPointer(3, GL_FLOAT, 5 * sizeof(float), v.data() + 2);
   if (indexed)
      glDrawElements(GL_TRIANGLES, (GLsizei)indices.size(), GL_UNSIGNED_SHORT, indices.data());
   else
      glDrawArrays(GL_TRIANGLES, 0, (GLsizei)indices.size());
   glDisableClientState(GL_VERTEX_ARRAY);
   glDisableClientState(GL_COLOR_ARRAY);
   glFinish();
   const DeviceCounters after = DeviceCounters::read();
   px->resize(kSize * kSize);
   glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, px->data());
   EXPECT_TRUE(before.valid && after.valid);
   EXPECT_EQ(after.faults, before.faults);
   EXPECT_EQ(after.primitives - before.primitives, (uint64_t)2 * kCells * kCells);
   return after.vertex_invocations - before.vertex_invocations;
}

} // namespace

TEST(VertexCache, SharedVerticesOfAnIndexedMeshAreShadedOnce)
{
   EglSurfaceless egl{EglSurfaceless::Api::GL};
   ASSERT_TRUE(egl.ok()) << egl.error();
   GlFbo fbo(kSize, kSize, false);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   glViewport(0, 0, kSize, kSize);

   std::vector<uint32_t> indexed_px, plain_px;
   const uint64_t indexed = draw_grid(true, &indexed_px);
   const uint64_t plain = draw_grid(false, &plain_px);
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);

   EXPECT_EQ(indexed, (uint64_t)(kCells + 1) * (kCells + 1)) << "one invocation per vertex";
   EXPECT_EQ(plain, (uint64_t)6 * kCells * kCells) << "one per entry without indices";
   EXPECT_EQ(indexed_px, plain_px);
   /* The grid covers the middle with interpolated colour: red grows to the right. */
   const uint32_t left = indexed_px[kSize * kSize / 2 + kSize / 8];
   const uint32_t right = indexed_px[kSize * kSize / 2 + kSize * 7 / 8];
   EXPECT_LT(left & 0xff, right & 0xff);
}
