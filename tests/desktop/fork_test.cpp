/* SPDX-License-Identifier: MIT */
/*
 * fork() of a GL program with work in flight: parent and child share the DRM file as
 * with a kernel (docs/architecture.md, "The device server"), so the job in flight
 * completes, and each side then makes its own context and draws 200 frames, each
 * from a texture allocated for that frame, whose pixels must all be its own (a BO
 * of one process aliasing the other's would show the other's colour).
 */
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "egl_surfaceless.h"
#include "gl_fbo.h"

namespace
{

constexpr int kSize = 32, kTex = 8, kFrames = 200;

/* Frame i of side s: a colour no other frame of either side has. */
void
colour_of(int side, int i, uint8_t rgba[4])
{
   rgba[0] = (uint8_t)(side ? 40 + i : 250 - i);
   rgba[1] = (uint8_t)(side ? 200 : 30);
   rgba[2] = (uint8_t)(i * 7);
   rgba[3] = 255;
}

/* Draws kFrames frames from fresh textures into a fresh FBO; returns the number of
 * frames whose every pixel was right. */
int
draw_frames(int side)
{
   lsgpu::GlFbo fbo(kSize, kSize);
   if (!fbo.ok())
      return 0;
   glViewport(0, 0, kSize, kSize);
   glEnable(GL_TEXTURE_2D);
   glTexEnvi(GL_TEXTURE_ENV, GL_TEXTURE_ENV_MODE, GL_REPLACE);
   int good = 0;
   std::vector<uint8_t> texels(kTex * kTex * 4), pixels(kSize * kSize * 4);
   for (int i = 0; i < kFrames; i++) {
      uint8_t c[4];
      colour_of(side, i, c);
      for (int t = 0; t < kTex * kTex; t++)
         memcpy(&texels[4 * t], c, 4);
      GLuint tex;
      glGenTextures(1, &tex);
      glBindTexture(GL_TEXTURE_2D, tex);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kTex, kTex, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                   texels.data());
      glBegin(GL_TRIANGLE_STRIP);
      glTexCoord2f(0, 0);
      glVertex2f(-1, -1);
      glTexCoord2f(1, 0);
      glVertex2f(1, -1);
      glTexCoord2f(0, 1);
      glVertex2f(-1, 1);
      glTexCoord2f(1, 1);
      glVertex2f(1, 1);
      glEnd();
      glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
      glDeleteTextures(1, &tex);
      bool ok = true;
      for (int p = 0; p < kSize * kSize && ok; p++)
         ok = memcmp(&pixels[4 * p], c, 4) == 0;
      good += ok;
   }
   return good;
}

} // namespace

TEST(desktop, gl_programs_on_both_sides_of_a_fork_draw_only_their_own_pixels)
{
   lsgpu::EglSurfaceless egl(lsgpu::EglSurfaceless::Api::GL);
   ASSERT_TRUE(egl.ok()) << egl.error();
   {
      /* Work in flight at the fork: 40 full-target draws, flushed, not waited for. */
      lsgpu::GlFbo fbo(256, 256);
      ASSERT_TRUE(fbo.ok());
      glViewport(0, 0, 256, 256);
      for (int i = 0; i < 40; i++) {
         glColor4f(0.1f * (float)(i % 10), 0.5f, 0.25f, 1);
         glRectf(-1, -1, 1, 1);
      }
      glFlush();

      pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
         /* The child: its own context on the shared file, its own frames. */
         lsgpu::EglSurfaceless child(lsgpu::EglSurfaceless::Api::GL);
         if (!child.ok())
            _exit(255);
         _exit(kFrames - draw_frames(1));
      }
      /* The parent: the job in flight completes, then its own frames. */
      uint8_t corner[4] = {};
      glReadPixels(255, 255, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, corner);
      EXPECT_EQ(corner[0], 230) << "the last of the draws in flight at the fork";
      EXPECT_EQ(corner[1], 128);
      EXPECT_EQ(draw_frames(0), kFrames) << "parent frames with the wrong pixels";
      int status = 0;
      ASSERT_EQ(waitpid(pid, &status, 0), pid);
      ASSERT_TRUE(WIFEXITED(status)) << "the child crashed: signal " << WTERMSIG(status);
      EXPECT_NE(WEXITSTATUS(status), 255) << "the child made no context";
      EXPECT_EQ(WEXITSTATUS(status), 0) << "child frames with the wrong pixels";
   }
}
