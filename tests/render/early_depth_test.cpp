/* SPDX-License-Identifier: MIT */
/*
 * Early depth and stencil tests chosen by the driver (DRAW_STATE.early_fragment_tests
 * whenever the fragment shader cannot change the outcome): a quad hidden behind
 * another is never shaded, while one whose shader may discard is shaded and tested
 * late. Both draw the same image and count the same samples passed; the device's
 * warp-instruction counter shows the shading that early tests saved.
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

constexpr int kSize = 128;

GLuint
program(const char *fs_body)
{
   static const char *vs = "#version 120\n"
                           "uniform float depth;\n"
                           "void main() { gl_Position = vec4(gl_Vertex.xy, depth, 1.0); }\n";
   const std::string fs = std::string("#version 120\nuniform vec4 colour;\nvoid main() {\n") +
                          fs_body + "  gl_FragColor = colour;\n}\n";
   const char *srcs[2] = {vs, fs.c_str()};
   GLuint prog = glCreateProgram();
   for (int i = 0; i < 2; i++) {
      GLuint sh = glCreateShader(i ? GL_FRAGMENT_SHADER : GL_VERTEX_SHADER);
      glShaderSource(sh, 1, &srcs[i], nullptr);
      glCompileShader(sh);
      glAttachShader(prog, sh);
      glDeleteShader(sh);
   }
   glLinkProgram(prog);
   return prog;
}

void
quad(GLuint prog, float depth, float r, float g, float b)
{
   glUseProgram(prog);
   glUniform1f(glGetUniformLocation(prog, "depth"), depth);
   glUniform4f(glGetUniformLocation(prog, "colour"), r, g, b, 1.0f);
   glRectf(-1, -1, 1, 1);
}

/* Draws a near red quad, then a far green one with prog; returns the warp instructions
 * of the far draw, its samples passed and the image. */
uint64_t
hidden_draw(GLuint near_prog, GLuint far_prog, GLuint *passed, std::vector<uint32_t> *px)
{
   glClearColor(0, 0, 0, 1);
   glClearDepth(1.0);
   glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
   glEnable(GL_DEPTH_TEST);
   quad(near_prog, -0.5f, 1, 0, 0);
   glFinish();
   GLuint query;
   glGenQueries(1, &query);
   const DeviceCounters before = DeviceCounters::read();
   glBeginQuery(GL_SAMPLES_PASSED, query);
   quad(far_prog, 0.5f, 0, 1, 0);
   glEndQuery(GL_SAMPLES_PASSED);
   glGetQueryObjectuiv(query, GL_QUERY_RESULT, passed);
   const DeviceCounters after = DeviceCounters::read();
   glDeleteQueries(1, &query);
   px->resize(kSize * kSize);
   glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, px->data());
   glDisable(GL_DEPTH_TEST);
   EXPECT_TRUE(before.valid && after.valid);
   EXPECT_EQ(after.faults, before.faults);
   return after.warp_instructions - before.warp_instructions;
}

} // namespace

TEST(EarlyDepth, HiddenFragmentsAreNotShadedUnlessTheShaderMayDiscard)
{
   EglSurfaceless egl{EglSurfaceless::Api::GL};
   ASSERT_TRUE(egl.ok()) << egl.error();
   GlFbo fbo(kSize, kSize, true);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   glViewport(0, 0, kSize, kSize);
   const GLuint plain = program("");
   /* Never discards, but the driver cannot know: the tests must come late. */
   const GLuint may_discard = program("  if (colour.a < 0.0) discard;\n");

   GLuint early_passed = 1, late_passed = 1;
   std::vector<uint32_t> early_px, late_px;
   const uint64_t early = hidden_draw(plain, plain, &early_passed, &early_px);
   const uint64_t late = hidden_draw(plain, may_discard, &late_passed, &late_px);
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);

   EXPECT_EQ(early_passed, 0u);
   EXPECT_EQ(late_passed, 0u);
   EXPECT_EQ(early_px, late_px);
   EXPECT_EQ(early_px[kSize * kSize / 2 + kSize / 2], 0xff0000ffu) << "the near quad's red";
   /* Late: every 16-fragment warp of the far quad runs (kSize² / 16 warps). Early: only
    * the vertex shader's warp. */
   EXPECT_GE(late, (uint64_t)kSize * kSize / 16);
   EXPECT_LT(early * 20, late) << "early " << early << ", late " << late;
   glDeleteProgram(plain);
   glDeleteProgram(may_discard);
}
