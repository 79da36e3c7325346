/* SPDX-License-Identifier: MIT */
/*
 * The main job: renders a frame on the simulated LSGPU-1 through OpenGL on EGL
 * surfaceless, reads it back, writes a PNG and prints what the GPU did.
 *
 * What the GPU can do today is clearing (the fill engine), so the frame is built from
 * scissored clears; it becomes a real scene when the draw path lands.
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
   glTranslatef(0, -0.1f, -3);
   glRotatef(-25, 1, 0, 0);
   glRotatef(35, 0, 1, 0);
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
