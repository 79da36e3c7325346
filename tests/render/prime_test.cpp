/* SPDX-License-Identifier: MIT */
/* dma-buf sharing through EGL: export a renderbuffer the GPU cleared, import it as a
 * texture, read it back (EGL_MESA_image_dma_buf_export, EGL_EXT_image_dma_buf_import). */
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/gl.h>
#include <cstring>
#include <gtest/gtest.h>
#include <unistd.h>
#include <vector>

#include "egl_surfaceless.h"
#include "gl_fbo.h"

using namespace lsgpu;

TEST(prime, renderbuffer_exported_as_dmabuf_imports_as_a_texture)
{
   EglSurfaceless egl(EglSurfaceless::Api::GL);
   ASSERT_TRUE(egl.ok()) << egl.error();
   auto create_image = (PFNEGLCREATEIMAGEKHRPROC)eglGetProcAddress("eglCreateImageKHR");
   auto destroy_image = (PFNEGLDESTROYIMAGEKHRPROC)eglGetProcAddress("eglDestroyImageKHR");
   auto query =
      (PFNEGLEXPORTDMABUFIMAGEQUERYMESAPROC)eglGetProcAddress("eglExportDMABUFImageQueryMESA");
   auto exporter = (PFNEGLEXPORTDMABUFIMAGEMESAPROC)eglGetProcAddress("eglExportDMABUFImageMESA");
   using TargetFn = void (*)(GLenum, void *);
   auto target = (TargetFn)eglGetProcAddress("glEGLImageTargetTexture2DOES");
   ASSERT_TRUE(create_image && destroy_image && query && exporter && target);

   constexpr int kSize = 32;
   GlFbo fbo(kSize, kSize);
   ASSERT_TRUE(fbo.ok()) << fbo.error();
   glClearColor(0.0f, 0.6f, 1.0f, 0.2f);
   glClear(GL_COLOR_BUFFER_BIT);
   glFinish();

   EGLImageKHR image = create_image(egl.display(), egl.context(), EGL_GL_RENDERBUFFER_KHR,
                                    (EGLClientBuffer)(uintptr_t)fbo.color_renderbuffer(), nullptr);
   ASSERT_NE(image, EGL_NO_IMAGE_KHR) << std::hex << eglGetError();
   int fourcc = 0, planes = 0;
   EGLuint64KHR modifier = 0;
   ASSERT_TRUE(query(egl.display(), image, &fourcc, &planes, &modifier));
   ASSERT_EQ(planes, 1);
   int fd = -1;
   EGLint stride = 0, offset = 0;
   ASSERT_TRUE(exporter(egl.display(), image, &fd, &stride, &offset)) << std::hex << eglGetError();
   ASSERT_GE(fd, 0);

   const EGLint attribs[] = {EGL_WIDTH,
                             kSize,
                             EGL_HEIGHT,
                             kSize,
                             EGL_LINUX_DRM_FOURCC_EXT,
                             fourcc,
                             EGL_DMA_BUF_PLANE0_FD_EXT,
                             fd,
                             EGL_DMA_BUF_PLANE0_OFFSET_EXT,
                             offset,
                             EGL_DMA_BUF_PLANE0_PITCH_EXT,
                             stride,
                             EGL_NONE};
   EGLImageKHR imported =
      create_image(egl.display(), EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT, nullptr, attribs);
   close(fd);
   ASSERT_NE(imported, EGL_NO_IMAGE_KHR) << std::hex << eglGetError();

   GLuint tex;
   glGenTextures(1, &tex);
   glBindTexture(GL_TEXTURE_2D, tex);
   target(GL_TEXTURE_2D, imported);
   std::vector<uint8_t> px(kSize * kSize * 4);
   glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
   ASSERT_EQ(glGetError(), (GLenum)GL_NO_ERROR);
   size_t wrong = 0;
   for (int i = 0; i < kSize * kSize; i++)
      wrong +=
         px[i * 4] != 0 || px[i * 4 + 1] != 153 || px[i * 4 + 2] != 255 || px[i * 4 + 3] != 51;
   EXPECT_EQ(wrong, 0u) << (int)px[0] << "," << (int)px[1] << "," << (int)px[2] << ","
                        << (int)px[3];

   glDeleteTextures(1, &tex);
   destroy_image(egl.display(), imported);
   destroy_image(egl.display(), image);
}
