/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_EGL_SURFACELESS_H
#define LSGPU_EGL_SURFACELESS_H

#include <EGL/egl.h>
#include <string>

namespace lsgpu
{

/* An EGL surfaceless display with a current context (no window system), the way the
 * demo and the rendering tests reach the driver. */
class EglSurfaceless
{
 public:
   enum class Api { GLES2, GL };

   /* robust: a context that loses itself on a reset and reports it
    * (EGL_EXT_create_context_robustness, GL_LOSE_CONTEXT_ON_RESET). */
   explicit EglSurfaceless(Api api, bool robust = false);
   ~EglSurfaceless();
   EglSurfaceless(const EglSurfaceless &) = delete;
   EglSurfaceless &operator=(const EglSurfaceless &) = delete;

   bool ok() const { return context_ != EGL_NO_CONTEXT; }
   const std::string &error() const { return error_; }
   /* EGL_DRIVER_NAME_MESA-style name of the driver serving the display. */
   std::string driver_name() const;
   EGLDisplay display() const { return display_; }
   EGLContext context() const { return context_; }

 private:
   EGLDisplay display_ = EGL_NO_DISPLAY;
   EGLContext context_ = EGL_NO_CONTEXT;
   std::string error_;
};

} // namespace lsgpu

#endif
