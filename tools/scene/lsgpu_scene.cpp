/* SPDX-License-Identifier: MIT */
/*
 * lsgpu-scene: renders one of the reference scenes with OpenGL on EGL surfaceless and
 * writes the pixels, so that the render tests can draw the same scene on lsgpu and on
 * llvmpipe (LIBGL_ALWAYS_SOFTWARE=1) from the same build and compare them.
 *
 * usage: lsgpu-scene SCENE OUT.rgba     (SCENE: triangles, depth, strips, cull, quads, blend,
 * texture, mipmap, ...) lsgpu-scene --renderer         prints GL_RENDERER and GL_VERSION Prints the
 * renderer; OUT.rgba is width × height RGBA8, bottom row first (glReadPixels).
 */
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#define GL_GLEXT_PROTOTYPES
#include <EGL/egl.h>
#include <GL/gl.h>
#include <GL/glext.h>

#include "egl_surfaceless.h"
#include "gl_fbo.h"
#include "scenes.h"

namespace
{

constexpr int kSize = 128;

} // namespace

namespace lsgpu::scene
{

const char *const kPositionVs = "#version 120\n"
                                "attribute vec2 position;\n"
                                "void main() { gl_Position = vec4(position, 0.0, 1.0); }\n";

void
draw_rect(GLuint prog, float x0, float y0, float x1, float y1)
{
   const float quad[] = {x0, y0, x1, y0, x0, y1, x1, y1};
   const GLint pos = glGetAttribLocation(prog, "position");
   glBindBuffer(GL_ARRAY_BUFFER, 0);
   glEnableVertexAttribArray(pos);
   glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, quad);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
   glDisableVertexAttribArray(pos);
}

} // namespace lsgpu::scene

