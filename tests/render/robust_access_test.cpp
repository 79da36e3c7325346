/* SPDX-License-Identifier: MIT */
/*
 * Robust buffer access through GL (docs/command-stream-reference.md, VERTEX_ELEMENT.size
 * and DRAW.index_buffer_size): a draw whose indices reach past the vertex buffer, or
 * whose index range reaches past the index buffer, renders what lies inside and reads
 * (0, 0, 0, 1) outside, instead of faulting the job and losing the context.
 */
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#include <gtest/gtest.h>
#include <vector>

#include "device_counters.h"
#include "egl_surfaceless.h"
#include "gl_fbo.h"
#include "gl_program.h"

using lsgpu::DeviceCounters;
using lsgpu::EglSurfaceless;
using lsgpu::GlFbo;

namespace
{

constexpr int kSize = 64;

uint32_t
pixel(int x, int y)
{
   uint32_t p = 0;
   glReadPixels(x, y, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, &p);
   return p;
}

} // namespace

TEST(RobustAccess, indices_past_the_vertex_buffer_read_zero_and_do_not_fault)
{
   EglSurfaceless egl{EglSurfaceless::Api::GL};
   ASSERT_TRUE(egl.ok()) << egl.error();
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();

   /* Three vertices: a triangle over the lower-left half of the target. */
   const float verts[] = {-1, -1, 1, -1, -1, 1};
   GLuint vbo = 0, ibo = 0;
   glGenBuffers(1, &vbo);
   glBindBuffer(GL_ARRAY_BUFFER, vbo);
   glBufferData(GL_ARRAY_BUFFER, sizeof(verts), verts, GL_STATIC_DRAW);
   glVertexPointer(2, GL_FLOAT, 0, nullptr);
   glEnableClientState(GL_VERTEX_ARRAY);
   /* The second triangle's third vertex is far past the buffer's end. */
   const GLushort indices[] = {0, 1, 2, 0, 1, 5000};
   glGenBuffers(1, &ibo);
   glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo);
   glBufferData(GL_ELEMENT_ARRAY_BUFFER, sizeof(indices), indices, GL_STATIC_DRAW);

   glClearColor(0, 0, 0, 0);
   glClear(GL_COLOR_BUFFER_BIT);
   glColor4f(1, 0, 0, 1);
   const DeviceCounters before = DeviceCounters::read();
   ASSERT_TRUE(before.valid);
   glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, nullptr);
   /* Nine indices from a buffer of six: the last three lie past the index buffer and
    * read as 0. */
   glDrawElements(GL_TRIANGLES, 9, GL_UNSIGNED_SHORT, nullptr);
   EXPECT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
   EXPECT_EQ(pixel(8, 8), 0xff0000ffu) << "the triangle inside the buffer is drawn";
   EXPECT_EQ(pixel(kSize - 4, kSize - 4), 0u) << "the upper right stays clear";
   glFinish();
   const DeviceCounters after = DeviceCounters::read();
   EXPECT_EQ(after.faults, before.faults) << "no job faulted";
   EXPECT_GT(after.primitives, before.primitives);
   /* Vertex 5000 once, and the three indices past the index buffer. */
   EXPECT_GE(after.robust_accesses - before.robust_accesses, 4u) << "absorbed and counted";

   /* The context goes on drawing. */
   glColor4f(0, 1, 0, 1);
   glDrawArrays(GL_TRIANGLES, 0, 3);
   EXPECT_EQ(pixel(8, 8), 0xff00ff00u);
   glDeleteBuffers(1, &ibo);
   glDeleteBuffers(1, &vbo);
}

