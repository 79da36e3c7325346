/* SPDX-License-Identifier: MIT */
/*
 * GL compute in the OpenGL 2.1 compatibility context: GLSL 1.20 shaders that enable
 * ARB_compute_shader, ARB_shader_storage_buffer_object, ARB_shader_atomic_counters,
 * ARB_shader_image_load_store, EXT_shader_image_load_formatted (GLSL 1.20 has no
 * image format qualifiers) and ARB_uniform_buffer_object (which also brings `layout`
 * and std430 to GLSL 1.20) with #extension, run
 * through st/mesa, the driver and the simulated GPU (DISPATCH, and DRAW with
 * fragment-shader stores). Results are checked against values computed here.
 */
#include "gl_util.h" /* first: GL_GLEXT_PROTOTYPES before any GL header */

#include <algorithm>
#include <gtest/gtest.h>

#include "device_counters.h"
#include "egl_surfaceless.h"
#include "gl_fbo.h"

using lsgpu::DeviceCounters;
using lsgpu::EglSurfaceless;
using lsgpu::GlFbo;
using namespace lsgpu_gl_test;

namespace
{

constexpr int kSize = 16; /* framebuffer of the fragment tests */

const char *kQuadVs = R"(#version 120
attribute vec2 pos;
uniform float depth;
void main() { gl_Position = vec4(pos, depth, 1.0); }
)";

/* `vertices` triangle vertices from buffer object vbo (vec2s) at attribute `pos`. */
void
draw_buffer(GLuint prog, GLuint vbo, GLsizei vertices)
{
   glBindBuffer(GL_ARRAY_BUFFER, vbo);
   const GLint pos = glGetAttribLocation(prog, "pos");
   glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
   glEnableVertexAttribArray(pos);
   glDrawArrays(GL_TRIANGLES, 0, vertices);
   glDisableVertexAttribArray(pos);
}

/* A triangle (or, with 6 vertices, the whole target) from a new vertex buffer, at
 * kQuadVs's `depth`. */
void
draw(GLuint prog, const std::vector<float> &xy, float depth = 0.0f)
{
   GLuint vbo = 0;
   glGenBuffers(1, &vbo);
   glBindBuffer(GL_ARRAY_BUFFER, vbo);
   glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(xy.size() * sizeof(float)), xy.data(),
                GL_STATIC_DRAW);
   glUniform1f(glGetUniformLocation(prog, "depth"), depth);
   draw_buffer(prog, vbo, (GLsizei)xy.size() / 2);
   glDeleteBuffers(1, &vbo);
}

const std::vector<float> kFullScreen = {-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1};
/* Covers about half the target, with edges through pixels: quads with helper lanes. */
const std::vector<float> kTriangle = {-1, -1, 0.9f, -0.8f, -0.7f, 0.95f};

class GlCompute : public ::testing::Test
{
 protected:
   void SetUp() override
   {
      ASSERT_TRUE(egl_.ok()) << egl_.error();
      /* The compatibility context (3.1 since issue 15) runs GLSL 1.20 shaders that
       * enable the compute extensions, as a 2.1 context does. */
      ASSERT_GE(std::string((const char *)glGetString(GL_VERSION)).substr(0, 3), "2.1");
   }
   EglSurfaceless egl_{EglSurfaceless::Api::GL};
};

} // namespace

TEST_F(GlCompute, the_2_1_context_offers_compute_and_its_companions)
{
   for (const char *ext : {"GL_ARB_compute_shader", "GL_ARB_shader_storage_buffer_object",
                           "GL_ARB_shader_image_load_store", "GL_ARB_shader_atomic_counters",
                           "GL_ARB_uniform_buffer_object"})
      EXPECT_TRUE(has_extension(ext)) << ext;
   GLint v = 0;
   glGetIntegerv(GL_MAX_COMPUTE_WORK_GROUP_INVOCATIONS, &v);
   EXPECT_EQ(v, 1024);
   glGetIntegerv(GL_MAX_COMPUTE_SHARED_MEMORY_SIZE, &v);
   EXPECT_GE(v, 32768);
   glGetIntegerv(GL_MAX_FRAGMENT_SHADER_STORAGE_BLOCKS, &v);
   EXPECT_GE(v, 8);
   glGetIntegerv(GL_MAX_FRAGMENT_IMAGE_UNIFORMS, &v);
   EXPECT_GE(v, 8);
   glGetIntegerv(GL_MAX_FRAGMENT_UNIFORM_BLOCKS, &v);
   EXPECT_GE(v, 12);
   EXPECT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
}