namespace
{

using lsgpu::link_program;
using lsgpu::unlinked_program;

/* Colourful triangles in perspective (glFrustum): smooth shading is interpolated
 * perspective-correctly, and one triangle crosses the near plane (clipping). */
void
scene_triangles()
{
   glMatrixMode(GL_PROJECTION);
   glLoadIdentity();
   glFrustum(-1, 1, -1, 1, 1, 10);
   glMatrixMode(GL_MODELVIEW);
   glLoadIdentity();
   glBegin(GL_TRIANGLES);
   glColor3f(1, 0, 0);
   glVertex3f(-2.5f, -2, -3);
   glColor3f(0, 1, 0);
   glVertex3f(2, -1.5f, -6);
   glColor3f(0, 0, 1);
   glVertex3f(-0.5f, 2.5f, -4);
   glColor3f(1, 1, 0);
   glVertex3f(0.2f, -0.9f, -0.5f); /* in front of the near plane */
   glColor3f(0, 1, 1);
   glVertex3f(0.9f, -0.2f, -3);
   glColor3f(1, 0, 1);
   glVertex3f(0.9f, -0.9f, -3);
   glEnd();
}

/* Interpenetrating triangles with the depth test (GL_LESS): the nearer one wins
 * per pixel, along a diagonal intersection line. */
void
scene_depth()
{
   glEnable(GL_DEPTH_TEST);
   glDepthFunc(GL_LESS);
   glBegin(GL_TRIANGLES);
   glColor3f(0.9f, 0.2f, 0.2f);
   glVertex3f(-0.9f, -0.9f, -0.5f);
   glVertex3f(0.9f, -0.9f, 0.5f);
   glVertex3f(0, 0.9f, 0);
   glColor3f(0.2f, 0.3f, 0.9f);
   glVertex3f(-0.9f, 0.9f, 0.5f);
   glVertex3f(0.9f, 0.9f, -0.5f);
   glVertex3f(0, -0.9f, 0);
   glEnd();
   glDisable(GL_DEPTH_TEST);
}

/* A strip and a fan from vertex arrays with an index list (glDrawElements). */
void
scene_strips()
{
   static const float pos[] = {-0.9f, -0.9f, -0.5f, -0.2f, -0.1f, -0.9f, 0.3f, -0.2f, 0.9f, -0.9f,
                               0.5f,  0.5f,  0.9f,  0.5f,  0.7f,  0.95f, 0.2f, 0.7f,  0.4f, 0.2f};
   static const float col[] = {1, 0, 0, 0, 1, 0, 0,    0,    1, 1, 1,    0,    0, 1,    1,
                               1, 1, 1, 1, 0, 1, 0.5f, 0.5f, 0, 0, 0.5f, 0.5f, 1, 0.5f, 0};
   static const unsigned short strip[] = {0, 1, 2, 3, 4};
   static const unsigned short fan[] = {5, 6, 7, 8, 9};
   glEnableClientState(GL_VERTEX_ARRAY);
   glEnableClientState(GL_COLOR_ARRAY);
   glVertexPointer(2, GL_FLOAT, 0, pos);
   glColorPointer(3, GL_FLOAT, 0, col);
   glDrawElements(GL_TRIANGLE_STRIP, 5, GL_UNSIGNED_SHORT, strip);
   glShadeModel(GL_FLAT);
   glDrawElements(GL_TRIANGLE_FAN, 5, GL_UNSIGNED_SHORT, fan);
   glShadeModel(GL_SMOOTH);
   glDisableClientState(GL_COLOR_ARRAY);
   glDisableClientState(GL_VERTEX_ARRAY);
}

/* Face culling and winding: of four triangles, the two back-facing ones vanish. */
void
scene_cull()
{
   glEnable(GL_CULL_FACE);
   glCullFace(GL_BACK);
   glFrontFace(GL_CCW);
   glBegin(GL_TRIANGLES);
   glColor3f(1, 0.5f, 0); /* CCW: front */
   glVertex2f(-0.9f, 0.1f);
   glVertex2f(-0.1f, 0.1f);
   glVertex2f(-0.5f, 0.9f);
   glColor3f(0, 0.5f, 1); /* CW: back, culled */
   glVertex2f(0.1f, 0.1f);
   glVertex2f(0.5f, 0.9f);
   glVertex2f(0.9f, 0.1f);
   glEnd();
   glFrontFace(GL_CW);
   glBegin(GL_TRIANGLES);
   glColor3f(0.3f, 1, 0.3f); /* CW with GL_CW: front */
   glVertex2f(-0.9f, -0.9f);
   glVertex2f(-0.5f, -0.1f);
   glVertex2f(-0.1f, -0.9f);
   glColor3f(1, 0, 1); /* CCW with GL_CW: back, culled */
   glVertex2f(0.1f, -0.9f);
   glVertex2f(0.9f, -0.9f);
   glVertex2f(0.5f, -0.1f);
   glEnd();
   glDisable(GL_CULL_FACE);
}

/* GL_QUADS and GL_POLYGON, which the driver turns into triangles (u_primconvert),
 * flat-shaded so that the provoking vertex shows. */
void
scene_quads()
{
   glShadeModel(GL_FLAT);
   glBegin(GL_QUADS);
   glColor3f(1, 0.3f, 0.2f);
   glVertex2f(-0.9f, -0.9f);
   glColor3f(0.2f, 1, 0.3f);
   glVertex2f(-0.1f, -0.8f);
   glColor3f(0.3f, 0.2f, 1);
   glVertex2f(-0.2f, -0.1f);
   glColor3f(1, 1, 0.2f);
   glVertex2f(-0.8f, -0.2f);
   glEnd();
   glShadeModel(GL_SMOOTH);
   glBegin(GL_POLYGON);
   for (int i = 0; i < 7; i++) {
      const float a = 6.2831853f * i / 7;
      glColor3f(0.5f + 0.5f * cosf(a), 0.5f + 0.5f * sinf(a), 0.5f);
      glVertex2f(0.45f + 0.4f * cosf(a), 0.45f + 0.4f * sinf(a));
   }
   glEnd();
}

/* Blending: every GL 2.1 equation and the common factors, separate RGB/alpha, the
 * constant colour, over a background with alpha. */
void
scene_blend()
{
   glBegin(GL_QUADS); /* a background whose alpha varies left to right */
   glColor4f(0.2f, 0.4f, 0.6f, 0.0f);
   glVertex2f(-1, -1);
   glColor4f(0.2f, 0.4f, 0.6f, 1.0f);
   glVertex2f(1, -1);
   glColor4f(0.6f, 0.4f, 0.2f, 1.0f);
   glVertex2f(1, 1);
   glColor4f(0.6f, 0.4f, 0.2f, 0.0f);
   glVertex2f(-1, 1);
   glEnd();
   glEnable(GL_BLEND);
   struct Mode {
      GLenum eq_rgb, eq_a, src_rgb, dst_rgb, src_a, dst_a;
   };
   const Mode modes[] = {
      {GL_FUNC_ADD, GL_FUNC_ADD, GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ZERO},
      {GL_FUNC_ADD, GL_FUNC_ADD, GL_ONE, GL_ONE, GL_ONE, GL_ONE},
      {GL_FUNC_SUBTRACT, GL_FUNC_ADD, GL_ONE, GL_ONE, GL_ZERO, GL_ONE},
      {GL_FUNC_REVERSE_SUBTRACT, GL_FUNC_REVERSE_SUBTRACT, GL_DST_COLOR, GL_SRC_COLOR, GL_ONE,
       GL_ONE},
      {GL_MIN, GL_MAX, GL_ONE, GL_ONE, GL_ONE, GL_ONE},
      {GL_FUNC_ADD, GL_FUNC_ADD, GL_CONSTANT_COLOR, GL_ONE_MINUS_CONSTANT_ALPHA, GL_DST_ALPHA,
       GL_ONE_MINUS_DST_ALPHA},
      {GL_FUNC_ADD, GL_FUNC_ADD, GL_SRC_ALPHA_SATURATE, GL_ONE_MINUS_DST_COLOR, GL_ONE,
       GL_SRC_ALPHA},
      {GL_MAX, GL_FUNC_SUBTRACT, GL_ZERO, GL_ZERO, GL_ONE_MINUS_CONSTANT_COLOR, GL_CONSTANT_ALPHA},
   };
   glBlendColor(0.3f, 0.6f, 0.9f, 0.4f);
   for (int i = 0; i < 8; i++) {
      const Mode &m = modes[i];
      glBlendEquationSeparate(m.eq_rgb, m.eq_a);
      glBlendFuncSeparate(m.src_rgb, m.dst_rgb, m.src_a, m.dst_a);
      const float x = -0.95f + 0.24f * i;
      glBegin(GL_TRIANGLES);
      glColor4f(1.0f, 0.2f, 0.1f, 0.25f);
      glVertex2f(x, -0.9f);
      glColor4f(0.1f, 0.9f, 0.3f, 0.75f);
      glVertex2f(x + 0.22f, -0.9f);
      glColor4f(0.3f, 0.4f, 1.0f, 0.5f);
      glVertex2f(x + 0.11f, 0.9f);
      glEnd();
   }
   glDisable(GL_BLEND);
   glBlendEquationSeparate(GL_FUNC_ADD, GL_FUNC_ADD);
   glBlendFuncSeparate(GL_ONE, GL_ZERO, GL_ONE, GL_ZERO);
}

/* A texture object with the given filters, wrap mode and level 0 (and optionally
 * generated mip levels, each a flat colour so that the level choice shows). */
GLuint
make_texture(GLenum target, GLsizei w, GLsizei h, GLenum format, const unsigned char *texels,
             GLenum min_filter, GLenum mag_filter, GLenum wrap)
{
   GLuint tex;
   glGenTextures(1, &tex);
   glBindTexture(target, tex);
   glTexParameteri(target, GL_TEXTURE_MIN_FILTER, min_filter);
   glTexParameteri(target, GL_TEXTURE_MAG_FILTER, mag_filter);
   glTexParameteri(target, GL_TEXTURE_WRAP_S, wrap);
   glTexParameteri(target, GL_TEXTURE_WRAP_T, wrap);
   glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
   glTexImage2D(target, 0, format, w, h, 0, format, GL_UNSIGNED_BYTE, texels);
   return tex;
}

void
textured_quad(float x0, float y0, float x1, float y1, float s0, float t0, float s1, float t1)
{
   glBegin(GL_QUADS);
   glTexCoord2f(s0, t0);
   glVertex2f(x0, y0);
   glTexCoord2f(s1, t0);
   glVertex2f(x1, y0);
   glTexCoord2f(s1, t1);
   glVertex2f(x1, y1);
   glTexCoord2f(s0, t1);
   glVertex2f(x0, y1);
   glEnd();
}

/* 2D texturing through the fixed-function texture unit: nearest magnification of an
 * RGBA checker, bilinear filtering with repeat, a luminance texture modulated by the
 * vertex colour, and clamp-to-border with a border colour. */
void
scene_texture()
{
   unsigned char rgba[8 * 8 * 4], lum[4 * 4];
   for (int y = 0; y < 8; y++)
      for (int x = 0; x < 8; x++) {
         unsigned char *p = &rgba[4 * (8 * y + x)];
         const bool on = (x + y) & 1;
         p[0] = on ? 250 : 20;
         p[1] = (unsigned char)(30 * x);
         p[2] = (unsigned char)(30 * y);
         p[3] = 255;
      }
   for (int i = 0; i < 16; i++)
      lum[i] = (unsigned char)(16 * i + 8);
   glEnable(GL_TEXTURE_2D);
   glTexEnvi(GL_TEXTURE_ENV, GL_TEXTURE_ENV_MODE, GL_REPLACE);
   GLuint t0 = make_texture(GL_TEXTURE_2D, 8, 8, GL_RGBA, rgba, GL_NEAREST, GL_NEAREST, GL_REPEAT);
   textured_quad(-1, -1, 0, 0, 0, 0, 1, 1);
   GLuint t1 = make_texture(GL_TEXTURE_2D, 8, 8, GL_RGBA, rgba, GL_LINEAR, GL_LINEAR, GL_REPEAT);
   textured_quad(0, -1, 1, 0, -0.3f, 0.1f, 1.2f, 1.4f);
   GLuint t2 = make_texture(GL_TEXTURE_2D, 4, 4, GL_LUMINANCE, lum, GL_NEAREST, GL_NEAREST,
                            GL_CLAMP_TO_EDGE);
   glTexEnvi(GL_TEXTURE_ENV, GL_TEXTURE_ENV_MODE, GL_MODULATE);
   glColor3f(1.0f, 0.5f, 0.25f);
   textured_quad(-1, 0, 0, 1, 0, 0, 1, 1);
   GLuint t3 =
      make_texture(GL_TEXTURE_2D, 8, 8, GL_RGBA, rgba, GL_NEAREST, GL_NEAREST, GL_CLAMP_TO_BORDER);
   const float border[4] = {0.2f, 0.9f, 0.4f, 1.0f};
   glTexParameterfv(GL_TEXTURE_2D, GL_TEXTURE_BORDER_COLOR, border);
   glColor3f(1, 1, 1);
   textured_quad(0, 0, 1, 1, -0.5f, -0.5f, 1.5f, 1.5f);
   glDisable(GL_TEXTURE_2D);
   GLuint all[] = {t0, t1, t2, t3};
   glDeleteTextures(4, all);
}

/* Mipmapped texturing, levels of distinct colours: trilinear on a floor receding into
 * the distance, nearest-mipmap where the level of detail is an exact integer. */
void
scene_mipmap()
{
   GLuint tex;
   glGenTextures(1, &tex);
   glBindTexture(GL_TEXTURE_2D, tex);
   static const unsigned char colours[6][3] = {{255, 40, 40},  {40, 255, 40},  {40, 40, 255},
                                               {255, 255, 40}, {40, 255, 255}, {255, 40, 255}};
   for (int level = 0; level < 6; level++) {
      const int size = 32 >> level;
      std::vector<unsigned char> texels(size * size * 4);
      for (int i = 0; i < size * size; i++) {
         const bool dark = ((i % size) + (i / size)) & 1;
         for (int c = 0; c < 3; c++)
            texels[4 * i + c] = (unsigned char)(colours[level][c] * (dark ? 0.6f : 1.0f));
         texels[4 * i + 3] = 255;
      }
      glTexImage2D(GL_TEXTURE_2D, level, GL_RGBA, size, size, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                   texels.data());
   }
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
   glTexEnvi(GL_TEXTURE_ENV, GL_TEXTURE_ENV_MODE, GL_REPLACE);
   glEnable(GL_TEXTURE_2D);
   glMatrixMode(GL_PROJECTION);
   glLoadIdentity();
   glFrustum(-1, 1, -1, 1, 1, 30);
   glMatrixMode(GL_MODELVIEW);
   glLoadIdentity();
   /* Trilinear on a receding floor. */
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
   glBegin(GL_QUADS);
   glTexCoord2f(0, 0);
   glVertex3f(-3, -1, -1.2f);
   glTexCoord2f(8, 0);
   glVertex3f(3, -1, -1.2f);
   glTexCoord2f(8, 40);
   glVertex3f(3, -1, -28);
   glTexCoord2f(0, 40);
   glVertex3f(-3, -1, -28);
   glEnd();
   /* Nearest-mipmap on screen-aligned squares of 16, 8 and 4 pixels: λ = 1, 2, 3. */
   glLoadIdentity();
   glMatrixMode(GL_PROJECTION);
   glLoadIdentity();
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST_MIPMAP_NEAREST);
   for (int i = 0; i < 3; i++) {
      const float x = -0.9f + 0.5f * i, size = (16 >> i) / 64.0f;
      textured_quad(x, 0.2f, x + size, 0.2f + size, 0, 0, 1, 1);
   }
   glMatrixMode(GL_MODELVIEW);
   glDisable(GL_TEXTURE_2D);
   glDeleteTextures(1, &tex);
}

