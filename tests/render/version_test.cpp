/* SPDX-License-Identifier: MIT */

/* The versions st/mesa computes from the driver's caps: OpenGL 3.1 (compatibility
 * profile, GLSL 1.40: every GL 3.0/3.1 feature is in the hardware since issue 15) and
 * OpenGL ES 3.0 (with float filtering and derivatives). Debian's eglinfo 8.5 prints
 * no context versions and es2_info needs an X display, so the check creates the
 * contexts itself, through the same EGL. */

#include <string>

#include <gtest/gtest.h>

#include <GL/gl.h>

#include "egl_surfaceless.h"

TEST(Version, DesktopContextIsOpenGL31)
{
   lsgpu::EglSurfaceless egl(lsgpu::EglSurfaceless::Api::GL);
   ASSERT_TRUE(egl.ok()) << egl.error();
   const std::string renderer = (const char *)glGetString(GL_RENDERER);
   const std::string version = (const char *)glGetString(GL_VERSION);
   EXPECT_EQ(renderer.rfind("lsgpu", 0), 0u) << renderer;
   EXPECT_EQ(version.rfind("3.1 ", 0), 0u) << version;
   const std::string glsl = (const char *)glGetString(GL_SHADING_LANGUAGE_VERSION);
   EXPECT_EQ(glsl.rfind("1.40", 0), 0u) << glsl;
}

TEST(Version, EsContextIsOpenGLES30)
{
   lsgpu::EglSurfaceless egl(lsgpu::EglSurfaceless::Api::GLES2);
   ASSERT_TRUE(egl.ok()) << egl.error();
   const std::string version = (const char *)glGetString(GL_VERSION);
   EXPECT_EQ(version.rfind("OpenGL ES 3.0 ", 0), 0u) << version;
   EXPECT_EQ(std::string((const char *)glGetString(GL_RENDERER)).rfind("lsgpu", 0), 0u);
   const std::string glsl = (const char *)glGetString(GL_SHADING_LANGUAGE_VERSION);
   EXPECT_EQ(glsl.rfind("OpenGL ES GLSL ES 3.00", 0), 0u) << glsl;
}
