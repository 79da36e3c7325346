/* SPDX-License-Identifier: MIT */
#include "egl_surfaceless.h"

#include <EGL/eglext.h>
#include <cstdio>

namespace lsgpu
{

EglSurfaceless::EglSurfaceless(Api api, bool robust)
{
   auto get_platform_display =
      (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress("eglGetPlatformDisplayEXT");
   if (!get_platform_display) {
      error_ = "eglGetPlatformDisplayEXT missing";
      return;
   }
   display_ = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
   EGLint major, minor;
   if (display_ == EGL_NO_DISPLAY || !eglInitialize(display_, &major, &minor)) {
      error_ = "eglInitialize failed on the surfaceless platform";
      display_ = EGL_NO_DISPLAY;
      return;
   }
   if (!eglBindAPI(api == Api::GL ? EGL_OPENGL_API : EGL_OPENGL_ES_API)) {
      error_ = "eglBindAPI failed";
      return;
   }
   const EGLint reset = robust ? EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY_EXT : EGL_NONE;
   const EGLint es_attribs[] = {EGL_CONTEXT_CLIENT_VERSION, 2, reset, EGL_LOSE_CONTEXT_ON_RESET_EXT,
                                EGL_NONE};
   /* Desktop GL takes EGL 1.5's attribute (Mesa accepts the EXT one for ES only). */
   const EGLint gl_attribs[] = {robust ? EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY : EGL_NONE,
                                EGL_LOSE_CONTEXT_ON_RESET, EGL_NONE};
   context_ = eglCreateContext(display_, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT,
                               api == Api::GL ? gl_attribs : es_attribs);
   if (context_ == EGL_NO_CONTEXT) {
      char buf[64];
      snprintf(buf, sizeof(buf), "eglCreateContext failed: 0x%x", eglGetError());
      error_ = buf;
      return;
   }
   if (!eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_)) {
      error_ = "eglMakeCurrent failed";
      eglDestroyContext(display_, context_);
      context_ = EGL_NO_CONTEXT;
   }
}

EglSurfaceless::~EglSurfaceless()
{
   if (display_ == EGL_NO_DISPLAY)
      return;
   eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
   if (context_ != EGL_NO_CONTEXT)
      eglDestroyContext(display_, context_);
   eglTerminate(display_);
}

std::string
EglSurfaceless::driver_name() const
{
   auto get_name = (const char *(*)(EGLDisplay))eglGetProcAddress("eglGetDisplayDriverName");
   const char *name = get_name ? get_name(display_) : nullptr;
   return name ? name : "";
}

} // namespace lsgpu
