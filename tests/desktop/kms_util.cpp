/* SPDX-License-Identifier: MIT */
/* Helpers of the display tests (kms_util.h). */
#include "kms_util.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <png.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "server/control.h"
#include "server/protocol.h"

namespace control = lsgpu::sim::control;
namespace wire = lsgpu::sim::wire;

namespace lsgpu::test
{

bool
first_output(int fd, Output *out)
{
   drmModeRes *res = drmModeGetResources(fd);
   if (!res)
      return false;
   drmModeConnector *conn = drmModeGetConnector(fd, res->connectors[0]);
   bool ok = conn && conn->count_modes > 0;
   if (ok)
      *out = Output{conn->modes[0], conn->connector_id, res->crtcs[0]};
   drmModeFreeConnector(conn);
   drmModeFreeResources(res);
   return ok;
}

Dumb
make_dumb(int fd, uint32_t w, uint32_t h, uint32_t colour)
{
   Dumb d;
   struct drm_mode_create_dumb create = {};
   create.width = w;
   create.height = h;
   create.bpp = 32;
   EXPECT_EQ(drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create), 0) << strerror(errno);
   d.handle = create.handle;
   d.pitch = create.pitch;
   d.size = create.size;
   struct drm_mode_map_dumb map = {};
   map.handle = d.handle;
   EXPECT_EQ(drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map), 0);
   void *p = mmap(nullptr, d.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)map.offset);
   EXPECT_NE(p, MAP_FAILED);
   d.pixels = static_cast<uint32_t *>(p);
   for (uint32_t y = 0; y < h; y++)
      for (uint32_t x = 0; x < w; x++)
         d.pixels[y * (d.pitch / 4) + x] = colour;
   uint32_t handles[4] = {d.handle}, pitches[4] = {d.pitch}, offsets[4] = {0};
   EXPECT_EQ(drmModeAddFB2(fd, w, h, DRM_FORMAT_XRGB8888, handles, pitches, offsets, &d.fb, 0), 0)
      << strerror(errno);
   return d;
}

std::vector<uint8_t>
scanout(unsigned *w, unsigned *h)
{
   int fd = memfd_create("screenshot", MFD_CLOEXEC);
   int ret = control::screenshot(wire::socket_path(), 0, fd); /* CRTC 1 (index 0) */
   EXPECT_EQ(ret, 0);
   std::vector<uint8_t> png(lseek(fd, 0, SEEK_END));
   EXPECT_EQ(pread(fd, png.data(), png.size(), 0), (ssize_t)png.size());
   close(fd);
   png_image image = {};
   image.version = PNG_IMAGE_VERSION;
   if (ret != 0 || !png_image_begin_read_from_memory(&image, png.data(), png.size()))
      return {};
   image.format = PNG_FORMAT_RGBA;
   std::vector<uint8_t> rgba(PNG_IMAGE_SIZE(image));
   EXPECT_TRUE(png_image_finish_read(&image, nullptr, rgba.data(), 0, nullptr));
   *w = image.width;
   *h = image.height;
   return rgba;
}

uint32_t
rgba_at(const std::vector<uint8_t> &img, unsigned w, unsigned x, unsigned y)
{
   const uint8_t *p = &img[(y * w + x) * 4];
   return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]; /* as XRGB */
}

static void
on_flip(int, unsigned sequence, unsigned, unsigned, unsigned crtc_id, void *data)
{
   auto *e = static_cast<FlipEvent *>(data);
   e->count++;
   e->sequence = sequence;
   e->crtc = crtc_id;
}

bool
wait_flip(int fd, FlipEvent *e)
{
   drmEventContext ctx = {};
   ctx.version = 3;
   ctx.page_flip_handler2 = on_flip;
   int before = e->count;
   for (int i = 0; i < 100 && e->count == before; i++) {
      struct pollfd p = {fd, POLLIN, 0};
      if (poll(&p, 1, 10) == 1)
         drmHandleEvent(fd, &ctx);
   }
   return e->count > before;
}

} // namespace lsgpu::test