/* Points of several sizes, point sprites with gl_PointCoord-style coordinates,
 * lines of widths 1 and 3, a line strip and a loop with smooth and flat colours. */
void
scene_points_lines()
{
   glBegin(GL_POINTS);
   for (int i = 0; i < 8; i++) {
      glColor3f(0.2f + 0.1f * i, 1.0f - 0.1f * i, 0.5f);
      glVertex2f(-0.9f + 0.05f * i + 0.013f, -0.9f + 0.031f * i);
   }
   glEnd();
   glPointSize(5.0f);
   glBegin(GL_POINTS);
   glColor3f(1, 1, 0);
   glVertex2f(-0.5f, -0.8f);
   glColor3f(0, 1, 1);
   glVertex2f(-0.3f, -0.75f);
   glEnd();
   /* A sprite whose texture coordinate is replaced across the point. */
   unsigned char ramp[4 * 4 * 4];
   for (int i = 0; i < 16; i++) {
      ramp[4 * i] = (unsigned char)(60 * (i % 4));
      ramp[4 * i + 1] = (unsigned char)(60 * (i / 4));
      ramp[4 * i + 2] = 128;
      ramp[4 * i + 3] = 255;
   }
   GLuint tex =
      make_texture(GL_TEXTURE_2D, 4, 4, GL_RGBA, ramp, GL_NEAREST, GL_NEAREST, GL_CLAMP_TO_EDGE);
   glEnable(GL_TEXTURE_2D);
   glTexEnvi(GL_TEXTURE_ENV, GL_TEXTURE_ENV_MODE, GL_REPLACE);
   glEnable(GL_POINT_SPRITE);
   glTexEnvi(GL_POINT_SPRITE, GL_COORD_REPLACE, GL_TRUE);
   glPointSize(16.0f);
   glBegin(GL_POINTS);
   glVertex2f(0.1f, -0.7f);
   glEnd();
   glPointParameteri(GL_POINT_SPRITE_COORD_ORIGIN, GL_LOWER_LEFT);
   glBegin(GL_POINTS);
   glVertex2f(0.5f, -0.7f);
   glEnd();
   glDisable(GL_POINT_SPRITE);
   glDisable(GL_TEXTURE_2D);
   glDeleteTextures(1, &tex);
   glPointSize(1.0f);

   glBegin(GL_LINES);
   glColor3f(1, 0, 0);
   glVertex2f(-0.9f, -0.4f);
   glColor3f(0, 0, 1);
   glVertex2f(0.9f, -0.3f);
   glColor3f(0, 1, 0);
   glVertex2f(-0.8f, -0.5f);
   glVertex2f(-0.6f, 0.3f); /* y-major */
   glEnd();
   glLineWidth(3.0f);
   glBegin(GL_LINE_STRIP);
   glColor3f(1, 1, 1);
   glVertex2f(-0.4f, -0.1f);
   glColor3f(1, 0, 1);
   glVertex2f(0.0f, 0.2f);
   glColor3f(0, 1, 1);
   glVertex2f(0.6f, 0.1f);
   glEnd();
   glLineWidth(1.0f);
   glShadeModel(GL_FLAT);
   glBegin(GL_LINE_LOOP);
   glColor3f(1, 0.5f, 0);
   glVertex2f(-0.7f, 0.5f);
   glColor3f(0.5f, 1, 0);
   glVertex2f(0.7f, 0.55f);
   glColor3f(0, 0.5f, 1);
   glVertex2f(0.1f, 0.9f);
   glEnd();
   glShadeModel(GL_SMOOTH);
}

/* Stencil: a shape written into the stencil buffer with REPLACE, two-sided INCR/DECR
 * counting of overlapping triangles, then colour drawn where the stencil equals. */
void
scene_stencil()
{
   glClearStencil(0);
   glClear(GL_STENCIL_BUFFER_BIT);
   glEnable(GL_STENCIL_TEST);
   glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
   glStencilFunc(GL_ALWAYS, 1, 0xff);
   glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
   glBegin(GL_TRIANGLES); /* a big triangle: stencil 1 */
   glVertex2f(-0.9f, -0.9f);
   glVertex2f(0.9f, -0.9f);
   glVertex2f(0.0f, 0.9f);
   glEnd();
   /* Front faces increment, back faces decrement (GL 2.0 two-sided stencil). */
   glStencilOpSeparate(GL_FRONT, GL_KEEP, GL_KEEP, GL_INCR);
   glStencilOpSeparate(GL_BACK, GL_KEEP, GL_KEEP, GL_DECR);
   glBegin(GL_TRIANGLES);
   glVertex2f(-0.6f, -0.6f); /* counter-clockwise: front */
   glVertex2f(0.2f, -0.6f);
   glVertex2f(-0.2f, 0.4f);
   glVertex2f(0.6f, -0.5f); /* clockwise: back */
   glVertex2f(-0.1f, 0.3f);
   glVertex2f(0.6f, 0.3f);
   glEnd();
   glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
   glStencilOp(GL_KEEP, GL_KEEP, GL_KEEP);
   const struct {
      GLint ref;
      float r, g, b;
   } bands[] = {{0, 0.3f, 0.3f, 0.8f}, {1, 0.9f, 0.8f, 0.2f}, {2, 0.2f, 0.9f, 0.3f}};
   for (const auto &band : bands) {
      glStencilFunc(GL_EQUAL, band.ref, 0xff);
      glColor3f(band.r, band.g, band.b);
      glRectf(-1, -1, 1, 1);
   }
   /* Masks: the stencil value masked to its low bit equals 0 (values 0 and 2). */
   glStencilFunc(GL_EQUAL, 0, 0x01);
   glColor3f(0.9f, 0.2f, 0.9f);
   glRectf(-1, 0.6f, 1, 1);
   glDisable(GL_STENCIL_TEST);
}

