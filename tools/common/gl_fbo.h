/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_GL_FBO_H
#define LSGPU_GL_FBO_H

#include <GL/gl.h>
#include <string>

namespace lsgpu
{

/* An RGBA8 colour renderbuffer (plus an optional packed depth/stencil one) bound as
 * the draw and read framebuffer, through GL_EXT_framebuffer_object so that it works on
 * every desktop GL version the driver may report. */
class GlFbo
{
 public:
   GlFbo(int width, int height, bool depth_stencil = false);
   ~GlFbo();
   GlFbo(const GlFbo &) = delete;
   GlFbo &operator=(const GlFbo &) = delete;

   bool ok() const { return error_.empty(); }
   GLuint color_renderbuffer() const { return color_; }
   const std::string &error() const { return error_; }

 private:
   GLuint fbo_ = 0, color_ = 0, zs_ = 0;
   std::string error_;
};

} // namespace lsgpu

#endif
