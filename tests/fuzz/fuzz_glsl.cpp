/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: GLSL through the whole stack. Each input becomes a vertex and
 * fragment shader pair (generated from the bytes, or, for an input that starts with
 * '#', the input itself as fragment shader text), compiled by st/mesa and lsgpu's
 * compiler into LSGPU-1 binaries and drawn on a 16x16 framebuffer of the simulated
 * GPU, whose shader cores run them under the job watchdog. A program that hangs or
 * faults is reset: a robust context reports it and a new one takes over, a
 * non-robust one draws on (contexts of both kinds take turns).
 *
 * A bug is a crash in this process (Mesa, the driver, the winsys), a device server
 * that died (its counters start again) or an ioctl the interposer could not answer.
 * GL errors, compile and link failures, GPU faults and resets are outcomes, not bugs.
 *
 * Coverage: st/mesa and the device server are not instrumented, so besides the
 * harness's own edges the target feeds libFuzzer extra counters for what the GPU did
 * (the device counters' deltas, bucketed: instructions, SIMT efficiency, texture
 * requests, fragments, absorbed out-of-bounds accesses, faults, resets) and for GL's
 * outcome (link status, errors, reset status). An input that makes the shader cores
 * do something new is kept.
 *
 * Run with ./lsgpu fuzz glsl [SECONDS]; LSGPU_FUZZ_PRINT=1 prints each program.
 */
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#include <EGL/egl.h>
#include <FuzzedDataProvider.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "device_counters.h"
#include "egl_surfaceless.h"
#include "gl_fbo.h"
#include "gl_program.h"
#include "glsl_generator.h"

namespace
{

constexpr int kSize = 16;
constexpr size_t kFeatures = 1 << 14;

/* libFuzzer reads this section after every input as extra coverage (and clears it
 * before the next); other builds just carry an array. */
__attribute__((section("__libfuzzer_extra_counters"))) uint8_t g_features[kFeatures];

enum Feature {
   F_TEXT,
   F_LINKED,
   F_GL_ERROR,
   F_RESET_STATUS,
   F_WARP_INSTRUCTIONS,
   F_SIMT_EFFICIENCY,
   F_TEXTURE_REQUESTS,
   F_FRAGMENTS,
   F_ROBUST_ACCESSES,
   F_FAULTS,
   F_RESETS,
   F_PIXEL_CLASS,
};

unsigned
log2_bucket(uint64_t v)
{
   return v ? 64 - __builtin_clzll(v) : 0;
}

void
feature(Feature kind, uint64_t value)
{
   g_features[(kind * 131 + value * 7919) % kFeatures]++;
}

/* The GL objects every input draws with, remade after a reset. */
struct Gl {
   explicit Gl(bool robust) : robust(robust), egl(lsgpu::EglSurfaceless::Api::GL, robust) {}
   const bool robust;
   lsgpu::EglSurfaceless egl;
   std::unique_ptr<lsgpu::GlFbo> fbo;
   GLuint texture = 0, cube = 0, vbo = 0;
   PFNGLGETGRAPHICSRESETSTATUSARBPROC reset_status = nullptr;

   bool init()
   {
      if (!egl.ok() ||
          !eglMakeCurrent(egl.display(), EGL_NO_SURFACE, EGL_NO_SURFACE, egl.context()))
         return false;
      reset_status =
         (PFNGLGETGRAPHICSRESETSTATUSARBPROC)eglGetProcAddress("glGetGraphicsResetStatusARB");
      fbo = std::make_unique<lsgpu::GlFbo>(kSize, kSize, /*depth_stencil*/ true);
      if (!fbo->ok() || !reset_status)
         return false;
      glViewport(0, 0, kSize, kSize);
      /* A 4x4 texture with distinct texels, repeated and filtered. */
      uint8_t texels[4 * 4 * 4];
      for (int i = 0; i < 64; i++)
         texels[i] = (uint8_t)(i * 37 + 11);
      glGenTextures(1, &texture);
      glBindTexture(GL_TEXTURE_2D, texture);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, 4, 4, 0, GL_RGBA, GL_UNSIGNED_BYTE, texels);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
      /* A cube map on unit 1: one 2x2 face of the same texels per side, mipmapped. */
      glActiveTexture(GL_TEXTURE1);
      glGenTextures(1, &cube);
      glBindTexture(GL_TEXTURE_CUBE_MAP, cube);
      for (int face = 0; face < 6; face++) {
         glTexImage2D(GL_TEXTURE_CUBE_MAP_POSITIVE_X + face, 0, GL_RGBA, 2, 2, 0, GL_RGBA,
                      GL_UNSIGNED_BYTE, texels + 16 * (face % 4));
         glTexImage2D(GL_TEXTURE_CUBE_MAP_POSITIVE_X + face, 1, GL_RGBA, 1, 1, 0, GL_RGBA,
                      GL_UNSIGNED_BYTE, texels + 4 * face);
      }
      glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
      glActiveTexture(GL_TEXTURE0);
      /* A quad of two triangles: position and a colour per vertex. */
      const float verts[] = {-1, -1, 0, 1, 1, 0, 0, 1, 1, -1, 0, 1, 0, 1, 0, 1,
                             -1, 1,  0, 1, 0, 0, 1, 1, 1, 1,  0, 1, 1, 1, 1, 0};
      glGenBuffers(1, &vbo);
      glBindBuffer(GL_ARRAY_BUFFER, vbo);
      glBufferData(GL_ARRAY_BUFFER, sizeof(verts), verts, GL_STATIC_DRAW);
      glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, 32, nullptr);
      glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, 32, (const void *)16);
      glEnableVertexAttribArray(0);
      glEnableVertexAttribArray(1);
      return glGetError() == GL_NO_ERROR;
   }
};