/* User clip planes (GL 2.1 §2.12, fixed function and gl_ClipVertex) clipping a
 * smooth-shaded quad, polygon offset resolving coplanar depth fighting, polygon mode
 * LINE and POINT, and logic ops. */
void
scene_raster_state()
{
   const double plane0[4] = {1, 1, 0, 0.2}, plane1[4] = {-1, 0.3, 0, 0.5};
   glClipPlane(GL_CLIP_PLANE0, plane0);
   glClipPlane(GL_CLIP_PLANE1, plane1);
   glEnable(GL_CLIP_PLANE0);
   glEnable(GL_CLIP_PLANE1);
   glBegin(GL_QUADS);
   glColor3f(1, 0, 0);
   glVertex2f(-0.95f, -0.95f);
   glColor3f(0, 1, 0);
   glVertex2f(-0.05f, -0.95f);
   glColor3f(0, 0, 1);
   glVertex2f(-0.05f, -0.05f);
   glColor3f(1, 1, 0);
   glVertex2f(-0.95f, -0.05f);
   glEnd();
   glDisable(GL_CLIP_PLANE0);
   glDisable(GL_CLIP_PLANE1);

   glEnable(GL_DEPTH_TEST);
   glDepthFunc(GL_LESS);
   glColor3f(0.8f, 0.3f, 0.1f);
   glBegin(GL_TRIANGLES);
   glVertex3f(0.05f, -0.95f, 0.1f);
   glVertex3f(0.95f, -0.95f, 0.3f);
   glVertex3f(0.5f, -0.05f, 0.2f);
   glEnd();
   glEnable(GL_POLYGON_OFFSET_FILL);
   glPolygonOffset(-1.0f, -2.0f); /* pulls the coplanar second triangle in front */
   glColor3f(0.1f, 0.6f, 0.9f);
   glBegin(GL_TRIANGLES);
   glVertex3f(0.3f, -0.8f, 0.17f);
   glVertex3f(0.95f, -0.95f, 0.3f);
   glVertex3f(0.5f, -0.05f, 0.2f);
   glEnd();
   glDisable(GL_POLYGON_OFFSET_FILL);
   glDisable(GL_DEPTH_TEST);

   glPolygonMode(GL_FRONT_AND_BACK, GL_LINE);
   glBegin(GL_TRIANGLES);
   glColor3f(1, 1, 1);
   glVertex2f(-0.9f, 0.1f);
   glColor3f(1, 0, 1);
   glVertex2f(-0.1f, 0.15f);
   glColor3f(0, 1, 1);
   glVertex2f(-0.5f, 0.9f);
   glEnd();
   glPolygonMode(GL_FRONT_AND_BACK, GL_POINT);
   glPointSize(3.0f);
   glBegin(GL_TRIANGLES);
   glColor3f(1, 1, 0);
   glVertex2f(0.1f, 0.1f);
   glVertex2f(0.5f, 0.15f);
   glVertex2f(0.3f, 0.5f);
   glEnd();
   glPointSize(1.0f);
   glPolygonMode(GL_FRONT_AND_BACK, GL_FILL);

   glEnable(GL_COLOR_LOGIC_OP);
   const GLenum ops[] = {GL_XOR, GL_AND, GL_OR_REVERSE, GL_COPY_INVERTED};
   for (int i = 0; i < 4; i++) {
      glLogicOp(ops[i]);
      glColor3f(0.2f + 0.2f * i, 0.9f - 0.2f * i, 0.6f);
      glRectf(0.55f + 0.1f * i, 0.55f, 0.65f + 0.1f * i, 0.95f);
   }
   glDisable(GL_COLOR_LOGIC_OP);
}

/* Cube map, 3D texture and shadow comparison through GLSL 1.20 shaders. */
void
scene_texture_targets()
{
   GLuint tex[3];
   glGenTextures(3, tex);
   glBindTexture(GL_TEXTURE_CUBE_MAP, tex[0]);
   for (int f = 0; f < 6; f++) {
      unsigned char face[2 * 2 * 4];
      for (int i = 0; i < 4; i++) {
         face[4 * i] = (unsigned char)(40 * f + 20 * i);
         face[4 * i + 1] = (unsigned char)(255 - 40 * f);
         face[4 * i + 2] = (unsigned char)(60 * i);
         face[4 * i + 3] = 255;
      }
      glTexImage2D(GL_TEXTURE_CUBE_MAP_POSITIVE_X + f, 0, GL_RGBA, 2, 2, 0, GL_RGBA,
                   GL_UNSIGNED_BYTE, face);
   }
   glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
   glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
   glBindTexture(GL_TEXTURE_3D, tex[1]);
   unsigned char vol[4 * 4 * 4 * 4];
   for (int i = 0; i < 64; i++) {
      vol[4 * i] = (unsigned char)(80 * (i % 4));
      vol[4 * i + 1] = (unsigned char)(80 * ((i / 4) % 4));
      vol[4 * i + 2] = (unsigned char)(80 * (i / 16));
      vol[4 * i + 3] = 255;
   }
   glTexImage3D(GL_TEXTURE_3D, 0, GL_RGBA, 4, 4, 4, 0, GL_RGBA, GL_UNSIGNED_BYTE, vol);
   glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
   glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
   glBindTexture(GL_TEXTURE_2D, tex[2]);
   float depth[8 * 8];
   for (int i = 0; i < 64; i++)
      depth[i] = (i % 8) / 8.0f + 0.0625f;
   glTexImage2D(GL_TEXTURE_2D, 0, GL_DEPTH_COMPONENT24, 8, 8, 0, GL_DEPTH_COMPONENT, GL_FLOAT,
                depth);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_COMPARE_MODE, GL_COMPARE_R_TO_TEXTURE);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_COMPARE_FUNC, GL_LEQUAL);
   glTexParameteri(GL_TEXTURE_2D, GL_DEPTH_TEXTURE_MODE, GL_LUMINANCE);

   static const char *vs = "#version 120\n"
                           "varying vec3 p;\n"
                           "void main() { p = gl_Vertex.xyz; gl_Position = gl_Vertex; }\n";
   static const char *fs =
      "#version 120\n"
      "uniform samplerCube cube; uniform sampler3D vol; uniform sampler2DShadow shadow;\n"
      "varying vec3 p;\n"
      "void main() {\n"
      "  if (p.y > 0.3) gl_FragColor = textureCube(cube, vec3(p.x * 2.0, 1.0 - p.y, 0.7));\n"
      "  else if (p.y > -0.3) gl_FragColor = texture3D(vol, vec3(p.x * 0.5 + 0.5, 0.4, p.x * 0.3 + "
      "0.5));\n"
      "  else gl_FragColor = shadow2D(shadow, vec3(p.x * 0.5 + 0.5, 0.5, 0.5)) * vec4(0.8, 0.6, "
      "0.4, 1.0);\n"
      "}\n";
   GLuint prog = link_program(vs, fs);
   glUseProgram(prog);
   glActiveTexture(GL_TEXTURE0);
   glBindTexture(GL_TEXTURE_CUBE_MAP, tex[0]);
   glActiveTexture(GL_TEXTURE1);
   glBindTexture(GL_TEXTURE_3D, tex[1]);
   glActiveTexture(GL_TEXTURE2);
   glBindTexture(GL_TEXTURE_2D, tex[2]);
   glActiveTexture(GL_TEXTURE0);
   glUniform1i(glGetUniformLocation(prog, "cube"), 0);
   glUniform1i(glGetUniformLocation(prog, "vol"), 1);
   glUniform1i(glGetUniformLocation(prog, "shadow"), 2);
   glRectf(-0.95f, -0.95f, 0.95f, 0.95f);
   glUseProgram(0);
   glDeleteProgram(prog);
   glDeleteTextures(3, tex);
}

