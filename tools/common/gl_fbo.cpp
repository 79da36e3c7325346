/* SPDX-License-Identifier: MIT */
#include "gl_fbo.h"

#include <EGL/egl.h>
#include <GL/glext.h>

namespace lsgpu
{

namespace
{

struct FboFuncs {
   PFNGLGENFRAMEBUFFERSEXTPROC gen_framebuffers;
   PFNGLDELETEFRAMEBUFFERSEXTPROC delete_framebuffers;
   PFNGLBINDFRAMEBUFFEREXTPROC bind_framebuffer;
   PFNGLGENRENDERBUFFERSEXTPROC gen_renderbuffers;
   PFNGLDELETERENDERBUFFERSEXTPROC delete_renderbuffers;
   PFNGLBINDRENDERBUFFEREXTPROC bind_renderbuffer;
   PFNGLRENDERBUFFERSTORAGEEXTPROC renderbuffer_storage;
   PFNGLFRAMEBUFFERRENDERBUFFEREXTPROC framebuffer_renderbuffer;
   PFNGLCHECKFRAMEBUFFERSTATUSEXTPROC check_status;

   bool load()
   {
      gen_framebuffers = (PFNGLGENFRAMEBUFFERSEXTPROC)eglGetProcAddress("glGenFramebuffersEXT");
      delete_framebuffers =
         (PFNGLDELETEFRAMEBUFFERSEXTPROC)eglGetProcAddress("glDeleteFramebuffersEXT");
      bind_framebuffer = (PFNGLBINDFRAMEBUFFEREXTPROC)eglGetProcAddress("glBindFramebufferEXT");
      gen_renderbuffers = (PFNGLGENRENDERBUFFERSEXTPROC)eglGetProcAddress("glGenRenderbuffersEXT");
      delete_renderbuffers =
         (PFNGLDELETERENDERBUFFERSEXTPROC)eglGetProcAddress("glDeleteRenderbuffersEXT");
      bind_renderbuffer = (PFNGLBINDRENDERBUFFEREXTPROC)eglGetProcAddress("glBindRenderbufferEXT");
      renderbuffer_storage =
         (PFNGLRENDERBUFFERSTORAGEEXTPROC)eglGetProcAddress("glRenderbufferStorageEXT");
      framebuffer_renderbuffer =
         (PFNGLFRAMEBUFFERRENDERBUFFEREXTPROC)eglGetProcAddress("glFramebufferRenderbufferEXT");
      check_status =
         (PFNGLCHECKFRAMEBUFFERSTATUSEXTPROC)eglGetProcAddress("glCheckFramebufferStatusEXT");
      return gen_framebuffers && delete_framebuffers && bind_framebuffer && gen_renderbuffers &&
             delete_renderbuffers && bind_renderbuffer && renderbuffer_storage &&
             framebuffer_renderbuffer && check_status;
   }
};

FboFuncs &
funcs()
{
   static FboFuncs f;
   static bool loaded = f.load();
   (void)loaded;
   return f;
}

} // namespace

GlFbo::GlFbo(int width, int height, bool depth_stencil)
{
   FboFuncs &f = funcs();
   if (!f.gen_framebuffers) {
      error_ = "GL_EXT_framebuffer_object entry points missing";
      return;
   }
   f.gen_framebuffers(1, &fbo_);
   f.bind_framebuffer(GL_FRAMEBUFFER_EXT, fbo_);
   f.gen_renderbuffers(1, &color_);
   f.bind_renderbuffer(GL_RENDERBUFFER_EXT, color_);
   f.renderbuffer_storage(GL_RENDERBUFFER_EXT, GL_RGBA8, width, height);
   f.framebuffer_renderbuffer(GL_FRAMEBUFFER_EXT, GL_COLOR_ATTACHMENT0_EXT, GL_RENDERBUFFER_EXT,
                              color_);
   if (depth_stencil) {
      f.gen_renderbuffers(1, &zs_);
      f.bind_renderbuffer(GL_RENDERBUFFER_EXT, zs_);
      f.renderbuffer_storage(GL_RENDERBUFFER_EXT, GL_DEPTH24_STENCIL8_EXT, width, height);
      f.framebuffer_renderbuffer(GL_FRAMEBUFFER_EXT, GL_DEPTH_ATTACHMENT_EXT, GL_RENDERBUFFER_EXT,
                                 zs_);
      f.framebuffer_renderbuffer(GL_FRAMEBUFFER_EXT, GL_STENCIL_ATTACHMENT_EXT, GL_RENDERBUFFER_EXT,
                                 zs_);
   }
   if (f.check_status(GL_FRAMEBUFFER_EXT) != GL_FRAMEBUFFER_COMPLETE_EXT)
      error_ = "framebuffer incomplete";
   glViewport(0, 0, width, height);
}

GlFbo::~GlFbo()
{
   FboFuncs &f = funcs();
   if (!f.gen_framebuffers)
      return;
   f.bind_framebuffer(GL_FRAMEBUFFER_EXT, 0);
   f.delete_framebuffers(1, &fbo_);
   f.delete_renderbuffers(1, &color_);
   if (zs_)
      f.delete_renderbuffers(1, &zs_);
}

} // namespace lsgpu