std::unique_ptr<Gl> g_gl;
unsigned g_contexts, g_inputs;
/* Contexts are made anew every so many inputs, robust and not in turn: a non-robust
 * one lives through resets (the driver moves it to a new kernel context), and making
 * and tearing down contexts is fuzzed too. */
constexpr unsigned kInputsPerContext = 256;
lsgpu::DeviceCounters g_last;

float
uniform_value(FuzzedDataProvider &fdp)
{
   static const float kInteresting[] = {0.f, 1.f,   -1.f, 0.5f,  3.f,  7.f,
                                        8.f, 100.f, 1e9f, -1e9f, 1e30f};
   if (fdp.ConsumeBool())
      return kInteresting[fdp.ConsumeIntegralInRange<size_t>(0, std::size(kInteresting) - 1)];
   return fdp.ConsumeFloatingPointInRange<float>(-16.f, 16.f);
}

void
set_uniforms(GLuint prog, FuzzedDataProvider &fdp)
{
   float u[lsgpu::fuzz::kUniformFloats];
   for (float &v : u)
      v = uniform_value(fdp);
   float uv[4], um[16];
   for (float &v : uv)
      v = uniform_value(fdp);
   for (int i = 0; i < 16; i++)
      um[i] = fdp.ConsumeBool() ? (i % 5 == 0) : uniform_value(fdp);
   glUniform1fv(glGetUniformLocation(prog, "u"), lsgpu::fuzz::kUniformFloats, u);
   glUniform4fv(glGetUniformLocation(prog, "uv"), 1, uv);
   glUniformMatrix4fv(glGetUniformLocation(prog, "um"), 1, GL_FALSE, um);
   /* Loop limits come from ui and u[]: mostly small, now and then effectively none. */
   glUniform1i(glGetUniformLocation(prog, "ui"), fdp.ConsumeIntegralInRange(0, 15) == 0
                                                    ? fdp.ConsumeIntegral<int>()
                                                    : fdp.ConsumeIntegralInRange(-2, 20));
   glUniform1i(glGetUniformLocation(prog, "ub"), fdp.ConsumeBool());
   glUniform1i(glGetUniformLocation(prog, "tex"), 0);
   glUniform1i(glGetUniformLocation(prog, "cube"), 1);
   /* Depth: off, or tested against the cleared 0.5 with any function (gl_FragDepth). */
   if (fdp.ConsumeBool()) {
      glEnable(GL_DEPTH_TEST);
      glDepthFunc(GL_NEVER + fdp.ConsumeIntegralInRange(0, 7));
   } else {
      glDisable(GL_DEPTH_TEST);
   }
}

