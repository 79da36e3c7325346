/* SPDX-License-Identifier: MIT */
/*
 * The main job: renders a frame on the simulated LSGPU-1 through OpenGL on EGL
 * surfaceless, reads it back, writes a PNG and prints what the GPU did.
 *
 * The frame: scissored clears by the fill engine, a mipmapped checkerboard floor
 * sampled trilinearly by the texture unit, a smooth-shaded pyramid with the depth
 * test, wide lines and point sprites, and a blended band.
 *
 * usage: lsgpu-demo [OUTPUT.png]
 */
#include <cstdio>
#include <png.h>
#include <vector>

#include "../common/device_counters.h"
#include "../common/egl_surfaceless.h"
#include "../common/gl_fbo.h"

namespace
{

constexpr int kSize = 256;

struct Rect {
   int x, y, w, h;
   float r, g, b, a;
};

bool
write_png(const char *path, const std::vector<uint8_t> &rgba, int w, int h)
{
   png_image image = {};
   image.version = PNG_IMAGE_VERSION;
   image.width = w;
   image.height = h;
   image.format = PNG_FORMAT_RGBA;
   /* GL rows go bottom-up: a negative stride flips them for the PNG. */
   return png_image_write_to_file(&image, path, 0, rgba.data(), -w * 4, nullptr) != 0;
}

/* A 64×64 checkerboard with all seven mip levels (each level's squares keep their
 * size in texels, so the texture unit's level choice shows as blur in the distance). */
void
draw_floor()
{
   GLuint tex;
   glGenTextures(1, &tex);
   glBindTexture(GL_TEXTURE_2D, tex);
   for (int level = 0, size = 64; size >= 1; level++, size /= 2) {
      std::vector<uint8_t> texels(size * size * 4);
      for (int y = 0; y < size; y++)
         for (int x = 0; x < size; x++) {
            const bool light = ((x * 8 / size) + (y * 8 / size)) & 1;
            uint8_t *t = &texels[4 * (y * size + x)];
            t[0] = light ? 230 : 40;
            t[1] = light ? 220 : 60;
            t[2] = light ? 200 : 110;
            t[3] = 255;
         }
      glTexImage2D(GL_TEXTURE_2D, level, GL_RGBA, size, size, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                   texels.data());
   }
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
   glTexEnvi(GL_TEXTURE_ENV, GL_TEXTURE_ENV_MODE, GL_MODULATE);
   glEnable(GL_TEXTURE_2D);
   glBegin(GL_QUADS);
   glColor3f(1, 1, 1);
   glTexCoord2f(0, 0);
   glVertex3f(-6, -0.61f, -6);
   glTexCoord2f(6, 0);
   glVertex3f(6, -0.61f, -6);
   glTexCoord2f(6, 6);
   glVertex3f(6, -0.61f, 6);
   glTexCoord2f(0, 6);
   glVertex3f(-6, -0.61f, 6);
   glEnd();
   glDisable(GL_TEXTURE_2D);
   glDeleteTextures(1, &tex);
}

/* A wide line strip and round-ish point sprites along the top. */
void
draw_lines_and_points()
{
   glLineWidth(3.0f);
   glBegin(GL_LINE_STRIP);
   for (int i = 0; i <= 16; i++) {
      const float x = -0.9f + 1.8f * i / 16;
      glColor3f(1.0f, 0.5f + 0.5f * (i % 2), 0.2f);
      glVertex2f(x, 0.8f + 0.06f * ((i % 2) ? 1 : -1));
   }
   glEnd();
   glLineWidth(1.0f);
   glEnable(GL_POINT_SPRITE);
   glPointSize(9.0f);
   glBegin(GL_POINTS);
   for (int i = 0; i < 8; i++) {
      glColor3f(0.3f + 0.1f * i, 0.9f, 1.0f - 0.1f * i);
      glVertex2f(-0.8f + 0.23f * i, 0.65f);
   }
   glEnd();
   glPointSize(1.0f);
   glDisable(GL_POINT_SPRITE);
}

} // namespace