/* Workgroup and invocation ids, shared memory with barriers (a tree reduction),
 * storage-buffer atomics and an atomic counter, direct and indirect dispatch. */
TEST_F(GlCompute, glsl_120_compute_shader_reduces_in_shared_memory_and_counts_atomically)
{
   const char *cs = R"(#version 120
#extension GL_ARB_compute_shader : require
#extension GL_ARB_shader_storage_buffer_object : require
#extension GL_ARB_shader_atomic_counters : require
#extension GL_ARB_uniform_buffer_object : require
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer Ids { int ids[]; };
layout(std430, binding = 1) buffer Sums { int sums[]; };
layout(std430, binding = 2) buffer Total { int total; };
layout(binding = 0, offset = 0) uniform atomic_uint invocations;
shared int partial[64];
void main() {
   int g = int(gl_GlobalInvocationID.x);
   int l = int(gl_LocalInvocationIndex);
   ids[g] = 3 * g + int(gl_WorkGroupID.x);
   partial[l] = g;
   barrier();
   for (int s = 32; s > 0; s /= 2) {
      if (l < s)
         partial[l] += partial[l + s];
      barrier();
   }
   if (l == 0)
      sums[int(gl_WorkGroupID.x)] = partial[0];
   atomicAdd(total, g);
   atomicCounterIncrement(invocations);
}
)";
   std::string log;
   GLuint prog = program({{GL_COMPUTE_SHADER, cs}}, &log);
   ASSERT_NE(prog, 0u) << log;
   constexpr int kGroups = 8, kN = 64 * kGroups;
   GLuint ids = buffer(GL_SHADER_STORAGE_BUFFER, 0, kN * 4);
   GLuint sums = buffer(GL_SHADER_STORAGE_BUFFER, 1, kGroups * 4);
   GLuint total = buffer(GL_SHADER_STORAGE_BUFFER, 2, 4);
   GLuint counter = buffer(GL_ATOMIC_COUNTER_BUFFER, 0, 4);
   glUseProgram(prog);
   const DeviceCounters before = DeviceCounters::read();
   glDispatchCompute(kGroups, 1, 1);
   /* The same grid again from a buffer (glDispatchComputeIndirect). */
   const GLuint grid[3] = {kGroups, 1, 1};
   GLuint indirect = 0;
   glGenBuffers(1, &indirect);
   glBindBuffer(GL_DISPATCH_INDIRECT_BUFFER, indirect);
   glBufferData(GL_DISPATCH_INDIRECT_BUFFER, sizeof(grid), grid, GL_STATIC_DRAW);
   glDispatchComputeIndirect(0);
   glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);

   const auto id = read_buffer<int32_t>(GL_SHADER_STORAGE_BUFFER, ids, kN);
   for (int g = 0; g < kN; g++)
      ASSERT_EQ(id[g], 3 * g + g / 64) << "invocation " << g;
   const auto sum = read_buffer<int32_t>(GL_SHADER_STORAGE_BUFFER, sums, kGroups);
   for (int w = 0; w < kGroups; w++)
      EXPECT_EQ(sum[w], 64 * 64 * w + 63 * 64 / 2) << "workgroup " << w;
   EXPECT_EQ(read_buffer<int32_t>(GL_SHADER_STORAGE_BUFFER, total, 1)[0], 2 * (kN - 1) * kN / 2);
   EXPECT_EQ(read_buffer<uint32_t>(GL_ATOMIC_COUNTER_BUFFER, counter, 1)[0], 2u * kN);
   const DeviceCounters after = DeviceCounters::read();
   EXPECT_EQ(after.faults, before.faults);
   glDeleteBuffers(1, &indirect);
   for (GLuint b : {ids, sums, total, counter})
      glDeleteBuffers(1, &b);
   glDeleteProgram(prog);
}

/* imageLoad and imageStore of 2D images in a compute shader, with a uniform block
 * for the parameters; the result read back as a texture. */
