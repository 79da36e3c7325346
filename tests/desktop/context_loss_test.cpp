/* SPDX-License-Identifier: MIT */
/*
 * A GL program whose draw hangs the GPU (an endless fragment shader, ended by the
 * watchdog) is told once, on stderr, what happened: the job, the fault and the packet
 * (docs/uapi.md, CTX_RESET_STATUS). Then a context that did not ask for robustness
 * goes on drawing on a new GPU context, and a robust one (GL_LOSE_CONTEXT_ON_RESET)
 * reports the reset through glGetGraphicsResetStatus. No stream of failed
 * submissions, no silently missing frames.
 */
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#include <cstring>
#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "egl_surfaceless.h"
#include "gl_fbo.h"
#include "gl_program.h"

namespace
{

enum Exit {
   kOk = 0,
   kNoContext = 2,
   kWrongDriver = 3,
   kBadFirstFrame = 4,
   kBadAfter = 5,
   kNoReset = 6,
   kNoProgram = 7
};

uint32_t
clear_and_read(float r, float g, float b)
{
   glClearColor(r, g, b, 1);
   glClear(GL_COLOR_BUFFER_BIT);
   uint32_t pixel = 0;
   glReadPixels(5, 5, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, &pixel);
   return pixel;
}

/* Hangs the GPU with one draw, then draws again; robust: expects the reset reported
 * instead. */
int
client(bool robust)
{
   lsgpu::EglSurfaceless egl(lsgpu::EglSurfaceless::Api::GL, robust);
   if (!egl.ok())
      return kNoContext;
   const char *renderer = (const char *)glGetString(GL_RENDERER);
   if (!renderer || !strstr(renderer, "lsgpu"))
      return kWrongDriver;
   lsgpu::GlFbo fbo(64, 64);
   if (!fbo.ok())
      return kNoContext;
   if (clear_and_read(1, 0, 0) != 0xff0000ffu)
      return kBadFirstFrame;

   const char *vs = "#version 120\nattribute vec2 position;\n"
                    "void main() { gl_Position = vec4(position, 0.0, 1.0); }\n";
   const char *fs = "#version 120\nuniform float forever;\n"
                    "void main() {\n"
                    "   float x = 0.0;\n"
                    "   while (forever > 0.0) { x += 1.0; if (x > 1e30) x = 0.0; }\n"
                    "   gl_FragColor = vec4(x);\n"
                    "}\n";
   const GLuint prog = lsgpu::link_program(vs, fs);
   if (!lsgpu::program_linked(prog))
      return kNoProgram;
   glUseProgram(prog);
   glUniform1f(glGetUniformLocation(prog, "forever"), 1.0f);
   static const float quad[] = {-1, -1, 1, -1, -1, 1, 1, 1};
   const GLint pos = glGetAttribLocation(prog, "position");
   glEnableVertexAttribArray(pos);
   glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, quad);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
   glFinish(); /* the watchdog ends the job */
   glDisableVertexAttribArray(pos);
   glUseProgram(0);

   /* Several frames after the hang: one report in all. */
   uint32_t after = 0;
   for (int i = 0; i < 3; i++)
      after = clear_and_read(0, 1, 0);
   if (robust) {
      auto status =
         (PFNGLGETGRAPHICSRESETSTATUSARBPROC)eglGetProcAddress("glGetGraphicsResetStatusARB");
      return status && status() == GL_GUILTY_CONTEXT_RESET_ARB ? kOk : kNoReset;
   }
   return after == 0xff00ff00u ? kOk : kBadAfter;
}

/* Runs client(robust) in a child with its own device server; returns its exit code
 * and its stderr. */
int
run_client(bool robust, std::string *err)
{
   const std::string own =
      "/tmp/lsgpu-context-loss-" + std::to_string(getpid()) + (robust ? "-robust" : "");
   int errp[2];
   if (pipe(errp))
      return -1;
   pid_t pid = fork();
   if (pid < 0)
      return -1;
   if (pid == 0) {
      setenv("LSGPU_DEVICE", own.c_str(), 1);
      setenv("LSGPU_SIM_JOB_TIMEOUT_MS", "20", 1); /* of GPU time */
      dup2(errp[1], 2);
      close(errp[0]);
      close(errp[1]);
      _exit(client(robust));
   }
   close(errp[1]);
   char buf[4096];
   ssize_t n;
   while ((n = read(errp[0], buf, sizeof(buf))) > 0)
      err->append(buf, (size_t)n);
   close(errp[0]);
   int status = 0;
   waitpid(pid, &status, 0);
   unlink((own + ".lock").c_str());
   unlink((own + ".log").c_str());
   return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

unsigned
count(const std::string &s, const std::string &what)
{
   unsigned n = 0;
   for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1))
      n++;
   return n;
}

} // namespace

TEST(desktop, a_hang_in_a_non_robust_context_is_reported_once_and_drawing_goes_on)
{
   std::string err;
   EXPECT_EQ(run_client(false, &err), kOk)
      << "2: no context, 3: not lsgpu, 4: first frame, 5: nothing drawn after the hang, "
         "7: no program\n"
      << err;
   EXPECT_EQ(count(err, "lsgpu: GPU context lost"), 1u) << err;
   EXPECT_NE(err.find("faulted (TIMEOUT) in DRAW"), std::string::npos) << err;
   EXPECT_NE(err.find("continuing on a new GPU context"), std::string::npos) << err;
   EXPECT_EQ(count(err, "submit failed"), 0u) << err;
   const size_t at = err.find("lsgpu: GPU context lost");
   if (at != std::string::npos)
      printf("the user reads: %s\n", err.substr(at, err.find('\n', at) - at).c_str());
}

TEST(desktop, a_hang_in_a_robust_context_is_reported_once_and_through_gl)
{
   std::string err;
   EXPECT_EQ(run_client(true, &err), kOk) << "6: glGetGraphicsResetStatus reported no reset\n"
                                          << err;
   EXPECT_EQ(count(err, "lsgpu: GPU context lost"), 1u) << err;
   EXPECT_NE(err.find("the GL context is lost"), std::string::npos) << err;
}