int
main(int argc, char **argv)
{
   const char *out = argc > 1 ? argv[1] : "lsgpu-demo.png";

   lsgpu::EglSurfaceless egl(lsgpu::EglSurfaceless::Api::GL);
   if (!egl.ok()) {
      fprintf(stderr, "lsgpu-demo: %s\n", egl.error().c_str());
      return 1;
   }
   printf("EGL driver:  %s\n", egl.driver_name().c_str());
   printf("GL_RENDERER: %s\n", (const char *)glGetString(GL_RENDERER));
   printf("GL_VERSION:  %s\n", (const char *)glGetString(GL_VERSION));

   lsgpu::GlFbo fbo(kSize, kSize, true);
   if (!fbo.ok()) {
      fprintf(stderr, "lsgpu-demo: %s\n", fbo.error().c_str());
      return 1;
   }

   lsgpu::DeviceCounters before = lsgpu::DeviceCounters::read();

   /* A background, four quadrants and nested squares: every pixel is written by the
    * GPU's fill engine through glClear with a scissor. */
   glViewport(0, 0, kSize, kSize);
   glClearColor(0.08f, 0.08f, 0.12f, 1.0f);
   glClear(GL_COLOR_BUFFER_BIT);
   glEnable(GL_SCISSOR_TEST);
   const Rect rects[] = {
      {8, 8, 116, 116, 0.90f, 0.20f, 0.20f, 1},   {132, 8, 116, 116, 0.20f, 0.75f, 0.30f, 1},
      {8, 132, 116, 116, 0.20f, 0.40f, 0.90f, 1}, {132, 132, 116, 116, 0.95f, 0.80f, 0.20f, 1},
      {64, 64, 128, 128, 1.0f, 1.0f, 1.0f, 1},    {80, 80, 96, 96, 0.08f, 0.08f, 0.12f, 1},
      {96, 96, 64, 64, 0.60f, 0.25f, 0.80f, 1},   {120, 120, 16, 16, 1.0f, 1.0f, 1.0f, 1},
   };
   for (const Rect &r : rects) {
      glScissor(r.x, r.y, r.w, r.h);
      glClearColor(r.r, r.g, r.b, r.a);
      glClear(GL_COLOR_BUFFER_BIT);
   }
   glDisable(GL_SCISSOR_TEST);

   /* Geometry on the shader cores and the fixed-function pipeline: a smooth-shaded
    * pyramid in perspective with the depth test, and a blended translucent band. */
   glClear(GL_DEPTH_BUFFER_BIT);
   glEnable(GL_DEPTH_TEST);
   glMatrixMode(GL_PROJECTION);
   glLoadIdentity();
   glFrustum(-0.6, 0.6, -0.6, 0.6, 1, 10);
   glMatrixMode(GL_MODELVIEW);
   glLoadIdentity();
   glTranslatef(0, -0.25f, -3.4f);
   glRotatef(25, 1, 0, 0); /* seen from above, over the floor */
   glRotatef(35, 0, 1, 0);
   draw_floor();
   static const float apex[3] = {0, 1, 0},
                      base[4][3] = {{-1, -0.6f, -1}, {1, -0.6f, -1}, {1, -0.6f, 1}, {-1, -0.6f, 1}};
   static const float colors[4][3] = {
      {1, 0.3f, 0.2f}, {0.2f, 0.9f, 0.3f}, {0.2f, 0.4f, 1}, {1, 0.85f, 0.2f}};
   glBegin(GL_TRIANGLES);
   for (int i = 0; i < 4; i++) {
      glColor3f(1, 1, 1);
      glVertex3fv(apex);
      glColor3fv(colors[i]);
      glVertex3fv(base[i]);
      glColor3fv(colors[(i + 1) % 4]);
      glVertex3fv(base[(i + 1) % 4]);
   }
   glEnd();
   glDisable(GL_DEPTH_TEST);
   glMatrixMode(GL_PROJECTION);
   glLoadIdentity();
   glMatrixMode(GL_MODELVIEW);
   glLoadIdentity();
   glEnable(GL_BLEND);
   glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
   glBegin(GL_QUADS);
   glColor4f(0.1f, 0.8f, 1.0f, 0.15f);
   glVertex2f(-1, -0.75f);
   glVertex2f(1, -0.75f);
   glColor4f(0.9f, 0.2f, 1.0f, 0.6f);
   glVertex2f(1, -0.55f);
   glVertex2f(-1, -0.55f);
   glEnd();
   glDisable(GL_BLEND);
   draw_lines_and_points();

   std::vector<uint8_t> pixels(kSize * kSize * 4);
   glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
   if (glGetError() != GL_NO_ERROR) {
      fprintf(stderr, "lsgpu-demo: GL error\n");
      return 1;
   }

   lsgpu::DeviceCounters after = lsgpu::DeviceCounters::read();
   if (after.valid) {
      const lsgpu::DeviceCounters d = after.since(before);
      printf("GPU counters for this frame: %s\n", d.to_string().c_str());
   } else {
      printf("GPU counters: not an LSGPU device\n");
   }

   if (!write_png(out, pixels, kSize, kSize)) {
      fprintf(stderr, "lsgpu-demo: cannot write %s\n", out);
      return 1;
   }
   printf("wrote %s (%dx%d)\n", out, kSize, kSize);
   return 0;
}
