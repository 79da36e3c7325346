/* SPDX-License-Identifier: MIT */
/*
 * Clears through OpenGL on EGL surfaceless, executed by the simulated GPU's fill
 * engine and read back with glReadPixels. Clears are exact in GL (the clear colour is
 * converted to the buffer's format, GL 2.1 §4.2.3 and §2.14.9), so pixels are compared
 * exactly. The device counters prove that the GPU did the work: a CPU fallback (or
 * Mesa silently picking llvmpipe) cannot pass.
 */
#include <EGL/egl.h>
#include <GL/gl.h>
#include <cmath>
#include <cstring>
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

constexpr int kSize = 256;

struct ClearFixture : ::testing::Test {
   EglSurfaceless egl{EglSurfaceless::Api::GL};

   void SetUp() override { ASSERT_TRUE(egl.ok()) << egl.error(); }

   static std::vector<uint32_t> read_rgba()
   {
      std::vector<uint32_t> px(kSize * kSize);
      glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
      EXPECT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
      return px;
   }

   static uint32_t rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a)
   {
      return (uint32_t)r | (uint32_t)g << 8 | (uint32_t)b << 16 | (uint32_t)a << 24;
   }
};

} // namespace

TEST_F(ClearFixture, renderer_is_lsgpu_not_a_software_fallback)
{
   const char *renderer = (const char *)glGetString(GL_RENDERER);
   ASSERT_NE(renderer, nullptr);
   EXPECT_NE(strstr(renderer, "lsgpu"), nullptr) << renderer;
   EXPECT_EQ(strstr(renderer, "llvmpipe"), nullptr) << renderer;
   EXPECT_EQ(egl.driver_name(), "lsgpu");
}

TEST_F(ClearFixture, rgba8_fbo_clears_to_exact_colours_on_the_gpu)
{
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();

   struct Case {
      float r, g, b, a;
      uint32_t expected;
   } cases[] = {
      {1, 0, 0, 1, rgba(255, 0, 0, 255)}, {0, 1, 0, 1, rgba(0, 255, 0, 255)},
      {0, 0, 1, 0, rgba(0, 0, 255, 0)},   {0.2f, 0.4f, 0.6f, 0.8f, rgba(51, 102, 153, 204)},
      {0, 0, 0, 0, rgba(0, 0, 0, 0)},     {1, 1, 1, 1, rgba(255, 255, 255, 255)},
   };
   for (const Case &c : cases) {
      DeviceCounters before = DeviceCounters::read();
      ASSERT_TRUE(before.valid);
      glClearColor(c.r, c.g, c.b, c.a);
      glClear(GL_COLOR_BUFFER_BIT);
      std::vector<uint32_t> px = read_rgba();
      DeviceCounters after = DeviceCounters::read();

      size_t wrong = 0;
      for (uint32_t p : px)
         wrong += p != c.expected;
      EXPECT_EQ(wrong, 0u) << "colour " << c.r << "," << c.g << "," << c.b << "," << c.a
                           << " first pixel 0x" << std::hex << px[0];
      EXPECT_GE(after.jobs, before.jobs + 1) << "no job reached the GPU";
      EXPECT_GE(after.fill_bytes, before.fill_bytes + kSize * kSize * 4)
         << "the fill engine did not write the whole buffer";
      EXPECT_EQ(after.faults, before.faults);
   }
}

TEST_F(ClearFixture, scissored_clear_writes_only_the_rectangle)
{
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   glClearColor(0, 0, 0, 1);
   glClear(GL_COLOR_BUFFER_BIT);
   glEnable(GL_SCISSOR_TEST);
   glScissor(10, 20, 30, 40);
   glClearColor(1, 1, 0, 1);
   glClear(GL_COLOR_BUFFER_BIT);
   glDisable(GL_SCISSOR_TEST);

   std::vector<uint32_t> px = read_rgba();
   size_t wrong = 0;
   for (int y = 0; y < kSize; y++) {
      for (int x = 0; x < kSize; x++) {
         bool inside = x >= 10 && x < 40 && y >= 20 && y < 60;
         wrong += px[y * kSize + x] != (inside ? rgba(255, 255, 0, 255) : rgba(0, 0, 0, 255));
      }
   }
   EXPECT_EQ(wrong, 0u);
}