TEST_F(GlCompute, compute_shader_loads_and_stores_images_with_a_uniform_block)
{
   const char *cs = R"(#version 120
#extension GL_ARB_compute_shader : require
#extension GL_ARB_shader_image_load_store : require
#extension GL_ARB_uniform_buffer_object : require
#extension GL_EXT_shader_image_load_formatted : require
layout(local_size_x = 8, local_size_y = 4) in;
uniform readonly image2D src;
uniform writeonly image2D dst;
layout(std140) uniform Params { vec4 scale; ivec4 offset; };
void main() {
   ivec2 p = ivec2(gl_GlobalInvocationID.xy);
   vec4 texel = imageLoad(src, p + offset.xy);
   imageStore(dst, p, texel.bgra * scale);
}
)";
   std::string log;
   GLuint prog = program({{GL_COMPUTE_SHADER, cs}}, &log);
   ASSERT_NE(prog, 0u) << log;
   constexpr int kW = 32, kH = 16;
   std::vector<uint8_t> texels(kW * kH * 4);
   for (int i = 0; i < kW * kH; i++)
      for (int c = 0; c < 4; c++)
         texels[i * 4 + c] = (uint8_t)(i * 7 + c * 61);
   GLuint tex[2];
   glGenTextures(2, tex);
   for (int t = 0; t < 2; t++) {
      glBindTexture(GL_TEXTURE_2D, tex[t]);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kW, kH, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                   t == 0 ? texels.data() : nullptr);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
   }
   glBindImageTexture(0, tex[0], 0, GL_FALSE, 0, GL_READ_ONLY, GL_RGBA8);
   glBindImageTexture(1, tex[1], 0, GL_FALSE, 0, GL_WRITE_ONLY, GL_RGBA8);
   glUseProgram(prog);
   glUniform1i(glGetUniformLocation(prog, "src"), 0);
   glUniform1i(glGetUniformLocation(prog, "dst"), 1);
   struct {
      float scale[4];
      int32_t offset[4];
   } params = {{1.0f, 0.5f, 1.0f, 1.0f}, {0, 8, 0, 0}};
   GLuint ubo = buffer(GL_UNIFORM_BUFFER, 3, sizeof(params), &params);
   glUniformBlockBinding(prog, glGetUniformBlockIndex(prog, "Params"), 3);
   /* Rows 0..7 of dst from rows 8..15 of src; rows 8..15 load outside src (zero). */
   glDispatchCompute(kW / 8, kH / 4, 1);
   glMemoryBarrier(GL_TEXTURE_UPDATE_BARRIER_BIT);
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);

   std::vector<uint8_t> out(kW * kH * 4);
   glBindTexture(GL_TEXTURE_2D, tex[1]);
   glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, out.data());
   for (int y = 0; y < kH; y++) {
      for (int x = 0; x < kW; x++) {
         const uint8_t *o = &out[(y * kW + x) * 4];
         if (y >= 8) {
            ASSERT_EQ(o[0] | o[1] | o[2] | o[3], 0) << x << "," << y << " loads outside src";
            continue;
         }
         const uint8_t *s = &texels[((y + 8) * kW + x) * 4];
         ASSERT_EQ(o[0], s[2]) << x << "," << y;
         ASSERT_NEAR(o[1], s[1] * 0.5, 0.51) << x << "," << y;
         ASSERT_EQ(o[2], s[0]) << x << "," << y;
         ASSERT_EQ(o[3], s[3]) << x << "," << y;
      }
   }
   glDeleteBuffers(1, &ubo);
   glDeleteTextures(2, tex);
   glDeleteProgram(prog);
}

/* Fragment shaders with side effects: an atomic counter and storage-buffer atomics
 * per pixel. Exactly the covered pixels count (helper lanes of partly covered quads
 * store nothing): the counter equals the samples-passed query and the pixels drawn. */
