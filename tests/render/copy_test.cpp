/* SPDX-License-Identifier: MIT */
/* Copies between resources run on the GPU's copy engine (COPY packets). */
#include <GL/gl.h>
#include <gtest/gtest.h>
#include <vector>

#include "device_counters.h"
#include "egl_surfaceless.h"
#include "gl_fbo.h"

using namespace lsgpu;

TEST(copy, copy_tex_sub_image_runs_on_the_copy_engine)
{
   EglSurfaceless egl(EglSurfaceless::Api::GL);
   ASSERT_TRUE(egl.ok()) << egl.error();
   constexpr int kSize = 64;
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   glClearColor(0.2f, 0.4f, 0.6f, 0.8f);
   glClear(GL_COLOR_BUFFER_BIT);

   GLuint tex;
   glGenTextures(1, &tex);
   glBindTexture(GL_TEXTURE_2D, tex);
   glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kSize, kSize, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);

   DeviceCounters before = DeviceCounters::read();
   /* Copy a 32x16 region from (8, 4) of the framebuffer to (16, 40) of the texture. */
   glCopyTexSubImage2D(GL_TEXTURE_2D, 0, 16, 40, 8, 4, 32, 16);
   std::vector<uint32_t> texels(kSize * kSize);
   glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, texels.data());
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
   DeviceCounters after = DeviceCounters::read();

   const uint32_t expected = 51u | 102u << 8 | 153u << 16 | 204u << 24;
   size_t wrong = 0;
   for (int y = 0; y < kSize; y++) {
      for (int x = 0; x < kSize; x++) {
         bool inside = x >= 16 && x < 48 && y >= 40 && y < 56;
         wrong += texels[y * kSize + x] != (inside ? expected : 0u);
      }
   }
   EXPECT_EQ(wrong, 0u);
   EXPECT_GE(after.copy_bytes, before.copy_bytes + 32 * 16 * 4)
      << "the copy did not run on the GPU's copy engine";
   glDeleteTextures(1, &tex);
}
