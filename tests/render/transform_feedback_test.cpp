/* SPDX-License-Identifier: MIT */
/*
 * Transform feedback in the OpenGL 2.1 context (EXT_transform_feedback,
 * ARB_transform_feedback2/3) through st/mesa, the driver's STREAM_OUT descriptors
 * and the simulated GPU's stream-output unit, with the PRIMITIVES_GENERATED and
 * TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN queries on its counters. Captured values are
 * checked against what the vertex shader computes, here.
 */
#include "../compute/gl_util.h" /* first: GL_GLEXT_PROTOTYPES before any GL header */

#include <gtest/gtest.h>

#include "egl_surfaceless.h"
#include "gl_fbo.h"

using lsgpu::EglSurfaceless;
using lsgpu::GlFbo;
using namespace lsgpu_gl_test;

namespace
{

/* Vertex i of a draw captures (i, 2i + 1) as `a` and 10 * pos as `b`. */
const char *kVs = R"(#version 120
attribute vec2 pos;
varying vec2 a;
varying vec4 b;
void main() {
   float i = pos.x * 4.0;
   a = vec2(i, 2.0 * i + 1.0);
   b = vec4(pos * 10.0, 0.5, -1.0);
   gl_Position = vec4(pos, 0.0, 1.0);
}
)";
const char *kFs = "#version 120\nvoid main() { gl_FragColor = vec4(1.0); }\n";

class TransformFeedback : public ::testing::Test
{
 protected:
   void SetUp() override
   {
      ASSERT_TRUE(egl_.ok()) << egl_.error();
      ASSERT_TRUE(fbo_.ok()) << fbo_.error();
      ASSERT_TRUE(has_extension("GL_EXT_transform_feedback"));
      std::string log;
      prog_ = program({{GL_VERTEX_SHADER, kVs}, {GL_FRAGMENT_SHADER, kFs}}, &log);
      ASSERT_TRUE(prog_) << log;
      /* Vertex i at x = i / 4: the shader's `i`. */
      std::vector<float> xy;
      for (int i = 0; i < 12; i++) {
         xy.push_back(i / 4.0f);
         xy.push_back(0.25f * (i % 3));
      }
      glGenBuffers(1, &vbo_);
      glBindBuffer(GL_ARRAY_BUFFER, vbo_);
      glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(xy.size() * sizeof(float)), xy.data(),
                   GL_STATIC_DRAW);
      const GLint pos = glGetAttribLocation(prog_, "pos");
      glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
      glEnableVertexAttribArray(pos);
   }
   void TearDown() override
   {
      glDeleteBuffers(1, &vbo_);
      glDeleteProgram(prog_);
   }
   /* Relinks the program capturing `names` interleaved or into separate buffers. */
   void capture(const std::vector<const char *> &names, GLenum mode)
   {
      glTransformFeedbackVaryings(prog_, (GLsizei)names.size(), names.data(), mode);
      glLinkProgram(prog_);
      GLint ok = 0;
      glGetProgramiv(prog_, GL_LINK_STATUS, &ok);
      ASSERT_TRUE(ok);
      glUseProgram(prog_);
   }

   EglSurfaceless egl_{EglSurfaceless::Api::GL};
   GlFbo fbo_{16, 16};
   GLuint prog_ = 0, vbo_ = 0;
};

} // namespace

TEST_F(TransformFeedback, interleaved_capture_of_triangles_with_queries)
{
   capture({"a", "b"}, GL_INTERLEAVED_ATTRIBS_EXT);
   GLuint tf = buffer(GL_TRANSFORM_FEEDBACK_BUFFER_EXT, 0, 12 * 6 * sizeof(float));
   GLuint q[2];
   glGenQueries(2, q);
   glEnable(GL_RASTERIZER_DISCARD_EXT);
   glBeginQuery(GL_PRIMITIVES_GENERATED_EXT, q[0]);
   glBeginQuery(GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN_EXT, q[1]);
   glBeginTransformFeedback(GL_TRIANGLES);
   glDrawArrays(GL_TRIANGLES, 0, 12);
   glEndTransformFeedback();
   glEndQuery(GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN_EXT);
   glEndQuery(GL_PRIMITIVES_GENERATED_EXT);
   glDisable(GL_RASTERIZER_DISCARD_EXT);

   GLuint generated = 0, written = 0;
   glGetQueryObjectuiv(q[0], GL_QUERY_RESULT, &generated);
   glGetQueryObjectuiv(q[1], GL_QUERY_RESULT, &written);
   EXPECT_EQ(generated, 4u);
   EXPECT_EQ(written, 4u);
   const auto out = read_buffer<float>(GL_TRANSFORM_FEEDBACK_BUFFER_EXT, tf, 12 * 6);
   for (int i = 0; i < 12; i++) {
      const float *v = &out[i * 6];
      EXPECT_FLOAT_EQ(v[0], (float)i) << i;
      EXPECT_FLOAT_EQ(v[1], 2.0f * i + 1.0f) << i;
      EXPECT_FLOAT_EQ(v[2], 10.0f * i / 4.0f) << i;
      EXPECT_FLOAT_EQ(v[3], 2.5f * (i % 3)) << i;
      EXPECT_FLOAT_EQ(v[4], 0.5f) << i;
      EXPECT_FLOAT_EQ(v[5], -1.0f) << i;
   }
   EXPECT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
   glDeleteQueries(2, q);
   glDeleteBuffers(1, &tf);
}