TEST_F(GlCompute, fragment_shader_counts_covered_pixels_only)
{
   const char *fs = R"(#version 120
#extension GL_ARB_shader_storage_buffer_object : require
#extension GL_ARB_shader_atomic_counters : require
#extension GL_ARB_uniform_buffer_object : require
layout(binding = 0, offset = 0) uniform atomic_uint fragments;
layout(std430, binding = 0) buffer Hits { int hits[]; };
void main() {
   atomicCounterIncrement(fragments);
   ivec2 p = ivec2(gl_FragCoord.xy);
   atomicAdd(hits[p.y * 16 + p.x], 1);
   gl_FragColor = vec4(1.0);
}
)";
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   std::string log;
   GLuint prog = program({{GL_VERTEX_SHADER, kQuadVs}, {GL_FRAGMENT_SHADER, fs}}, &log);
   ASSERT_NE(prog, 0u) << log;
   GLuint counter = buffer(GL_ATOMIC_COUNTER_BUFFER, 0, 4);
   GLuint hits = buffer(GL_SHADER_STORAGE_BUFFER, 0, kSize * kSize * 4);
   glClearColor(0, 0, 0, 0);
   glClear(GL_COLOR_BUFFER_BIT);
   glUseProgram(prog);
   GLuint query = 0;
   glGenQueries(1, &query);
   glBeginQuery(GL_SAMPLES_PASSED, query);
   draw(prog, kTriangle);
   glEndQuery(GL_SAMPLES_PASSED);
   GLuint passed = 0;
   glGetQueryObjectuiv(query, GL_QUERY_RESULT, &passed);
   std::vector<uint32_t> pixels(kSize * kSize);
   glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
   glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);

   const uint32_t count = read_buffer<uint32_t>(GL_ATOMIC_COUNTER_BUFFER, counter, 1)[0];
   EXPECT_GT(passed, 40u);
   EXPECT_LT(passed, 200u);
   EXPECT_EQ(count, passed);
   const auto hit = read_buffer<int32_t>(GL_SHADER_STORAGE_BUFFER, hits, kSize * kSize);
   for (int i = 0; i < kSize * kSize; i++)
      ASSERT_EQ(hit[i], pixels[i] ? 1 : 0) << "pixel " << i % kSize << "," << i / kSize;
   glDeleteQueries(1, &query);
   glDeleteBuffers(1, &counter);
   glDeleteBuffers(1, &hits);
   glDeleteProgram(prog);
}

/* A fragment shader that writes an image instead of its colour buffer. */
TEST_F(GlCompute, fragment_shader_stores_to_an_image)
{
   const char *fs = R"(#version 120
#extension GL_ARB_shader_image_load_store : require
uniform writeonly image2D img;
void main() {
   ivec2 p = ivec2(gl_FragCoord.xy);
   imageStore(img, p, vec4(float(p.x) / 15.0, float(p.y) / 15.0, 0.5, 1.0));
}
)";
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   std::string log;
   GLuint prog = program({{GL_VERTEX_SHADER, kQuadVs}, {GL_FRAGMENT_SHADER, fs}}, &log);
   ASSERT_NE(prog, 0u) << log;
   GLuint tex = 0;
   glGenTextures(1, &tex);
   glBindTexture(GL_TEXTURE_2D, tex);
   const std::vector<uint32_t> zero(kSize * kSize, 0);
   glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kSize, kSize, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                zero.data());
   glBindImageTexture(2, tex, 0, GL_FALSE, 0, GL_WRITE_ONLY, GL_RGBA8);
   glUseProgram(prog);
   glUniform1i(glGetUniformLocation(prog, "img"), 2);
   glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
   draw(prog, kFullScreen);
   glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
   glMemoryBarrier(GL_TEXTURE_UPDATE_BARRIER_BIT);
   std::vector<uint8_t> out(kSize * kSize * 4);
   glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, out.data());
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
   for (int y = 0; y < kSize; y++)
      for (int x = 0; x < kSize; x++) {
         const uint8_t *o = &out[(y * kSize + x) * 4];
         ASSERT_EQ(o[0], x * 17) << x << "," << y;
         ASSERT_EQ(o[1], y * 17) << x << "," << y;
         ASSERT_EQ(o[2], 128) << x << "," << y;
         ASSERT_EQ(o[3], 255) << x << "," << y;
      }
   glDeleteTextures(1, &tex);
   glDeleteProgram(prog);
}

/* layout(early_fragment_tests): fragments hidden by the depth buffer never run the
 * shader, so they count nothing; without it, the shader runs before the test. */
