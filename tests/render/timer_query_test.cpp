/* SPDX-License-Identifier: MIT */
/*
 * GL timer queries measure the modelled GPU's time (docs/isa.md §6.1), not how long
 * the host took to simulate the work: the same work measures the same time on every
 * run, and the time of a whole job's work is the device's GPU_CYCLES for it.
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

constexpr int kSize = 256;

struct Measured {
   uint64_t query_ns;   /* GL_TIME_ELAPSED */
   uint64_t job_cycles; /* GPU_CYCLES of the jobs that ran meanwhile */
};

/* A clear and a shaded triangle inside a GL_TIME_ELAPSED query. */
Measured
measure(GLuint query)
{
   glFinish();
   const DeviceCounters before = DeviceCounters::read();
   glBeginQuery(GL_TIME_ELAPSED, query);
   glClearColor(0.25f, 0.5f, 0.75f, 1.0f);
   glClear(GL_COLOR_BUFFER_BIT);
   glBegin(GL_TRIANGLES);
   glColor3f(1, 0, 0);
   glVertex2f(-0.9f, -0.9f);
   glColor3f(0, 1, 0);
   glVertex2f(0.9f, -0.9f);
   glColor3f(0, 0, 1);
   glVertex2f(0.0f, 0.9f);
   glEnd();
   glEndQuery(GL_TIME_ELAPSED);
   /* GL 3.3 / ARB_timer_query: not exported by libGL, asked of EGL. */
   auto get_result =
      reinterpret_cast<PFNGLGETQUERYOBJECTUI64VPROC>(eglGetProcAddress("glGetQueryObjectui64v"));
   GLuint64 ns = 0;
   EXPECT_NE(get_result, nullptr);
   if (get_result)
      get_result(query, GL_QUERY_RESULT, &ns);
   const DeviceCounters after = DeviceCounters::read();
   EXPECT_TRUE(before.valid && after.valid);
   EXPECT_EQ(after.faults, before.faults);
   return {ns, after.gpu_cycles - before.gpu_cycles};
}

} // namespace

TEST(TimerQuery, TimeElapsedIsTheModelledGpuTime)
{
   EglSurfaceless egl{EglSurfaceless::Api::GL};
   ASSERT_TRUE(egl.ok()) << egl.error();
   GlFbo fbo(kSize, kSize, false);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   glViewport(0, 0, kSize, kSize);
   GLuint query;
   glGenQueries(1, &query);

   measure(query); /* the first draw also validates and uploads state */
   const Measured a = measure(query), b = measure(query);
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);

   /* Host time would differ from run to run; the modelled hardware's does not. */
   EXPECT_EQ(a.query_ns, b.query_ns);
   /* The clear alone fills 256 KiB at 16 bytes per 500 MHz cycle: 32.8 µs. */
   const uint64_t fill_ns =
      (uint64_t)kSize * kSize * 4 / LSGPU_JOB_COPY_BYTES_PER_CYCLE * 1000 / LSGPU_CLOCK_MHZ;
   EXPECT_GE(a.query_ns, fill_ns);
   /* The query covers part of the jobs that ran between the two reads, never more. */
   EXPECT_LE(a.query_ns, a.job_cycles * 1000 / LSGPU_CLOCK_MHZ);
   glDeleteQueries(1, &query);
}