TEST_F(ClearFixture, depth_and_stencil_clear_independently)
{
   GlFbo fbo(kSize, kSize, true);
   ASSERT_TRUE(fbo.ok()) << fbo.error();

   glClearDepth(0.25);
   glClearStencil(0x5a);
   glClear(GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
   /* Only depth: the packed stencil bits must survive (a masked fill). */
   glClearDepth(0.75);
   glClear(GL_DEPTH_BUFFER_BIT);

   std::vector<float> depth(kSize * kSize);
   std::vector<uint8_t> stencil(kSize * kSize);
   glReadPixels(0, 0, kSize, kSize, GL_DEPTH_COMPONENT, GL_FLOAT, depth.data());
   glReadPixels(0, 0, kSize, kSize, GL_STENCIL_INDEX, GL_UNSIGNED_BYTE, stencil.data());
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);

   size_t bad_depth = 0, bad_stencil = 0;
   for (int i = 0; i < kSize * kSize; i++) {
      /* 24-bit depth: one step is 2^-24. */
      bad_depth += std::fabs(depth[i] - 0.75f) > 1.0f / (1 << 23);
      bad_stencil += stencil[i] != 0x5a;
   }
   EXPECT_EQ(bad_depth, 0u) << "depth[0]=" << depth[0];
   EXPECT_EQ(bad_stencil, 0u) << "stencil[0]=" << (int)stencil[0];

   /* Now only stencil. */
   glClearStencil(0x0f);
   glClear(GL_STENCIL_BUFFER_BIT);
   glReadPixels(0, 0, kSize, kSize, GL_DEPTH_COMPONENT, GL_FLOAT, depth.data());
   glReadPixels(0, 0, kSize, kSize, GL_STENCIL_INDEX, GL_UNSIGNED_BYTE, stencil.data());
   EXPECT_NEAR(depth[kSize * kSize / 2], 0.75f, 1.0f / (1 << 23));
   EXPECT_EQ(stencil[kSize * kSize / 2], 0x0f);
}

TEST_F(ClearFixture, clears_of_many_buffers_land_in_their_own_buffer)
{
   /* Several FBOs cleared in one batch before any read back: each keeps its colour. */
   std::vector<std::unique_ptr<GlFbo>> fbos;
   (void)fbos;
   GlFbo a(64, 64);
   glClearColor(1, 0, 0, 1);
   glClear(GL_COLOR_BUFFER_BIT);
   uint32_t pa = 0;
   glReadPixels(63, 63, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, &pa);
   GlFbo b(32, 32);
   glClearColor(0, 0, 1, 1);
   glClear(GL_COLOR_BUFFER_BIT);
   uint32_t pb = 0;
   glReadPixels(31, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, &pb);
   EXPECT_EQ(pa, rgba(255, 0, 0, 255));
   EXPECT_EQ(pb, rgba(0, 0, 255, 255));
}

TEST_F(ClearFixture, robustness_reports_no_reset_for_a_healthy_context)
{
   /* GL_ARB_robustness is backed by the kernel context's reset status (docs/uapi.md). */
   const char *ext = (const char *)glGetString(GL_EXTENSIONS);
   ASSERT_NE(ext, nullptr);
   ASSERT_NE(strstr(ext, "GL_ARB_robustness"), nullptr);
   auto status = (GLenum(*)(void))eglGetProcAddress("glGetGraphicsResetStatusARB");
   ASSERT_NE(status, nullptr);
   GlFbo fbo(16, 16);
   glClear(GL_COLOR_BUFFER_BIT);
   glFinish();
   EXPECT_EQ(status(), (GLenum)GL_NO_ERROR);
}
