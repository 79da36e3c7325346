/* SPDX-License-Identifier: MIT */
/*
 * The display through libdrm, as a compositor drives it: the primary node's mode
 * objects and EDID, master rules, dumb buffers scanned out and checked through the
 * display controller's own capture, page flips with their events at the refresh
 * rate, vblank waits, the cursor, and the errnos of what a kernel refuses.
 */
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <png.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "kms_util.h"

using namespace lsgpu::test;

TEST(kms, primary_node_has_the_7a2000_display_objects)
{
   Card card;
   ASSERT_GE(card.fd, 0) << strerror(errno);
   drmModeRes *res = drmModeGetResources(card.fd);
   ASSERT_NE(res, nullptr) << strerror(errno);
   EXPECT_EQ(res->count_crtcs, 2);
   EXPECT_EQ(res->count_connectors, 2);
   EXPECT_EQ(res->count_encoders, 2);
   drmModeConnector *hdmi = drmModeGetConnector(card.fd, res->connectors[0]);
   ASSERT_NE(hdmi, nullptr);
   EXPECT_EQ(hdmi->connection, DRM_MODE_CONNECTED);
   ASSERT_GE(hdmi->count_modes, 4);
   EXPECT_TRUE(hdmi->modes[0].type & DRM_MODE_TYPE_PREFERRED);
   bool has_1080p = false;
   for (int i = 0; i < hdmi->count_modes; i++)
      has_1080p |= hdmi->modes[i].hdisplay == 1920 && hdmi->modes[i].vdisplay == 1080 &&
                   hdmi->modes[i].vrefresh == 60;
   EXPECT_TRUE(has_1080p);
   /* The EDID blob: a valid 128-byte block (header and checksum). */
   bool edid_ok = false;
   for (int i = 0; i < hdmi->count_props; i++) {
      drmModePropertyRes *prop = drmModeGetProperty(card.fd, hdmi->props[i]);
      ASSERT_NE(prop, nullptr);
      if (strcmp(prop->name, "EDID") == 0) {
         drmModePropertyBlobRes *blob =
            drmModeGetPropertyBlob(card.fd, (uint32_t)hdmi->prop_values[i]);
         ASSERT_NE(blob, nullptr);
         ASSERT_EQ(blob->length, 128u);
         const uint8_t *e = static_cast<const uint8_t *>(blob->data);
         unsigned sum = 0;
         for (int k = 0; k < 128; k++)
            sum += e[k];
         edid_ok = e[0] == 0 && e[1] == 0xff && e[7] == 0 && sum % 256 == 0;
         drmModeFreePropertyBlob(blob);
      }
      drmModeFreeProperty(prop);
   }
   EXPECT_TRUE(edid_ok);
   drmModeConnector *vga = drmModeGetConnector(card.fd, res->connectors[1]);
   ASSERT_NE(vga, nullptr);
   EXPECT_EQ(vga->connection, DRM_MODE_DISCONNECTED);
   EXPECT_EQ(vga->count_modes, 0);
   /* Universal planes: a primary and a cursor per CRTC, by their "type". */
   ASSERT_EQ(drmSetClientCap(card.fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1), 0);
   drmModePlaneRes *planes = drmModeGetPlaneResources(card.fd);
   ASSERT_NE(planes, nullptr);
   EXPECT_EQ(planes->count_planes, 4u);
   drmModeFreePlaneResources(planes);
   drmModeFreeConnector(vga);
   drmModeFreeConnector(hdmi);
   drmModeFreeResources(res);
}

TEST(kms, render_node_cannot_modeset_and_a_second_opener_is_not_master)
{
   int render = open("/dev/dri/renderD128", O_RDWR | O_CLOEXEC);
   ASSERT_GE(render, 0);
   EXPECT_EQ(drmModeGetResources(render), nullptr);
   EXPECT_EQ(errno, EACCES);
   close(render);

   Card master, other;
   Output out;
   ASSERT_TRUE(first_output(master.fd, &out)) << strerror(errno);
   Dumb d = make_dumb(other.fd, out.mode.hdisplay, out.mode.vdisplay, 0x202020);
   EXPECT_EQ(drmModeSetCrtc(other.fd, out.crtc, d.fb, 0, 0, &out.connector, 1, &out.mode), -EACCES);
   EXPECT_EQ(drmDropMaster(other.fd), -1); /* not master */
   EXPECT_EQ(errno, EINVAL);
   EXPECT_EQ(drmSetMaster(other.fd), -1); /* someone else is */
   EXPECT_EQ(errno, EBUSY);
   EXPECT_EQ(drmDropMaster(master.fd), 0);
   EXPECT_EQ(drmSetMaster(master.fd), 0); /* it was master before */
}

