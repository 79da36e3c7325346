/* SPDX-License-Identifier: MIT */
/*
 * Two processes, one GPU: a child renders into a renderbuffer, exports it as a
 * dma-buf, passes the fd over a Unix socket (as a Wayland client hands a buffer to
 * its compositor) and exits; the parent then imports it and samples it in a draw.
 * The buffer must outlive the process that made it, as a kernel's dma-buf does.
 */
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/gl.h>
#include <cstring>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "egl_surfaceless.h"
#include "gl_fbo.h"
#include "server/protocol.h"

using namespace lsgpu;

namespace
{

constexpr int kSize = 32;

/* What the exporter tells the importer beside the fd. */
struct BufferInfo {
   int32_t fourcc, stride, offset;
};

/* The child: renders (a blue clear, then a scissored red square in the lower-left
 * quarter), exports, sends, exits. Returns the exit status. */
int
render_and_send(int sock)
{
   EglSurfaceless egl(EglSurfaceless::Api::GL);
   if (!egl.ok())
      return 10;
   auto create_image = (PFNEGLCREATEIMAGEKHRPROC)eglGetProcAddress("eglCreateImageKHR");
   auto query =
      (PFNEGLEXPORTDMABUFIMAGEQUERYMESAPROC)eglGetProcAddress("eglExportDMABUFImageQueryMESA");
   auto exporter = (PFNEGLEXPORTDMABUFIMAGEMESAPROC)eglGetProcAddress("eglExportDMABUFImageMESA");
   GlFbo fbo(kSize, kSize);
   if (!create_image || !query || !exporter || !fbo.ok())
      return 11;
   glClearColor(0.0f, 0.0f, 1.0f, 1.0f);
   glClear(GL_COLOR_BUFFER_BIT);
   glEnable(GL_SCISSOR_TEST);
   glScissor(0, 0, kSize / 2, kSize / 2);
   glClearColor(1.0f, 0.0f, 0.0f, 1.0f);
   glClear(GL_COLOR_BUFFER_BIT);
   glFinish();
   EGLImageKHR image = create_image(egl.display(), egl.context(), EGL_GL_RENDERBUFFER_KHR,
                                    (EGLClientBuffer)(uintptr_t)fbo.color_renderbuffer(), nullptr);
   int fourcc = 0, planes = 0, fd = -1;
   EGLuint64KHR modifier = 0;
   EGLint stride = 0, offset = 0;
   if (image == EGL_NO_IMAGE_KHR || !query(egl.display(), image, &fourcc, &planes, &modifier) ||
       planes != 1 || !exporter(egl.display(), image, &fd, &stride, &offset))
      return 12;
   BufferInfo info = {fourcc, stride, offset};
   if (lsgpu::sim::wire::send_msg(sock, &info, sizeof(info), fd) != sizeof(info))
      return 13;
   close(fd);
   return 0; /* everything of this process goes with it */
}

} // namespace

TEST(desktop, dmabuf_rendered_by_one_process_is_sampled_by_another_after_it_exits)
{
   int sv[2];
   ASSERT_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
   pid_t pid = fork();
   ASSERT_GE(pid, 0);
   if (pid == 0) {
      close(sv[0]);
      _exit(render_and_send(sv[1]));
   }
   close(sv[1]);
   BufferInfo info = {};
   int fd = -1;
   ASSERT_EQ(lsgpu::sim::wire::recv_msg(sv[0], &info, sizeof(info), &fd), (ssize_t)sizeof(info));
   close(sv[0]);
   int status = 0;
   ASSERT_EQ(waitpid(pid, &status, 0), pid);
   ASSERT_TRUE(WIFEXITED(status));
   ASSERT_EQ(WEXITSTATUS(status), 0) << "the exporting child failed";
   ASSERT_GE(fd, 0);
   /* The fd the other process made is the device's, in this process too. */
   EXPECT_EQ(lsgpu::sim::wire::classify(fd), lsgpu::sim::wire::FdKind::DmaBuf);

   EglSurfaceless egl(EglSurfaceless::Api::GL);
   ASSERT_TRUE(egl.ok()) << egl.error();
   auto create_image = (PFNEGLCREATEIMAGEKHRPROC)eglGetProcAddress("eglCreateImageKHR");
   auto destroy_image = (PFNEGLDESTROYIMAGEKHRPROC)eglGetProcAddress("eglDestroyImageKHR");
   using TargetFn = void (*)(GLenum, void *);
   auto target = (TargetFn)eglGetProcAddress("glEGLImageTargetTexture2DOES");
   ASSERT_TRUE(create_image && destroy_image && target);
   const EGLint attribs[] = {EGL_WIDTH,
                             kSize,
                             EGL_HEIGHT,
                             kSize,
                             EGL_LINUX_DRM_FOURCC_EXT,
                             info.fourcc,
                             EGL_DMA_BUF_PLANE0_FD_EXT,
                             fd,
                             EGL_DMA_BUF_PLANE0_OFFSET_EXT,
                             info.offset,
                             EGL_DMA_BUF_PLANE0_PITCH_EXT,
                             info.stride,
                             EGL_NONE};
   EGLImageKHR imported =
      create_image(egl.display(), EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT, nullptr, attribs);
   close(fd);
   ASSERT_NE(imported, EGL_NO_IMAGE_KHR) << std::hex << eglGetError();

   /* Sample it: a textured quad over the whole target, nearest filtering, with the
    * texture environment swapping nothing, so each pixel is its texel. */
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   GLuint tex;
   glGenTextures(1, &tex);
   glBindTexture(GL_TEXTURE_2D, tex);
   target(GL_TEXTURE_2D, imported);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
   glEnable(GL_TEXTURE_2D);
   glTexEnvi(GL_TEXTURE_ENV, GL_TEXTURE_ENV_MODE, GL_REPLACE);
   glViewport(0, 0, kSize, kSize);
   glClearColor(0, 1, 0, 1);
   glClear(GL_COLOR_BUFFER_BIT);
   glBegin(GL_QUADS);
   glTexCoord2f(0, 0);
   glVertex2f(-1, -1);
   glTexCoord2f(1, 0);
   glVertex2f(1, -1);
   glTexCoord2f(1, 1);
   glVertex2f(1, 1);
   glTexCoord2f(0, 1);
   glVertex2f(-1, 1);
   glEnd();
   std::vector<uint8_t> px(kSize * kSize * 4);
   glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);

   size_t wrong = 0;
   for (int y = 0; y < kSize; y++) {
      for (int x = 0; x < kSize; x++) {
         const uint8_t *p = &px[(y * kSize + x) * 4];
         bool red = x < kSize / 2 && y < kSize / 2;
         wrong += p[0] != (red ? 255 : 0) || p[1] != 0 || p[2] != (red ? 0 : 255) || p[3] != 255;
      }
   }
   EXPECT_EQ(wrong, 0u) << "first pixel " << (int)px[0] << "," << (int)px[1] << "," << (int)px[2]
                        << "," << (int)px[3];
   glDeleteTextures(1, &tex);
   destroy_image(egl.display(), imported);
}