TEST_F(GlCompute, early_fragment_tests_keep_hidden_fragments_from_storing)
{
   const char *fs_template = R"(#version 120
#extension GL_ARB_shader_image_load_store : require
#extension GL_ARB_shader_atomic_counters : require
#extension GL_ARB_explicit_attrib_location : require
%s
layout(binding = 0, offset = 0) uniform atomic_uint fragments;
void main() {
   atomicCounterIncrement(fragments);
   gl_FragColor = vec4(1.0, 0.0, 0.0, 1.0);
}
)";
   GlFbo fbo(kSize, kSize, true);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   const char *fill_fs = "#version 120\nvoid main() { gl_FragColor = vec4(0.0, 1.0, 0.0, 1.0); }\n";
   std::string log;
   GLuint fill = program({{GL_VERTEX_SHADER, kQuadVs}, {GL_FRAGMENT_SHADER, fill_fs}}, &log);
   ASSERT_NE(fill, 0u) << log;
   for (bool early : {true, false}) {
      char fs[1024];
      snprintf(fs, sizeof(fs), fs_template, early ? "layout(early_fragment_tests) in;" : "");
      GLuint prog = program({{GL_VERTEX_SHADER, kQuadVs}, {GL_FRAGMENT_SHADER, fs}}, &log);
      ASSERT_NE(prog, 0u) << log;
      GLuint counter = buffer(GL_ATOMIC_COUNTER_BUFFER, 0, 4);
      glClearColor(0, 0, 0, 0);
      glClearDepth(1.0);
      glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
      glEnable(GL_DEPTH_TEST);
      glDepthFunc(GL_LESS);
      glUseProgram(fill);
      draw(fill, kFullScreen, 0.0f); /* depth 0.5 everywhere */
      glUseProgram(prog);
      draw(prog, kFullScreen, 0.5f); /* behind it: depth 0.75 */
      glDisable(GL_DEPTH_TEST);
      uint32_t pixel = 0;
      glReadPixels(kSize / 2, kSize / 2, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, &pixel);
      EXPECT_EQ(pixel, 0xff00ff00u) << "the hidden quad is not drawn";
      glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
      const uint32_t count = read_buffer<uint32_t>(GL_ATOMIC_COUNTER_BUFFER, counter, 1)[0];
      EXPECT_EQ(count, early ? 0u : (uint32_t)(kSize * kSize))
         << (early ? "with" : "without") << " early_fragment_tests";
      ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
      glDeleteBuffers(1, &counter);
      glDeleteProgram(prog);
   }
   glDeleteProgram(fill);
}

/* Uniform blocks in vertex and fragment shaders (two blocks, bindings apart from
 * their indices), and a compute shader's output drawn as a vertex buffer after
 * glMemoryBarrier. */
TEST_F(GlCompute, compute_output_feeds_a_draw_with_uniform_blocks)
{
   const char *cs = R"(#version 120
#extension GL_ARB_compute_shader : require
#extension GL_ARB_shader_storage_buffer_object : require
#extension GL_ARB_uniform_buffer_object : require
layout(local_size_x = 6) in;
layout(std430, binding = 4) buffer Verts { vec2 xy[]; };
void main() {
   int i = int(gl_LocalInvocationIndex);
   /* Two triangles covering the right half of the target. */
   float x = (i == 0 || i == 2 || i == 3) ? 0.0 : 1.0;
   float y = (i == 0 || i == 1 || i == 4) ? -1.0 : 1.0;
   xy[i] = vec2(x, y);
}
)";
   const char *vs = R"(#version 120
#extension GL_ARB_uniform_buffer_object : require
attribute vec2 pos;
layout(std140) uniform Shift { vec4 shift; };
void main() { gl_Position = vec4(pos + shift.xy, 0.0, 1.0); }
)";
   const char *fs = R"(#version 120
