/* SPDX-License-Identifier: MIT */
/* The simulated monitor on connector 0: an EDID 1.3 block and the modes it lists
 * (VESA DMT and CEA timings), as a kernel's EDID parser would return them. */
#include <cstdio>
#include <cstring>

#include "kms.h"

namespace lsgpu::sim
{

namespace
{

struct Timing {
   uint32_t clock_khz;
   uint16_t h[4], v[4]; /* active, sync start, sync end, total */
   bool hpos, vpos;
};

/* Preferred first: 1024x768 keeps a simulated desktop fast; the others are what a
 * 1080p monitor offers. */
constexpr Timing kTimings[] = {
   {65000, {1024, 1048, 1184, 1344}, {768, 771, 777, 806}, false, false},
   {148500, {1920, 2008, 2052, 2200}, {1080, 1084, 1089, 1125}, true, true},
   {108000, {1280, 1328, 1440, 1688}, {1024, 1025, 1028, 1066}, true, true},
   {74250, {1280, 1390, 1430, 1650}, {720, 725, 730, 750}, true, true},
   {40000, {800, 840, 968, 1056}, {600, 601, 605, 628}, true, true},
   {25175, {640, 656, 752, 800}, {480, 490, 492, 525}, false, false},
};

struct drm_mode_modeinfo
mode_of(const Timing &t, bool preferred)
{
   struct drm_mode_modeinfo m = {};
   m.clock = t.clock_khz;
   m.hdisplay = t.h[0];
   m.hsync_start = t.h[1];
   m.hsync_end = t.h[2];
   m.htotal = t.h[3];
   m.vdisplay = t.v[0];
   m.vsync_start = t.v[1];
   m.vsync_end = t.v[2];
   m.vtotal = t.v[3];
   m.vrefresh = (uint32_t)((t.clock_khz * 1000ull + t.h[3] * t.v[3] / 2) / (t.h[3] * t.v[3]));
   m.flags = (t.hpos ? DRM_MODE_FLAG_PHSYNC : DRM_MODE_FLAG_NHSYNC) |
             (t.vpos ? DRM_MODE_FLAG_PVSYNC : DRM_MODE_FLAG_NVSYNC);
   m.type = DRM_MODE_TYPE_DRIVER | (preferred ? DRM_MODE_TYPE_PREFERRED : 0);
   snprintf(m.name, sizeof(m.name), "%ux%u", t.h[0], t.v[0]);
   return m;
}

/* An 18-byte detailed timing descriptor (EDID 1.3 §3.10.2). */
void
put_dtd(uint8_t *d, const Timing &t)
{
   const unsigned hblank = t.h[3] - t.h[0], vblank = t.v[3] - t.v[0];
   const unsigned hso = t.h[1] - t.h[0], hsw = t.h[2] - t.h[1];
   const unsigned vso = t.v[1] - t.v[0], vsw = t.v[2] - t.v[1];
   const unsigned clock = t.clock_khz / 10; /* 10 kHz units */
   d[0] = clock & 0xff;
   d[1] = clock / 256;
   d[2] = t.h[0] & 0xff;
   d[3] = hblank & 0xff;
   d[4] = (uint8_t)((t.h[0] / 256) * 16 + hblank / 256);
   d[5] = t.v[0] & 0xff;
   d[6] = vblank & 0xff;
   d[7] = (uint8_t)((t.v[0] / 256) * 16 + vblank / 256);
   d[8] = hso & 0xff;
   d[9] = hsw & 0xff;
   d[10] = (uint8_t)((vso & 15) * 16 + (vsw & 15));
   d[11] = (uint8_t)((hso / 256) * 64 + (hsw / 256) * 16 + (vso / 16) * 4 + vsw / 16);
   d[12] = 527 & 0xff; /* image size 527 x 296 mm (a 24-inch 16:9 panel) */
   d[13] = 296 & 0xff;
   d[14] = (527 / 256) * 16 + 296 / 256;
   d[17] = 0x18 | (t.vpos ? 0x04 : 0) | (t.hpos ? 0x02 : 0); /* digital separate sync */
}

void
put_text(uint8_t *d, uint8_t tag, const char *text)
{
   d[3] = tag;
   size_t n = strlen(text);
   for (size_t i = 0; i < 13; i++)
      d[5 + i] = i < n ? (uint8_t)text[i] : (i == n ? 0x0a : 0x20);
}

} // namespace

std::vector<uint8_t>
lsgpu_kms_make_edid(std::vector<struct drm_mode_modeinfo> *modes)
{
   modes->clear();
   for (size_t i = 0; i < sizeof(kTimings) / sizeof(kTimings[0]); i++)
      modes->push_back(mode_of(kTimings[i], i == 0));

   std::vector<uint8_t> e(128, 0);
   const uint8_t header[8] = {0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
   memcpy(e.data(), header, 8);
   /* Manufacturer "LSG": three 5-bit letters, big-endian. */
   const unsigned id = ('L' - '@') * 1024 + ('S' - '@') * 32 + ('G' - '@');
   e[8] = (uint8_t)(id / 256);
   e[9] = (uint8_t)(id & 0xff);
   e[10] = 0x01; /* product 1 */
   e[16] = 1;    /* week 1 of */
   e[17] = 36;   /* 1990 + 36 */
   e[18] = 1;    /* EDID 1.3 */
   e[19] = 3;
   e[20] = 0x80; /* digital input */
   e[21] = 53;   /* cm */
   e[22] = 30;
   e[23] = 120;  /* gamma 2.2 */
   e[24] = 0x0a; /* RGB colour, preferred timing in the first descriptor */
   const uint8_t chroma[10] = {0xee, 0x91, 0xa3, 0x54, 0x4c, 0x99, 0x26, 0x0f, 0x50, 0x54};
   memcpy(&e[25], chroma, 10);
   e[35] = 0x20; /* established: 640x480@60 */
   e[36] = 0x09; /* 800x600@60, 1024x768@60 */
   /* Standard timings: 1280x1024@60 (5:4), 1280x720@60 and 1920x1080@60 (16:9). */
   const uint8_t standard[16] = {0x81, 0x80, 0x81, 0xc0, 0xd1, 0xc0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
   memcpy(&e[38], standard, 16);
   put_dtd(&e[54], kTimings[0]);
   put_dtd(&e[72], kTimings[1]);
   put_text(&e[90], 0xfc, "LSGPU-SIM"); /* monitor name */
   put_text(&e[108], 0xfe, "simulated");
   unsigned sum = 0;
   for (int i = 0; i < 127; i++)
      sum += e[i];
   e[127] = (uint8_t)((256 - sum % 256) % 256);
   return e;
}

} // namespace lsgpu::sim