/* Draws the program and returns whether the context survived. */
bool
draw(const lsgpu::fuzz::GlslProgram &p, FuzzedDataProvider &fdp)
{
   GLuint prog = lsgpu::unlinked_program(p.vs.c_str(), p.fs.c_str());
   glBindAttribLocation(prog, 0, "a_pos");
   glBindAttribLocation(prog, 1, "a_col");
   glLinkProgram(prog);
   const bool linked = lsgpu::program_linked(prog);
   feature(F_LINKED, linked);
   if (!linked && getenv("LSGPU_FUZZ_PRINT")) {
      char log[4096] = "";
      GLuint shaders[2];
      GLsizei n = 0;
      glGetAttachedShaders(prog, 2, &n, shaders);
      for (GLsizei i = 0; i < n; i++) {
         glGetShaderInfoLog(shaders[i], sizeof(log), nullptr, log);
         fprintf(stderr, "--- shader %d: %s\n", i, log);
      }
      glGetProgramInfoLog(prog, sizeof(log), nullptr, log);
      fprintf(stderr, "--- link failed: %s\n", log);
   }
   if (linked) {
      glUseProgram(prog);
      set_uniforms(prog, fdp);
      glClearColor(0.25f, 0.5f, 0.75f, 1.f);
      glClearDepth(0.5);
      glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
      glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
      uint8_t pixels[kSize * kSize * 4];
      glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
      /* How much of the picture the shader changed, in four classes. */
      int changed = 0;
      for (int i = 0; i < kSize * kSize; i++)
         changed += pixels[4 * i] != 64 || pixels[4 * i + 1] != 128 || pixels[4 * i + 2] != 191;
      feature(F_PIXEL_CLASS, changed == 0 ? 0 : changed == kSize * kSize ? 2 : 1);
      glUseProgram(0);
   }
   glDeleteProgram(prog);
   for (GLenum e; (e = glGetError()) != GL_NO_ERROR;)
      feature(F_GL_ERROR, e);
   const GLenum status = g_gl->reset_status();
   feature(F_RESET_STATUS, status * 2 + g_gl->robust);
   if (getenv("LSGPU_FUZZ_PRINT"))
      fprintf(stderr, "--- %s, reset status 0x%x\n", linked ? "linked" : "not linked", status);
   return status == GL_NO_ERROR;
}

/* What the GPU did for this input, from the device counters, as features. A device
 * server that died and came back on demand starts its counters again: a bug. */
void
gpu_features()
{
   const lsgpu::DeviceCounters now = lsgpu::DeviceCounters::read();
   if (!now.valid || now.jobs < g_last.jobs) {
      fprintf(stderr, "fuzz_glsl: the device server %s\n",
              now.valid ? "restarted (it crashed)" : "does not answer");
      __builtin_trap();
   }
   const lsgpu::DeviceCounters d = now.since(g_last);
   g_last = now;
   if (getenv("LSGPU_FUZZ_PRINT"))
      fprintf(stderr, "--- the GPU: %s\n", d.to_string().c_str());
   feature(F_WARP_INSTRUCTIONS, log2_bucket(d.warp_instructions));
   if (d.warp_instructions)
      feature(F_SIMT_EFFICIENCY, d.lane_instructions / d.warp_instructions); /* 0..16 */
   feature(F_TEXTURE_REQUESTS, log2_bucket(d.texture_requests));
   feature(F_FRAGMENTS, log2_bucket(d.fragments));
   feature(F_ROBUST_ACCESSES, log2_bucket(d.robust_accesses));
   feature(F_FAULTS, d.faults);
   feature(F_RESETS, d.resets);
}

} // namespace

extern "C" int
LLVMFuzzerInitialize(int *, char ***)
{
   /* A short watchdog, 2 ms of GPU time (a 16x16 draw takes microseconds): generated
    * loops may run for ever, and each is a reset. */
   setenv("LSGPU_SIM_JOB_TIMEOUT_MS", "2", 0);
   setenv("MESA_SHADER_CACHE_DISABLE", "true", 0);
   g_last = lsgpu::DeviceCounters::read();
   if (!g_last.valid) {
      fprintf(stderr, "fuzz_glsl: no lsgpu device (run through ./lsgpu fuzz glsl)\n");
      abort();
   }
   return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
   if (g_gl && ++g_inputs % kInputsPerContext == 0)
      g_gl.reset();
   if (!g_gl) {
      g_gl = std::make_unique<Gl>(g_contexts++ % 2 == 0);
      if (!g_gl->init()) {
         fprintf(stderr, "fuzz_glsl: no GL context: %s\n", g_gl->egl.error().c_str());
         abort();
      }
   }
   FuzzedDataProvider fdp(data, size);
   lsgpu::fuzz::GlslProgram p;
   const bool text = size && data[0] == '#';
   feature(F_TEXT, text);
   if (text) {
      p.vs = lsgpu::fuzz::kPassThroughVs;
      p.fs.assign((const char *)data, size);
   } else {
      p = lsgpu::fuzz::generate_glsl(fdp);
   }
   if (getenv("LSGPU_FUZZ_PRINT"))
      fprintf(stderr, "--- vertex shader\n%s--- fragment shader\n%s", p.vs.c_str(), p.fs.c_str());
   if (!draw(p, fdp))
      g_gl.reset(); /* lost: the next input gets a new context */
   gpu_features();
   return 0;
}