#extension GL_ARB_uniform_buffer_object : require
layout(std140) uniform Colors { vec4 base; vec4 add; };
void main() { gl_FragColor = base + add; }
)";
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   std::string log;
   GLuint compute = program({{GL_COMPUTE_SHADER, cs}}, &log);
   ASSERT_NE(compute, 0u) << log;
   GLuint prog = program({{GL_VERTEX_SHADER, vs}, {GL_FRAGMENT_SHADER, fs}}, &log);
   ASSERT_NE(prog, 0u) << log;
   GLuint verts = buffer(GL_SHADER_STORAGE_BUFFER, 4, 6 * 8);
   glUseProgram(compute);
   glDispatchCompute(1, 1, 1);
   glMemoryBarrier(GL_VERTEX_ATTRIB_ARRAY_BARRIER_BIT);

   const float shift[4] = {-0.5f, 0, 0, 0}; /* to the middle half */
   const float colors[8] = {0.0f, 0.5f, 0.0f, 1.0f, 0.0f, 0.5f, 1.0f, 0.0f};
   GLuint shift_ubo = buffer(GL_UNIFORM_BUFFER, 5, sizeof(shift), shift);
   GLuint color_ubo = buffer(GL_UNIFORM_BUFFER, 1, sizeof(colors), colors);
   glUniformBlockBinding(prog, glGetUniformBlockIndex(prog, "Shift"), 5);
   glUniformBlockBinding(prog, glGetUniformBlockIndex(prog, "Colors"), 1);
   glClearColor(0, 0, 0, 0);
   glClear(GL_COLOR_BUFFER_BIT);
   glUseProgram(prog);
   draw_buffer(prog, verts, 6);
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
   for (int x = 0; x < kSize; x++) {
      uint32_t pixel = 0;
      glReadPixels(x, kSize / 2, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, &pixel);
      const bool inside = x >= kSize / 4 && x < 3 * kSize / 4;
      EXPECT_EQ(pixel, inside ? 0xffffff00u : 0u) << "column " << x;
   }
   for (GLuint b : {verts, shift_ubo, color_ubo})
      glDeleteBuffers(1, &b);
   glDeleteProgram(prog);
   glDeleteProgram(compute);
}

/* Vertex shaders have storage buffers and atomic counters too: each vertex of a
 * non-indexed draw takes a slot from an atomic counter (the values returned are
 * unique) and records its position there. */
TEST_F(GlCompute, vertex_shader_writes_a_storage_buffer_and_counts)
{
   const char *vs = R"(#version 120
#extension GL_ARB_shader_storage_buffer_object : require
#extension GL_ARB_shader_atomic_counters : require
#extension GL_ARB_uniform_buffer_object : require
attribute vec2 pos;
uniform float depth;
layout(binding = 0, offset = 4) uniform atomic_uint vertices;
layout(std430, binding = 1) buffer Seen { vec2 seen[]; };
void main() {
   seen[int(atomicCounterIncrement(vertices))] = pos * 2.0;
   gl_Position = vec4(pos, depth, 1.0);
}
)";
   const char *fs = "#version 120\nvoid main() { gl_FragColor = vec4(1.0); }\n";
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   std::string log;
   GLuint prog = program({{GL_VERTEX_SHADER, vs}, {GL_FRAGMENT_SHADER, fs}}, &log);
   ASSERT_NE(prog, 0u) << log;
   GLuint counter = buffer(GL_ATOMIC_COUNTER_BUFFER, 0, 8);
   GLuint seen = buffer(GL_SHADER_STORAGE_BUFFER, 1, kFullScreen.size() * 4);
   glUseProgram(prog);
   draw(prog, kFullScreen);
   glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
   const auto count = read_buffer<uint32_t>(GL_ATOMIC_COUNTER_BUFFER, counter, 2);
   EXPECT_EQ(count[0], 0u) << "offset 4 is the counter";
   EXPECT_EQ(count[1], 6u) << "one invocation per vertex of a non-indexed draw";
   const auto xy = read_buffer<float>(GL_SHADER_STORAGE_BUFFER, seen, kFullScreen.size());
   std::vector<std::pair<float, float>> got, want;
   for (size_t i = 0; i < kFullScreen.size(); i += 2) {
      got.emplace_back(xy[i], xy[i + 1]);
      want.emplace_back(kFullScreen[i] * 2.0f, kFullScreen[i + 1] * 2.0f);
   }
   std::sort(got.begin(), got.end());
   std::sort(want.begin(), want.end());
   EXPECT_EQ(got, want) << "every vertex recorded once, at the slot its increment returned";
   glDeleteBuffers(1, &counter);
   glDeleteBuffers(1, &seen);
   glDeleteProgram(prog);
}