TEST(kms, dumb_buffer_is_scanned_out_and_page_flips_send_events_at_the_refresh_rate)
{
   Card card;
   Output out;
   ASSERT_TRUE(first_output(card.fd, &out)) << strerror(errno);
   const drmModeModeInfo mode = out.mode;
   uint32_t connector = out.connector, crtc = out.crtc;

   /* A framebuffer smaller than the mode cannot be shown. */
   Dumb small = make_dumb(card.fd, 64, 64, 0);
   EXPECT_EQ(drmModeSetCrtc(card.fd, crtc, small.fb, 0, 0, &connector, 1, &out.mode), -ENOSPC);

   Dumb a = make_dumb(card.fd, mode.hdisplay, mode.vdisplay, 0x00ff8000);
   Dumb b = make_dumb(card.fd, mode.hdisplay, mode.vdisplay, 0x000080ff);
   a.pixels[10 * (a.pitch / 4) + 20] = 0x00123456; /* one marked pixel */
   ASSERT_EQ(drmModeSetCrtc(card.fd, crtc, a.fb, 0, 0, &connector, 1, &out.mode), 0)
      << strerror(errno);
   unsigned w = 0, h = 0;
   std::vector<uint8_t> img = scanout(&w, &h);
   ASSERT_EQ(w, mode.hdisplay);
   ASSERT_EQ(h, mode.vdisplay);
   EXPECT_EQ(rgba_at(img, w, 0, 0), 0xff8000u);
   EXPECT_EQ(rgba_at(img, w, 20, 10), 0x123456u);
   EXPECT_EQ(rgba_at(img, w, w - 1, h - 1), 0xff8000u);

   /* Flip to b with an event; a second flip before it completes is refused. A vblank
    * can fall between the two calls (the first flip then completed and the second is
    * a new one): try again then, a flip to a and back to b. */
   FlipEvent ev;
   bool refused = false;
   for (int attempt = 0; attempt < 5 && !refused; attempt++) {
      ASSERT_EQ(drmModePageFlip(card.fd, crtc, b.fb, DRM_MODE_PAGE_FLIP_EVENT, &ev), 0);
      int second = drmModePageFlip(card.fd, crtc, a.fb, DRM_MODE_PAGE_FLIP_EVENT, &ev);
      refused = second == -EBUSY;
      ASSERT_TRUE(refused || second == 0) << second;
      ASSERT_TRUE(wait_flip(card.fd, &ev));
      if (!refused) {
         ASSERT_TRUE(wait_flip(card.fd, &ev)); /* the second flip's event too */
      }
   }
   EXPECT_TRUE(refused) << "a second pending flip was never refused with EBUSY";
   EXPECT_EQ(ev.crtc, crtc);
   img = scanout(&w, &h);
   EXPECT_EQ(rgba_at(img, w, 0, 0), 0x0080ffu);

   /* Ten more flips take ten refresh periods (one vblank each); a flip that reaches
    * the kernel after the vblank it aimed for waits for the next one, as on hardware. */
   const auto t0 = std::chrono::steady_clock::now();
   const unsigned first = ev.sequence;
   for (int i = 0; i < 10; i++) {
      ASSERT_EQ(drmModePageFlip(card.fd, crtc, i % 2 ? b.fb : a.fb, DRM_MODE_PAGE_FLIP_EVENT, &ev),
                0);
      ASSERT_TRUE(wait_flip(card.fd, &ev)) << i;
   }
   const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
   const double period = 1000.0 * mode.htotal * mode.vtotal / (mode.clock * 1000.0);
   EXPECT_GE(ev.sequence - first, 10u);
   EXPECT_LE(ev.sequence - first, 15u);
   EXPECT_GT(ms, 9 * period);
   EXPECT_LT(ms, 30 * period); /* a busy host may be late, never early */

   /* A blocking vblank wait for two frames. */
   drmVBlank vbl = {};
   vbl.request.type = DRM_VBLANK_RELATIVE;
   vbl.request.sequence = 0;
   ASSERT_EQ(drmWaitVBlank(card.fd, &vbl), 0);
   const unsigned now = vbl.reply.sequence;
   vbl.request.type = DRM_VBLANK_RELATIVE;
   vbl.request.sequence = 2;
   ASSERT_EQ(drmWaitVBlank(card.fd, &vbl), 0);
   EXPECT_GE(vbl.reply.sequence, now + 2);

   /* The cursor: an opaque white 64x64 square at (100, 50), blended over the plane. */
   Dumb cursor = make_dumb(card.fd, 64, 64, 0xffffffff);
   ASSERT_EQ(drmModeSetCursor(card.fd, crtc, cursor.handle, 64, 64), 0) << strerror(errno);
   ASSERT_EQ(drmModeMoveCursor(card.fd, crtc, 100, 50), 0);
   vbl.request.type = DRM_VBLANK_RELATIVE;
   vbl.request.sequence = 1; /* the cursor latches at the next vblank */
   ASSERT_EQ(drmWaitVBlank(card.fd, &vbl), 0);
   img = scanout(&w, &h);
   EXPECT_EQ(rgba_at(img, w, 100, 50), 0xffffffu);
   EXPECT_EQ(rgba_at(img, w, 163, 113), 0xffffffu);
   EXPECT_NE(rgba_at(img, w, 164, 114), 0xffffffu);

   /* Removing the framebuffer on screen turns the CRTC off. */
   EXPECT_EQ(drmModeRmFB(card.fd, b.fb), 0); /* the last flip (i = 9) showed b */
   drmModeCrtc *state = drmModeGetCrtc(card.fd, crtc);
   ASSERT_NE(state, nullptr);
   EXPECT_EQ(state->mode_valid, 0);
   drmModeFreeCrtc(state);
}