/* Vertex shader texturing: a grid displaced by a height map that a GLSL 1.20 vertex
 * shader samples (texture2DLod and texture2D, which is level 0 in a vertex shader),
 * seen in perspective with the depth test; the fragment shader samples a colour ramp
 * at the height. Vertices sit on texel centres with nearest filtering, so the heights
 * are exact on both drivers. */
void
scene_heightmap()
{
   constexpr int kTexels = 16;
   unsigned char height[kTexels * kTexels], ramp[4 * 4];
   for (int y = 0; y < kTexels; y++)
      for (int x = 0; x < kTexels; x++) {
         const float dx = x - 7.5f, dy = y - 5.5f;
         height[y * kTexels + x] = (unsigned char)(255.0f * std::exp(-(dx * dx + dy * dy) / 30.0f) *
                                                   (0.6f + 0.4f * (x % 3 == 0)));
      }
   const unsigned char colours[4][4] = {
      {30, 60, 200, 255}, {40, 180, 60, 255}, {160, 140, 90, 255}, {250, 250, 250, 255}};
   memcpy(ramp, colours, sizeof(ramp));
   GLuint tex[2];
   tex[0] = make_texture(GL_TEXTURE_2D, kTexels, kTexels, GL_LUMINANCE, height, GL_NEAREST,
                         GL_NEAREST, GL_CLAMP_TO_EDGE);
   tex[1] =
      make_texture(GL_TEXTURE_2D, 4, 1, GL_RGBA, ramp, GL_LINEAR, GL_LINEAR, GL_CLAMP_TO_EDGE);

   static const char *vs = "#version 120\n"
                           "uniform sampler2D height;\n"
                           "varying float h;\n"
                           "void main() {\n"
                           "  vec2 uv = gl_Vertex.xy;\n"
                           "  h = texture2DLod(height, uv, 0.0).r;\n"
                           "  float left = texture2D(height, uv - vec2(1.0 / 16.0, 0.0)).r;\n"
                           "  vec4 p = vec4(uv * 2.0 - 1.0, 0.6 * h + 0.2 * left, 1.0);\n"
                           "  gl_Position = gl_ModelViewProjectionMatrix * p;\n"
                           "}\n";
   static const char *fs = "#version 120\n"
                           "uniform sampler2D ramp;\n"
                           "varying float h;\n"
                           "void main() {\n"
                           "  gl_FragColor = texture2D(ramp, vec2(h * 0.75 + 0.125, 0.5));\n"
                           "}\n";
   GLuint prog = link_program(vs, fs);
   glUseProgram(prog);
   glActiveTexture(GL_TEXTURE1);
   glBindTexture(GL_TEXTURE_2D, tex[1]);
   glActiveTexture(GL_TEXTURE0);
   glBindTexture(GL_TEXTURE_2D, tex[0]);
   glUniform1i(glGetUniformLocation(prog, "height"), 0);
   glUniform1i(glGetUniformLocation(prog, "ramp"), 1);
   glMatrixMode(GL_PROJECTION);
   glLoadIdentity();
   glFrustum(-0.6, 0.6, -0.6, 0.6, 1, 10);
   glMatrixMode(GL_MODELVIEW);
   glLoadIdentity();
   glTranslatef(0, -0.1f, -2.6f);
   glRotatef(-55, 1, 0, 0);
   glRotatef(20, 0, 0, 1);
   glEnable(GL_DEPTH_TEST);
   for (int y = 0; y + 1 < kTexels; y++) {
      glBegin(GL_TRIANGLE_STRIP);
      for (int x = 0; x < kTexels; x++) {
         glVertex2f((x + 0.5f) / kTexels, (y + 0.5f) / kTexels);
         glVertex2f((x + 0.5f) / kTexels, (y + 1.5f) / kTexels);
      }
      glEnd();
   }
   glDisable(GL_DEPTH_TEST);
   glUseProgram(0);
   glDeleteProgram(prog);
   glDeleteTextures(2, tex);
}

/* Four-sample multisampling (GL_EXT_framebuffer_multisample): a fan of thin triangles
 * whose edges cut through pixels, two triangles intersecting in depth, one drawn with
 * glSampleCoverage(0.5) and one with alpha to coverage, into a 4x colour and
 * depth/stencil framebuffer, then resolved into the scene's framebuffer by
 * glBlitFramebuffer. The sample positions are the standard four-sample pattern both
 * drivers use, so the coverage of every sample agrees. */
void
scene_msaa()
{
   auto gen_framebuffers = (PFNGLGENFRAMEBUFFERSEXTPROC)eglGetProcAddress("glGenFramebuffersEXT");
   auto bind_framebuffer = (PFNGLBINDFRAMEBUFFEREXTPROC)eglGetProcAddress("glBindFramebufferEXT");
   auto gen_renderbuffers =
      (PFNGLGENRENDERBUFFERSEXTPROC)eglGetProcAddress("glGenRenderbuffersEXT");
   auto bind_renderbuffer =
      (PFNGLBINDRENDERBUFFEREXTPROC)eglGetProcAddress("glBindRenderbufferEXT");
   auto storage_multisample = (PFNGLRENDERBUFFERSTORAGEMULTISAMPLEEXTPROC)eglGetProcAddress(
      "glRenderbufferStorageMultisampleEXT");
   auto framebuffer_renderbuffer =
      (PFNGLFRAMEBUFFERRENDERBUFFEREXTPROC)eglGetProcAddress("glFramebufferRenderbufferEXT");
   auto blit_framebuffer = (PFNGLBLITFRAMEBUFFEREXTPROC)eglGetProcAddress("glBlitFramebufferEXT");
   auto sample_coverage = (PFNGLSAMPLECOVERAGEPROC)eglGetProcAddress("glSampleCoverage");
   GLint resolved = 0;
   glGetIntegerv(GL_FRAMEBUFFER_BINDING_EXT, &resolved);

   GLuint fbo, rb[2];
   gen_framebuffers(1, &fbo);
   gen_renderbuffers(2, rb);
   bind_renderbuffer(GL_RENDERBUFFER_EXT, rb[0]);
   storage_multisample(GL_RENDERBUFFER_EXT, 4, GL_RGBA8, kSize, kSize);
   bind_renderbuffer(GL_RENDERBUFFER_EXT, rb[1]);
   storage_multisample(GL_RENDERBUFFER_EXT, 4, GL_DEPTH24_STENCIL8_EXT, kSize, kSize);
   bind_framebuffer(GL_FRAMEBUFFER_EXT, fbo);
   framebuffer_renderbuffer(GL_FRAMEBUFFER_EXT, GL_COLOR_ATTACHMENT0_EXT, GL_RENDERBUFFER_EXT,
                            rb[0]);
   framebuffer_renderbuffer(GL_FRAMEBUFFER_EXT, GL_DEPTH_ATTACHMENT_EXT, GL_RENDERBUFFER_EXT,
                            rb[1]);
   framebuffer_renderbuffer(GL_FRAMEBUFFER_EXT, GL_STENCIL_ATTACHMENT_EXT, GL_RENDERBUFFER_EXT,
                            rb[1]);
   glClearColor(0.1f, 0.1f, 0.1f, 1);
   glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
   glEnable(GL_MULTISAMPLE);

   glBegin(GL_TRIANGLES);
   for (int i = 0; i < 12; i++) {
      const float a0 = i * 0.26f, a1 = a0 + 0.11f;
      glColor3f(0.5f + 0.5f * std::cos(a0), 0.5f + 0.5f * std::sin(a0), 1.0f - i / 12.0f);
      glVertex2f(-0.45f, 0.4f);
      glVertex2f(-0.45f + 0.52f * std::cos(a0), 0.4f + 0.52f * std::sin(a0));
      glVertex2f(-0.45f + 0.52f * std::cos(a1), 0.4f + 0.52f * std::sin(a1));
   }
   glEnd();

   glEnable(GL_DEPTH_TEST);
   glBegin(GL_TRIANGLES);
   glColor3f(0.9f, 0.3f, 0.2f);
   glVertex3f(0.05f, 0.05f, -0.6f);
   glVertex3f(0.93f, 0.17f, 0.6f);
   glVertex3f(0.41f, 0.91f, 0.0f);
   glColor3f(0.2f, 0.5f, 0.95f);
   glVertex3f(0.07f, 0.83f, 0.5f);
   glVertex3f(0.89f, 0.71f, -0.5f);
   glVertex3f(0.47f, 0.03f, 0.1f);
   glEnd();
   glDisable(GL_DEPTH_TEST);

   glEnable(GL_SAMPLE_COVERAGE);
   sample_coverage(0.5f, GL_FALSE);
   glColor3f(1.0f, 1.0f, 0.2f);
   glBegin(GL_TRIANGLES);
   glVertex2f(-0.93f, -0.91f);
   glVertex2f(-0.07f, -0.83f);
   glVertex2f(-0.61f, -0.09f);
   glEnd();
   glDisable(GL_SAMPLE_COVERAGE);

   glEnable(GL_SAMPLE_ALPHA_TO_COVERAGE);
   glBegin(GL_TRIANGLES);
   glColor4f(0.2f, 1.0f, 0.4f, 0.3f);
   glVertex2f(0.05f, -0.95f);
   glVertex2f(0.95f, -0.87f);
   glVertex2f(0.43f, -0.05f);
   glColor4f(0.2f, 1.0f, 0.4f, 0.8f);
   glVertex2f(0.11f, -0.61f);
   glVertex2f(0.61f, -0.07f);
   glVertex2f(0.09f, -0.13f);
   glEnd();
   glDisable(GL_SAMPLE_ALPHA_TO_COVERAGE);

   bind_framebuffer(GL_READ_FRAMEBUFFER_EXT, fbo);
   bind_framebuffer(GL_DRAW_FRAMEBUFFER_EXT, (GLuint)resolved);
   blit_framebuffer(0, 0, kSize, kSize, 0, 0, kSize, kSize, GL_COLOR_BUFFER_BIT, GL_NEAREST);
   bind_framebuffer(GL_FRAMEBUFFER_EXT, (GLuint)resolved);
}