namespace
{

/* A blue triangle about pixel (x, y) of a size x size target, `half` pixels from its
 * centre to its sides: 2D positions for glVertexPointer. */
void
add_triangle(std::vector<float> &verts, float x, float y, int size, float half)
{
   const float cx = (x + 0.5f) / size * 2 - 1, cy = (y + 0.5f) / size * 2 - 1, d = 2 * half / size;
   const float tri[] = {cx - d, cy - d, cx + d, cy - d, cx, cy + d};
   verts.insert(verts.end(), tri, tri + 6);
}

/* Clears the bound size x size target, draws `draws` glDrawArrays of per_draw vertices
 * each from verts in blue, and finishes: how many jobs the device ran for them (none
 * may fault). One glDrawArrays each: immediate mode would merge them into one draw. */
unsigned
jobs_to_draw(const std::vector<float> &verts, int size, int draws, int per_draw)
{
   glViewport(0, 0, size, size);
   glClearColor(0, 0, 0, 0);
   glClear(GL_COLOR_BUFFER_BIT);
   glFinish();
   const DeviceCounters before = DeviceCounters::read();
   EXPECT_TRUE(before.valid);
   glColor4f(0, 0, 1, 1);
   glVertexPointer(2, GL_FLOAT, 0, verts.data());
   glEnableClientState(GL_VERTEX_ARRAY);
   for (int i = 0; i < draws; i++)
      glDrawArrays(GL_TRIANGLES, per_draw * i, per_draw);
   glDisableClientState(GL_VERTEX_ARRAY);
   glFinish();
   const DeviceCounters after = DeviceCounters::read();
   EXPECT_EQ(after.faults, before.faults);
   return (unsigned)(after.jobs - before.jobs);
}

} // namespace

/* A job holds draws covering at most LSGPU_JOB_PIXEL_BUDGET (1 Mi) pixels of their
 * scissored framebuffer, so that hundreds of full-screen draws never meet the
 * watchdog in one job: 24 draws into a 1024x1024 target (1 Mi each, tiny triangles so
 * that the test stays fast) take a job each before the glFinish, and every triangle
 * lands. */
TEST(RobustAccess, many_large_draws_are_split_into_bounded_jobs)
{
   EglSurfaceless egl{EglSurfaceless::Api::GL};
   ASSERT_TRUE(egl.ok()) << egl.error();
   constexpr int kBig = 1024, kDraws = 24;
   GlFbo fbo(kBig, kBig);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   std::vector<float> verts;
   for (int i = 0; i < kDraws; i++)
      add_triangle(verts, 8.0f * i + 1, 1, kBig, 2);
   EXPECT_GE(jobs_to_draw(verts, kBig, kDraws, 3), 24u) << "24 Mi pixels of draws in 1 Mi jobs";
   for (int i = 0; i < kDraws; i++)
      EXPECT_EQ(pixel(8 * i + 1, 1), 0xffff0000u) << "triangle " << i;
}

/* A job's draws name at most LSGPU_JOB_VERTEX_BUDGET (256 Ki) vertices: eight draws of
 * 98,304 vertices into a small target (a dense mesh's worth each, every triangle but
 * the last of a draw empty, so that the test stays fast) take at least three jobs
 * before the glFinish, and each draw's last triangle lands. */
TEST(RobustAccess, draws_of_many_vertices_are_split_into_bounded_jobs)
{
   EglSurfaceless egl{EglSurfaceless::Api::GL};
   ASSERT_TRUE(egl.ok()) << egl.error();
   constexpr int kSize = 64, kDraws = 8, kVertices = 3 * 32768;
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   std::vector<float> verts;
   for (int i = 0; i < kDraws; i++) {
      verts.resize(((size_t)(i + 1) * kVertices - 3) * 2, -1.0f); /* empty triangles */
      add_triangle(verts, 4.0f * i + 1, 1, kSize, 1);
   }
   EXPECT_GE(jobs_to_draw(verts, kSize, kDraws, kVertices), 3u) << "768 Ki vertices in 256 Ki jobs";
   for (int i = 0; i < kDraws; i++)
      EXPECT_EQ(pixel(4 * i + 1, 1), 0xffff0000u) << "draw " << i;
}

namespace
{

/* A linked program, or 0 if it did not link. */
GLuint
program(const char *vs, const char *fs)
{
   const GLuint prog = lsgpu::link_program(vs, fs);
   return lsgpu::program_linked(prog) ? prog : 0;
}

void
fullscreen(GLuint prog)
{
   static const float quad[] = {-1, -1, 1, -1, -1, 1, 1, 1};
   const GLint pos = glGetAttribLocation(prog, "position");
   glBindBuffer(GL_ARRAY_BUFFER, 0);
   glEnableVertexAttribArray(pos);
   glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, quad);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
   glDisableVertexAttribArray(pos);
}

} // namespace