/* What a kernel refuses, refused with its errno, and nothing changes on screen. */
TEST(kms, foreign_and_stale_handles_and_bad_modes_are_refused)
{
   Card card, other;
   Output out;
   ASSERT_TRUE(first_output(card.fd, &out)) << strerror(errno);
   const drmModeModeInfo mode = out.mode;
   uint32_t connector = out.connector, crtc = out.crtc;
   Dumb shown = make_dumb(card.fd, mode.hdisplay, mode.vdisplay, 0x00336699);
   ASSERT_EQ(drmModeSetCrtc(card.fd, crtc, shown.fb, 0, 0, &connector, 1, &out.mode), 0);

   /* A BO of another file (by a handle number this file never had), and one whose
    * handle was closed. */
   for (int i = 0; i < 8; i++)
      make_dumb(other.fd, 64, 64, 0);
   Dumb theirs = make_dumb(other.fd, 64, 64, 0);
   uint32_t handles[4] = {theirs.handle}, pitches[4] = {theirs.pitch}, offsets[4] = {0}, fb = 0;
   EXPECT_EQ(drmModeAddFB2(card.fd, 64, 64, DRM_FORMAT_XRGB8888, handles, pitches, offsets, &fb, 0),
             -ENOENT);
   Dumb gone = make_dumb(card.fd, 64, 64, 0);
   struct drm_mode_destroy_dumb destroy = {gone.handle};
   ASSERT_EQ(drmIoctl(card.fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy), 0);
   handles[0] = gone.handle;
   pitches[0] = gone.pitch;
   EXPECT_EQ(drmModeAddFB2(card.fd, 64, 64, DRM_FORMAT_XRGB8888, handles, pitches, offsets, &fb, 0),
             -ENOENT);
   /* Another file's framebuffer cannot be removed; a removed one cannot be flipped to. */
   EXPECT_EQ(drmModeRmFB(card.fd, theirs.fb), -ENOENT);
   Dumb spare = make_dumb(card.fd, mode.hdisplay, mode.vdisplay, 0);
   ASSERT_EQ(drmModeRmFB(card.fd, spare.fb), 0);
   EXPECT_EQ(drmModePageFlip(card.fd, crtc, spare.fb, 0, nullptr), -ENOENT);
   /* An unknown connector, a mode whose sync lies past its total, a cursor of 32x32,
    * an unsupported format, an unknown CRTC. */
   uint32_t nobody = 4242;
   EXPECT_EQ(drmModeSetCrtc(card.fd, crtc, shown.fb, 0, 0, &nobody, 1, &out.mode), -ENOENT);
   drmModeModeInfo broken = mode;
   broken.hsync_end = broken.htotal + 1;
   EXPECT_EQ(drmModeSetCrtc(card.fd, crtc, shown.fb, 0, 0, &connector, 1, &broken), -EINVAL);
   EXPECT_EQ(drmModeSetCursor(card.fd, crtc, shown.handle, 32, 32), -EINVAL);
   handles[0] = shown.handle;
   pitches[0] = shown.pitch;
   EXPECT_EQ(drmModeAddFB2(card.fd, mode.hdisplay, mode.vdisplay, DRM_FORMAT_NV12, handles, pitches,
                           offsets, &fb, 0),
             -EINVAL);
   EXPECT_EQ(drmModePageFlip(card.fd, 4242, shown.fb, 0, nullptr), -ENOENT);

   unsigned w, h;
   std::vector<uint8_t> img = scanout(&w, &h);
   ASSERT_EQ(w, mode.hdisplay);
   EXPECT_EQ(rgba_at(img, w, w / 2, h / 2), 0x336699u) << "a refused request changed the screen";
}