/* Draws into viewports that do not start at the origin, from client-side vertex
 * arrays, with glDrawArrays starting past the first vertex and glDrawElements:
 * points, a line loop, a triangle fan and a polygon in each quarter. */
void
scene_viewports()
{
   /* Not quite regular: a line through a pixel's diamond corner is a tie GL leaves
    * open, and llvmpipe breaks it the other way for a loop's closing segment. */
   static const GLfloat octagon[8][2] = {{-0.31f, 0.79f},  {0.29f, 0.81f},  {0.83f, 0.27f},
                                         {0.78f, -0.32f},  {0.33f, -0.77f}, {-0.28f, -0.83f},
                                         {-0.82f, -0.29f}, {-0.79f, 0.33f}};
   static const GLubyte indices[8] = {0, 1, 2, 3, 4, 5, 6, 7};
   glEnableClientState(GL_VERTEX_ARRAY);
   glVertexPointer(2, GL_FLOAT, 0, octagon);
   const GLenum modes[4] = {GL_POINTS, GL_LINE_LOOP, GL_TRIANGLE_FAN, GL_POLYGON};
   for (int q = 0; q < 4; q++) {
      glViewport((q & 1) * kSize / 2 + 3, (q >> 1) * kSize / 2 + 5, kSize / 2 - 8, kSize / 2 - 9);
      glColor3f(0.25f, 0.25f, 1.0f);
      if (q & 1) {
         glDrawArrays(modes[q], 0, 3);
         glDrawArrays(modes[q], 3, 5);
      } else {
         glDrawElements(modes[q], 8, GL_UNSIGNED_BYTE, indices);
      }
      glColor3f(1, 1, 1);
      glPointSize(2.0f);
      glDrawArrays(GL_POINTS, 0, 8);
      glPointSize(1.0f);
   }
   glDisableClientState(GL_VERTEX_ARRAY);
   glViewport(0, 0, kSize, kSize);
}

/* The 8-bit value nearest x, as a float: colours a render target stores exactly. */
float
unorm8(float x)
{
   return std::round(x * 255.0f) / 255.0f;
}

/* Framebuffer fetch (GL_EXT_shader_framebuffer_fetch, coherent): a fan of triangles,
 * one draw, overlapping many times over; each fragment writes the difference between
 * the colour already in the pixel and its own, so the image depends on every earlier
 * fragment of the pixel, in primitive order, within the draw. The colours are 8-bit
 * values, so each difference is one too and both drivers store it exactly. */
void
scene_fbfetch()
{
   static const char *vs = "#version 130\n"
                           "in vec4 position;\n"
                           "in vec4 colour;\n"
                           "out vec4 c;\n"
                           "void main() {\n"
                           "  c = colour;\n"
                           "  gl_Position = position;\n"
                           "}\n";
   static const char *fs = "#version 130\n"
                           "#extension GL_EXT_shader_framebuffer_fetch : require\n"
                           "in vec4 c;\n"
                           "inout vec4 colour;\n"
                           "void main() {\n"
                           "  colour = vec4(abs(colour.rgb - c.rgb), 1.0);\n"
                           "}\n";
   GLuint prog = link_program(vs, fs);
   glUseProgram(prog);
   std::vector<float> pos, col;
   for (int i = 0; i < 10; i++) {
      const float a = i * 0.63f;
      const float angles[3] = {a, a + 2.4f, a + 4.0f}, radii[3] = {0.8f, 0.8f, 0.3f};
      for (int v = 0; v < 3; v++) {
         pos.insert(pos.end(), {radii[v] * std::cos(angles[v]), radii[v] * std::sin(angles[v])});
         col.insert(col.end(),
                    {unorm8(0.5f + 0.45f * std::cos(a)), unorm8(0.5f + 0.45f * std::sin(1.7f * a)),
                     unorm8(0.1f * (float)i)});
      }
   }
   /* Small triangles stacked on the same few pixels: several of them land in one
    * fragment warp unless the rasterizer separates them. */
   for (int i = 0; i < 24; i++) {
      const float x = -0.7f + 0.01f * (float)(i % 5), y = 0.55f + 0.013f * (float)(i % 3);
      pos.insert(pos.end(), {x, y, x + 0.06f, y + 0.01f, x + 0.02f, y + 0.07f});
      for (int v = 0; v < 3; v++)
         col.insert(col.end(), {unorm8(0.04f * (float)(i % 7)), unorm8(0.9f - 0.03f * (float)i),
                                unorm8(0.5f)});
   }
   const GLint p = glGetAttribLocation(prog, "position"), c = glGetAttribLocation(prog, "colour");
   glEnableVertexAttribArray(p);
   glEnableVertexAttribArray(c);
   glVertexAttribPointer(p, 2, GL_FLOAT, GL_FALSE, 0, pos.data());
   glVertexAttribPointer(c, 3, GL_FLOAT, GL_FALSE, 0, col.data());
   glDrawArrays(GL_TRIANGLES, 0, (GLsizei)pos.size() / 2); /* one draw */
   glDisableVertexAttribArray(p);
   glDisableVertexAttribArray(c);
   glUseProgram(0);
   glDeleteProgram(prog);
}

/* A solid colour per layer (and per level): which texel a lookup reads shows. */
std::vector<unsigned char>
layer_colours(int size, int layers, int salt)
{
   std::vector<unsigned char> texels((size_t)size * size * layers * 4);
   for (int l = 0; l < layers; l++)
      for (int i = 0; i < size * size; i++) {
         unsigned char *t = &texels[((size_t)l * size * size + i) * 4];
         t[0] = (unsigned char)(40 + 53 * ((l + salt) % 5));
         t[1] = (unsigned char)(30 + 71 * ((l * 3 + salt) % 4));
         t[2] = (unsigned char)(20 + 37 * ((l * 7 + salt) % 7));
         t[3] = 255;
      }
   return texels;
}

