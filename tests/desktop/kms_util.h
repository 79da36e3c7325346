/* SPDX-License-Identifier: MIT */
/* Helpers of the display tests: the primary node, the connected output, dumb
 * buffers, the scanout as the display controller shows it, and DRM events. */
#ifndef LSGPU_TEST_KMS_UTIL_H
#define LSGPU_TEST_KMS_UTIL_H

#include <cstdint>
#include <fcntl.h>
#include <unistd.h>
#include <vector>
#include <xf86drm.h>
#include <xf86drmMode.h>

namespace lsgpu::test
{

/* An open primary node, closed at scope exit (so the next test finds no master). */
struct Card {
   int fd;
   Card() : fd(open("/dev/dri/card0", O_RDWR | O_CLOEXEC)) {}
   ~Card()
   {
      if (fd >= 0)
         close(fd);
   }
};

struct Output {
   drmModeModeInfo mode;
   uint32_t connector, crtc;
};

struct Dumb {
   uint32_t handle = 0, pitch = 0, fb = 0;
   uint64_t size = 0;
   uint32_t *pixels = nullptr;
};

struct FlipEvent {
   int count = 0;
   unsigned sequence = 0, crtc = 0;
};

/* The connected output as a compositor picks it: the first connector, its
 * preferred mode, the first CRTC. */
bool first_output(int fd, Output *out);
/* A w x h XRGB8888 dumb buffer filled with colour, mapped, with a framebuffer. */
Dumb make_dumb(int fd, uint32_t w, uint32_t h, uint32_t colour);
/* What CRTC 0 shows, from the display controller (RGBA rows). */
std::vector<uint8_t> scanout(unsigned *w, unsigned *h);
uint32_t rgba_at(const std::vector<uint8_t> &img, unsigned w, unsigned x, unsigned y);
/* Waits for one page-flip event on fd; false after a second. */
bool wait_flip(int fd, FlipEvent *e);

} // namespace lsgpu::test

#endif