/* Separate buffers; a triangle strip is captured as its separate triangles, and a
 * buffer with room for two of them stops the capture there (written < generated). */
TEST_F(TransformFeedback, separate_buffers_strip_decomposition_and_overflow)
{
   capture({"a", "b"}, GL_SEPARATE_ATTRIBS_EXT);
   GLuint tf_a = buffer(GL_TRANSFORM_FEEDBACK_BUFFER_EXT, 0, 6 * 2 * sizeof(float));
   GLuint tf_b = buffer(GL_TRANSFORM_FEEDBACK_BUFFER_EXT, 1, 64 * 4 * sizeof(float));
   GLuint q[2];
   glGenQueries(2, q);
   glBeginQuery(GL_PRIMITIVES_GENERATED_EXT, q[0]);
   glBeginQuery(GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN_EXT, q[1]);
   glBeginTransformFeedback(GL_TRIANGLES);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 6); /* 4 triangles; room for 2 in buffer 0 */
   glEndTransformFeedback();
   glEndQuery(GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN_EXT);
   glEndQuery(GL_PRIMITIVES_GENERATED_EXT);
   GLuint generated = 0, written = 0;
   glGetQueryObjectuiv(q[0], GL_QUERY_RESULT, &generated);
   glGetQueryObjectuiv(q[1], GL_QUERY_RESULT, &written);
   EXPECT_EQ(generated, 4u);
   EXPECT_EQ(written, 2u);
   /* Strip triangles (0 1 2) and (2 1 3): the odd one keeps the strip's winding
    * (GL's order for odd triangles: the first two swapped). */
   const int order[6] = {0, 1, 2, 2, 1, 3};
   const auto a = read_buffer<float>(GL_TRANSFORM_FEEDBACK_BUFFER_EXT, tf_a, 12);
   const auto b = read_buffer<float>(GL_TRANSFORM_FEEDBACK_BUFFER_EXT, tf_b, 6 * 4 + 4);
   for (int k = 0; k < 6; k++) {
      EXPECT_FLOAT_EQ(a[k * 2], (float)order[k]) << k;
      EXPECT_FLOAT_EQ(b[k * 4], 2.5f * order[k]) << k;
   }
   EXPECT_FLOAT_EQ(b[6 * 4], 0.0f) << "buffer 1 must stop with buffer 0";
   glDeleteQueries(2, q);
   glDeleteBuffers(1, &tf_a);
   glDeleteBuffers(1, &tf_b);
}

/* ARB_transform_feedback2: a paused capture resumes where it stopped, and
 * glDrawTransformFeedback draws as many vertices as the object holds (counted by
 * PRIMITIVES_GENERATED of a second pass). */
TEST_F(TransformFeedback, pause_resume_and_draw_transform_feedback)
{
   ASSERT_TRUE(has_extension("GL_ARB_transform_feedback2"));
   capture({"b"}, GL_INTERLEAVED_ATTRIBS_EXT);
   GLuint obj = 0;
   glGenTransformFeedbacks(1, &obj);
   glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, obj);
   GLuint tf = buffer(GL_TRANSFORM_FEEDBACK_BUFFER, 0, 64 * 4 * sizeof(float));
   glEnable(GL_RASTERIZER_DISCARD);
   glBeginTransformFeedback(GL_POINTS);
   glDrawArrays(GL_POINTS, 0, 3);
   glPauseTransformFeedback();
   glDrawArrays(GL_POINTS, 6, 3); /* not captured */
   glResumeTransformFeedback();
   glDrawArrays(GL_POINTS, 9, 2);
   glEndTransformFeedback();
   glDisable(GL_RASTERIZER_DISCARD);
   const auto out = read_buffer<float>(GL_TRANSFORM_FEEDBACK_BUFFER, tf, 6 * 4);
   const int captured[5] = {0, 1, 2, 9, 10};
   for (int k = 0; k < 5; k++)
      EXPECT_FLOAT_EQ(out[k * 4], 2.5f * captured[k]) << k;
   EXPECT_FLOAT_EQ(out[5 * 4 + 3], 0.0f);

   /* Draw the captured points back through a pass-through program. */
   const char *vs = "#version 120\nattribute vec4 p;\nvoid main() { gl_Position = p / 10.0; }\n";
   std::string log;
   GLuint replay = program({{GL_VERTEX_SHADER, vs}, {GL_FRAGMENT_SHADER, kFs}}, &log);
   ASSERT_TRUE(replay) << log;
   glUseProgram(replay);
   glBindBuffer(GL_ARRAY_BUFFER, tf);
   const GLint p = glGetAttribLocation(replay, "p");
   glVertexAttribPointer(p, 4, GL_FLOAT, GL_FALSE, 0, nullptr);
   glEnableVertexAttribArray(p);
   GLuint q = 0;
   glGenQueries(1, &q);
   glBeginQuery(GL_PRIMITIVES_GENERATED, q);
   glDrawTransformFeedback(GL_POINTS, obj);
   glEndQuery(GL_PRIMITIVES_GENERATED);
   GLuint generated = 0;
   glGetQueryObjectuiv(q, GL_QUERY_RESULT, &generated);
   EXPECT_EQ(generated, 5u);
   EXPECT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
   glDeleteQueries(1, &q);
   glDeleteProgram(replay);
   glDeleteTransformFeedbacks(1, &obj);
   glDeleteBuffers(1, &tf);
}