/* Cube map arrays and texture views (ARB_texture_cube_map_array, ARB_texture_view):
 * the top half samples a two-cube array along directions that sweep every face of
 * both cubes; the bottom half samples views of a mipmapped 2D array: one layer of
 * level 1 as a 2D texture, and two layers as a 2D array. Faces, layers and levels
 * are solid colours, looked up at level 0 with nearest filtering. */
void
scene_cube_array()
{
   auto texture_view = (PFNGLTEXTUREVIEWPROC)eglGetProcAddress("glTextureView");
   auto tex_storage_3d = (PFNGLTEXSTORAGE3DPROC)eglGetProcAddress("glTexStorage3D");
   GLuint tex[4];
   glGenTextures(4, tex);
   glBindTexture(GL_TEXTURE_CUBE_MAP_ARRAY, tex[0]);
   const std::vector<unsigned char> faces = layer_colours(8, 12, 0);
   glTexImage3D(GL_TEXTURE_CUBE_MAP_ARRAY, 0, GL_RGBA8, 8, 8, 12, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                faces.data());
   glTexParameteri(GL_TEXTURE_CUBE_MAP_ARRAY, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
   glTexParameteri(GL_TEXTURE_CUBE_MAP_ARRAY, GL_TEXTURE_MAG_FILTER, GL_NEAREST);

   /* Immutable storage (views need it): 16x16, 2 levels, 4 layers. */
   glBindTexture(GL_TEXTURE_2D_ARRAY, tex[1]);
   tex_storage_3d(GL_TEXTURE_2D_ARRAY, 2, GL_RGBA8, 16, 16, 4);
   for (int level = 0; level < 2; level++) {
      const int size = 16 >> level;
      const std::vector<unsigned char> layers = layer_colours(size, 4, 1 + 5 * level);
      glTexSubImage3D(GL_TEXTURE_2D_ARRAY, level, 0, 0, 0, size, size, 4, GL_RGBA, GL_UNSIGNED_BYTE,
                      layers.data());
   }
   texture_view(tex[2], GL_TEXTURE_2D, tex[1], GL_RGBA8, 1, 1, 2, 1);       /* level 1, layer 2 */
   texture_view(tex[3], GL_TEXTURE_2D_ARRAY, tex[1], GL_RGBA8, 0, 2, 1, 2); /* layers 1, 2 */
   for (int i = 2; i < 4; i++) {
      const GLenum target = i == 2 ? GL_TEXTURE_2D : GL_TEXTURE_2D_ARRAY;
      glBindTexture(target, tex[i]);
      glTexParameteri(target, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(target, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
   }

   static const char *vs = "#version 130\n"
                           "in vec2 position;\n"
                           "void main() { gl_Position = vec4(position, 0.0, 1.0); }\n";
   static const char *fs =
      "#version 130\n"
      "#extension GL_ARB_texture_cube_map_array : require\n"
      "uniform samplerCubeArray cubes;\n"
      "uniform sampler2D layer_view;\n"
      "uniform sampler2DArray array_view;\n"
      "out vec4 colour;\n"
      "void main() {\n"
      "  vec2 p = gl_FragCoord.xy / 64.0 - 1.0;\n"
      "  if (p.y > 0.0) {\n"
      "    float a = p.x * 3.1, b = p.y * 2.9 - 1.45;\n"
      "    vec3 d = vec3(cos(a) * cos(b), sin(b), sin(a) * cos(b) + 0.1);\n"
      "    colour = textureLod(cubes, vec4(d, p.x < 0.0 ? 0.2 : 0.9), 0.0);\n"
      "  } else if (p.x < 0.0) {\n"
      "    colour = textureLod(layer_view, (p + 1.0) * vec2(1.0, 2.0), 0.0);\n"
      "  } else {\n"
      "    colour = textureLod(array_view, vec3(p.x, p.y + 1.0, p.x * 2.0), 0.0);\n"
      "  }\n"
      "}\n";
   GLuint prog = link_program(vs, fs);
   glUseProgram(prog);
   glActiveTexture(GL_TEXTURE0);
   glBindTexture(GL_TEXTURE_CUBE_MAP_ARRAY, tex[0]);
   glActiveTexture(GL_TEXTURE1);
   glBindTexture(GL_TEXTURE_2D, tex[2]);
   glActiveTexture(GL_TEXTURE2);
   glBindTexture(GL_TEXTURE_2D_ARRAY, tex[3]);
   glActiveTexture(GL_TEXTURE0);
   glUniform1i(glGetUniformLocation(prog, "cubes"), 0);
   glUniform1i(glGetUniformLocation(prog, "layer_view"), 1);
   glUniform1i(glGetUniformLocation(prog, "array_view"), 2);
   lsgpu::scene::draw_rect(prog, -1, -1, 1, 1);
   glUseProgram(0);
   glDeleteProgram(prog);
   glDeleteTextures(4, tex);
}

/* Dual-source blending (ARB_blend_func_extended): a fan whose fragment shader writes a
 * colour and, as index 1, per-channel weights; the blend takes the colour by the
 * weights and keeps the rest of a striped background, then a second draw uses the
 * second source's alpha for both factors. */
void
scene_dual_source()
{
   auto bind_frag_data_indexed =
      (PFNGLBINDFRAGDATALOCATIONINDEXEDPROC)eglGetProcAddress("glBindFragDataLocationIndexed");
   glBegin(GL_QUADS); /* the background: vertical stripes */
   for (int i = 0; i < 8; i++) {
      glColor3f(0.1f * (float)i, 1.0f - 0.1f * (float)i, (i % 2) ? 0.8f : 0.2f);
      const float x0 = -1.0f + 0.25f * (float)i, x1 = x0 + 0.25f;
      glVertex2f(x0, -1);
      glVertex2f(x1, -1);
      glVertex2f(x1, 1);
      glVertex2f(x0, 1);
   }
   glEnd();

   static const char *vs =
      "#version 130\n"
      "in vec2 position;\n"
      "out vec2 p;\n"
      "void main() { p = position; gl_Position = vec4(position, 0.0, 1.0); }\n";
   static const char *fs =
      "#version 130\n"
      "in vec2 p;\n"
      "out vec4 colour;\n"
      "out vec4 weights;\n"
      "void main() {\n"
      "  colour = vec4(0.9, 0.5 + 0.4 * p.x, 0.3 - 0.2 * p.y, 0.75);\n"
      "  weights = vec4(abs(p.x), abs(p.y), 0.5, 0.25 + 0.5 * abs(p.x * p.y));\n"
      "}\n";
   GLuint prog = unlinked_program(vs, fs);
   bind_frag_data_indexed(prog, 0, 0, "colour");
   bind_frag_data_indexed(prog, 0, 1, "weights");
   glLinkProgram(prog);
   glUseProgram(prog);
   const GLint pos = glGetAttribLocation(prog, "position");
   glEnableVertexAttribArray(pos);
   glEnable(GL_BLEND);
   static const float fan[] = {0, 0, 0.9f, 0, 0.6f, 0.7f, -0.1f, 0.9f, -0.8f, 0.4f, -0.7f, -0.6f};
   glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, fan);
   glBlendFunc(GL_SRC1_COLOR, GL_ONE_MINUS_SRC1_COLOR);
   glDrawArrays(GL_TRIANGLE_FAN, 0, 6);
   static const float quad[] = {0.1f, -0.95f, 0.95f, -0.95f, 0.1f, -0.2f, 0.95f, -0.2f};
   glVertexAttribPointer(pos, 2, GL_FLOAT, GL_FALSE, 0, quad);
   glBlendFuncSeparate(GL_SRC1_ALPHA, GL_ONE_MINUS_SRC1_ALPHA, GL_ONE, GL_ZERO);
   glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
   glDisable(GL_BLEND);
   glDisableVertexAttribArray(pos);
   glUseProgram(0);
   glDeleteProgram(prog);
}

/* Polygon modes LINE and POINT on quads, a quad strip and polygons (no diagonals,
 * each vertex once), and glEdgeFlag hiding edges, in immediate mode and from an edge
 * flag array; flat colours, so only coverage can differ. */
void
scene_edge_flags()
{
   glShadeModel(GL_FLAT);
   glPolygonMode(GL_FRONT_AND_BACK, GL_LINE);
   glLineWidth(2);
   glBegin(GL_QUADS);
   glColor3f(1, 0.5f, 0);
   glVertex2f(-0.9f, 0.5f);
   glVertex2f(-0.5f, 0.45f);
   glVertex2f(-0.45f, 0.9f);
   glVertex2f(-0.85f, 0.85f);
   glColor3f(0, 1, 0.5f);
   glVertex2f(-0.4f, 0.5f);
   glVertex2f(-0.05f, 0.55f);
   glVertex2f(-0.1f, 0.9f);
   glVertex2f(-0.35f, 0.8f);
   glEnd();
   glBegin(GL_QUAD_STRIP);
   for (int i = 0; i < 5; i++) {
      glColor3f(unorm8(0.2f * (float)i), unorm8(0.3f), unorm8(1.0f - 0.15f * (float)i));
      glVertex2f(0.05f + 0.2f * (float)i, 0.5f);
      glVertex2f(0.05f + 0.2f * (float)i, 0.9f - 0.05f * (float)i);
   }
   glEnd();
   /* A hexagon whose edges 1 and 4 are hidden. */
   glBegin(GL_POLYGON);
   for (int i = 0; i < 6; i++) {
      glEdgeFlag(i != 1 && i != 4);
      glColor3f(0.9f, 0.9f, 0.2f);
      const float a = 1.047f * (float)i;
      glVertex2f(-0.5f + 0.35f * std::cos(a), 0.05f + 0.35f * std::sin(a));
   }
   glEnd();
   glEdgeFlag(GL_TRUE);
   /* Triangles from arrays with an edge flag array: only the outline of the pair. */
   static const float tris[] = {0.1f, -0.3f, 0.8f, -0.3f, 0.8f, 0.35f,
                                0.1f, -0.3f, 0.8f, 0.35f, 0.1f, 0.35f};
   static const GLboolean flags[] = {GL_TRUE, GL_TRUE, GL_FALSE, GL_FALSE, GL_TRUE, GL_TRUE};
   glColor3f(0.6f, 0.2f, 1);
   glEnableClientState(GL_VERTEX_ARRAY);
   glEnableClientState(GL_EDGE_FLAG_ARRAY);
   glVertexPointer(2, GL_FLOAT, 0, tris);
   glEdgeFlagPointer(0, flags);
   glDrawArrays(GL_TRIANGLES, 0, 6);
   glDisableClientState(GL_EDGE_FLAG_ARRAY);
   glDisableClientState(GL_VERTEX_ARRAY);
   /* Points: every vertex of quads once. */
   glPolygonMode(GL_FRONT_AND_BACK, GL_POINT);
   glPointSize(3);
   glBegin(GL_QUADS);
   glColor3f(1, 1, 1);
   for (int q = 0; q < 3; q++) {
      const float x = -0.9f + 0.3f * (float)q;
      glVertex2f(x, -0.9f);
      glVertex2f(x + 0.2f, -0.9f);
      glVertex2f(x + 0.2f, -0.6f);
      glVertex2f(x, -0.6f);
   }
   glEnd();
   glPointSize(1);
   glLineWidth(1);
   glPolygonMode(GL_FRONT_AND_BACK, GL_FILL);
   glShadeModel(GL_SMOOTH);
}

} // namespace

int
main(int argc, char **argv)
{
   if (argc == 2 && std::string(argv[1]) == "--extensions") {
      /* For comparing what lsgpu and the reference expose. */
      lsgpu::EglSurfaceless egl(lsgpu::EglSurfaceless::Api::GL);
      if (!egl.ok())
         return 1;
      const char *all = (const char *)glGetString(GL_EXTENSIONS);
      printf("%s\n", all ? all : "");
      return 0;
   }
   if (argc == 2 && std::string(argv[1]) == "--renderer") {
      /* For scripts that must know which driver a run really uses. */
      lsgpu::EglSurfaceless egl(lsgpu::EglSurfaceless::Api::GL);
      if (!egl.ok())
         return 1;
      printf("%s\n%s\n", (const char *)glGetString(GL_RENDERER),
             (const char *)glGetString(GL_VERSION));
      return 0;
   }
   if (argc != 3) {
      fprintf(stderr, "usage: lsgpu-scene triangles|depth|strips|cull|quads|blend OUT.rgba\n");
      return 2;
   }
   const std::string scene = argv[1];
   lsgpu::EglSurfaceless egl(lsgpu::EglSurfaceless::Api::GL);
   if (!egl.ok()) {
      fprintf(stderr, "lsgpu-scene: %s\n", egl.error().c_str());
      return 1;
   }
   printf("GL_RENDERER: %s\n", (const char *)glGetString(GL_RENDERER));
   lsgpu::GlFbo fbo(kSize, kSize, true);
   if (!fbo.ok()) {
      fprintf(stderr, "lsgpu-scene: %s\n", fbo.error().c_str());
      return 1;
   }
   glViewport(0, 0, kSize, kSize);
   glClearColor(0.1f, 0.1f, 0.1f, 1);
   glClearDepth(1.0);
   glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
   if (scene == "triangles")
      scene_triangles();
   else if (scene == "depth")
      scene_depth();
   else if (scene == "strips")
      scene_strips();
   else if (scene == "cull")
      scene_cull();
   else if (scene == "quads")
      scene_quads();
   else if (scene == "blend")
      scene_blend();
   else if (scene == "texture")
      scene_texture();
   else if (scene == "mipmap")
      scene_mipmap();
   else if (scene == "points_lines")
      scene_points_lines();
   else if (scene == "stencil")
      scene_stencil();
   else if (scene == "raster_state")
      scene_raster_state();
   else if (scene == "texture_targets")
      scene_texture_targets();
   else if (scene == "viewports")
      scene_viewports();
   else if (scene == "heightmap")
      scene_heightmap();
   else if (scene == "msaa")
      scene_msaa();
   else if (scene == "fbfetch")
      scene_fbfetch();
   else if (scene == "cube_array")
      scene_cube_array();
   else if (scene == "dual_source")
      scene_dual_source();
   else if (scene == "edge_flags")
      scene_edge_flags();
   else if (scene == "compressed")
      lsgpu::scene::compressed();
   else if (scene == "varyings")
      lsgpu::scene::varyings();
   else if (scene == "buffer_texture")
      lsgpu::scene::buffer_texture();
   else if (scene == "out_of_bounds")
      lsgpu::scene::out_of_bounds();
   else if (scene == "fragment_order")
      lsgpu::scene::fragment_order();
   else if (scene == "buffer_subdata")
      lsgpu::scene::buffer_subdata();
   else {
      fprintf(stderr, "lsgpu-scene: unknown scene %s\n", scene.c_str());
      return 2;
   }
   std::vector<unsigned char> pixels(kSize * kSize * 4);
   glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
   if (glGetError() != GL_NO_ERROR) {
      fprintf(stderr, "lsgpu-scene: GL error\n");
      return 1;
   }
   FILE *f = fopen(argv[2], "wb");
   if (!f || fwrite(pixels.data(), 1, pixels.size(), f) != pixels.size()) {
      fprintf(stderr, "lsgpu-scene: cannot write %s\n", argv[2]);
      return 1;
   }
   fclose(f);
   return 0;
}
