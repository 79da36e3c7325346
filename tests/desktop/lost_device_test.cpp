/* SPDX-License-Identifier: MIT */
/*
 * A GL program whose device server dies: a robust context (GL_LOSE_CONTEXT_ON_RESET)
 * on lsgpu renders, the server is SIGKILLed, and the program's next frame neither
 * hangs nor crashes: glFinish and glReadPixels return and glGetGraphicsResetStatus
 * reports the reset, as a GPU that fell off the bus does on a kernel driver.
 */
#include <GLES2/gl2.h>
#include <GLES2/gl2ext.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "egl_surfaceless.h"
#include "server/control.h"

namespace control = lsgpu::sim::control;

namespace
{

enum Exit { kReported = 0, kNoReset = 2, kNoContext = 3, kWrongDriver = 4, kBadPixels = 5 };

/* One frame into a 64x64 renderbuffer; returns the pixel at (5, 5) as RGBA bytes. */
uint32_t
frame(float r, float g, float b)
{
   glClearColor(r, g, b, 1);
   glClear(GL_COLOR_BUFFER_BIT);
   uint32_t pixel = 0;
   glReadPixels(5, 5, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, &pixel);
   glFinish();
   return pixel;
}

/* The child: a frame, a byte to the parent, wait for the server to die, a frame. */
int
client(int to_parent, int from_parent)
{
   lsgpu::EglSurfaceless egl(lsgpu::EglSurfaceless::Api::GLES2, true);
   if (!egl.ok())
      return kNoContext;
   const char *renderer = (const char *)glGetString(GL_RENDERER);
   if (!renderer || !strstr(renderer, "lsgpu"))
      return kWrongDriver;
   GLuint fbo, rb;
   glGenFramebuffers(1, &fbo);
   glBindFramebuffer(GL_FRAMEBUFFER, fbo);
   glGenRenderbuffers(1, &rb);
   glBindRenderbuffer(GL_RENDERBUFFER, rb);
   glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA4, 64, 64);
   glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
   if (frame(1, 0, 0) != 0xff0000ffu)
      return kBadPixels;
   auto status =
      (PFNGLGETGRAPHICSRESETSTATUSEXTPROC)eglGetProcAddress("glGetGraphicsResetStatusEXT");
   if (!status || status() != GL_NO_ERROR)
      return kNoReset;
   char byte = 1;
   if (write(to_parent, &byte, 1) != 1 || read(from_parent, &byte, 1) != 1)
      return kNoContext;
   frame(0, 1, 0); /* the server is gone: this must return */
   return status() != GL_NO_ERROR ? kReported : kNoReset;
}

} // namespace

TEST(desktop, gl_program_sees_a_context_reset_when_the_server_dies_and_does_not_hang)
{
   const std::string own = "/tmp/lsgpu-lost-device-" + std::to_string(getpid());
   int up[2], down[2];
   ASSERT_EQ(pipe(up), 0);
   ASSERT_EQ(pipe(down), 0);
   pid_t pid = fork();
   ASSERT_GE(pid, 0);
   if (pid == 0) {
      setenv("LSGPU_DEVICE", own.c_str(), 1);
      close(up[0]);
      close(down[1]);
      _exit(client(up[1], down[0]));
   }
   close(up[1]);
   close(down[0]);
   char byte = 0;
   const bool rendered = read(up[0], &byte, 1) == 1;
   lsgpu::sim::wire::Status s = {};
   if (rendered && control::status(own, &s) && s.pid > 0)
      EXPECT_EQ(kill((pid_t)s.pid, SIGKILL), 0);
   else
      ADD_FAILURE() << "the client did not render a first frame on its own server";
   const auto t0 = std::chrono::steady_clock::now();
   EXPECT_EQ(write(down[1], &byte, 1), 1);

   /* Wait for the child, at most 10 s: a hang kills it and fails. */
   int status = 0;
   pid_t done = 0;
   while ((done = waitpid(pid, &status, WNOHANG)) == 0 &&
          std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10))
      usleep(10000);
   if (done == 0) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ADD_FAILURE() << "the GL program hung after its device server died";
   }
   const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
   close(up[0]);
   close(down[1]);
   ASSERT_TRUE(WIFEXITED(status)) << "the GL program crashed (signal " << WTERMSIG(status) << ")";
   EXPECT_EQ(WEXITSTATUS(status), kReported)
      << "2: no reset reported, 3: no context, 4: not lsgpu, 5: wrong first frame";
   EXPECT_LT(seconds, 5.0);
   printf("lost device: the GL program saw the reset %.2f s after its server was killed\n",
          seconds);
   if (!HasFailure()) {
      unlink((own + ".lock").c_str());
      unlink((own + ".log").c_str());
   }
}