/* A uniform array indexed past its end (a dynamic index, so the compiler cannot see
 * it) and a uniform block read past the range bound to it read zeros (docs/isa.md §4,
 * the robustness sink), as on llvmpipe; nothing faults and the context goes on. */
TEST(RobustAccess, uniform_arrays_and_blocks_read_past_their_end_read_zero)
{
   EglSurfaceless egl{EglSurfaceless::Api::GL};
   ASSERT_TRUE(egl.ok()) << egl.error();
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   const char *vs = "#version 140\nin vec2 position;\n"
                    "void main() { gl_Position = vec4(position, 0.0, 1.0); }\n";
   const GLuint uniforms =
      program(vs, "#version 140\n"
                  "uniform vec4 colors[4];\n"
                  "uniform int index;\n"
                  "out vec4 color;\n"
                  "void main() { color = colors[index] + vec4(0, 0, 0, 1); }\n");
   const GLuint block = program(vs, "#version 140\n"
                                    "uniform Block { vec4 entries[16]; };\n"
                                    "uniform int index;\n"
                                    "out vec4 color;\n"
                                    "void main() { color = entries[index] + vec4(0, 0, 0, 1); }\n");
   ASSERT_NE(uniforms, 0u);
   ASSERT_NE(block, 0u);
   glBindFragDataLocation(uniforms, 0, "color");
   glBindFragDataLocation(block, 0, "color");
   glLinkProgram(uniforms);
   glLinkProgram(block);

   const DeviceCounters before = DeviceCounters::read();
   ASSERT_TRUE(before.valid);
   auto draw_and_read = [&](GLuint prog, int index) {
      glUseProgram(prog);
      glUniform1i(glGetUniformLocation(prog, "index"), index);
      glClearColor(0.2f, 0.2f, 0.2f, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      fullscreen(prog);
      return pixel(kSize / 2, kSize / 2);
   };

   glUseProgram(uniforms);
   const float colors[16] = {1, 0, 0, 0.5f, 0, 1, 0, 0.5f, 0, 0, 1, 0.5f, 1, 1, 0, 0.5f};
   glUniform4fv(glGetUniformLocation(uniforms, "colors"), 4, colors);
   EXPECT_EQ(draw_and_read(uniforms, 2), 0xffff0000u) << "inside: colors[2] is blue";
   EXPECT_EQ(draw_and_read(uniforms, 100000), 0xff000000u) << "past the end: zeros";
   EXPECT_EQ(draw_and_read(uniforms, -3), 0xff000000u) << "before the start: zeros";

   /* A 16-entry block with only its first four entries bound (glBindBufferRange). */
   float entries[16 * 4] = {};
   for (int i = 0; i < 16; i++)
      entries[4 * i + (i % 3)] = 1.0f;
   GLuint ubo = 0;
   glGenBuffers(1, &ubo);
   glBindBuffer(GL_UNIFORM_BUFFER, ubo);
   glBufferData(GL_UNIFORM_BUFFER, sizeof(entries), entries, GL_STATIC_DRAW);
   glUniformBlockBinding(block, glGetUniformBlockIndex(block, "Block"), 0);
   glBindBufferRange(GL_UNIFORM_BUFFER, 0, ubo, 0, 4 * 16);
   EXPECT_EQ(draw_and_read(block, 1), 0xff00ff00u) << "inside the range: entry 1 is green";
   EXPECT_EQ(draw_and_read(block, 10), 0xff000000u) << "past the bound range: zeros";
   EXPECT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
   glFinish();
   const DeviceCounters after = DeviceCounters::read();
   EXPECT_EQ(after.faults, before.faults) << "no job faulted";
   EXPECT_GE(after.robust_accesses - before.robust_accesses, 3u * kSize * kSize)
      << "every fragment of the three out-of-range draws went to the sink";

   /* The context goes on drawing. */
   EXPECT_EQ(draw_and_read(uniforms, 0), 0xff0000ffu);
   glUseProgram(0);
   glDeleteBuffers(1, &ubo);
   glDeleteProgram(uniforms);
   glDeleteProgram(block);
}
