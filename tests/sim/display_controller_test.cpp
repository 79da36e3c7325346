/* SPDX-License-Identifier: MIT */
/* The display controller (docs/display.md): register blocks that decode or are
 * refused, latching at vertical blank, the frame counter at the mode's rate, scanout
 * of each format and the cursor blended over it. */
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "gpu/display/display_controller.h"
#include "gpu/memory/device_memory.h"

using namespace lsgpu::sim;

namespace
{

/* 64x32 at 30 kHz lines... a small mode whose vblank period is 2 ms. */
lsgpu_display_crtc
small_mode(uint64_t fb, uint32_t pitch, lsgpu_display_format format)
{
   lsgpu_display_crtc r = {};
   r.crtc_enable = true;
   r.vblank_irq = true;
   r.h_active = 64;
   r.v_active = 32;
   r.h_total = 100;
   r.v_total = 40;
   r.h_sync_start = 70;
   r.h_sync_end = 80;
   r.v_sync_start = 34;
   r.v_sync_end = 36;
   r.pixel_clock_khz = 2000; /* 4000 pixels per frame / 2 MHz = 2 ms */
   r.primary_enable = true;
   r.primary_format = format;
   r.primary_address = fb;
   r.primary_pitch = pitch;
   return r;
}

bool
write(DisplayController &dc, const lsgpu_display_crtc &r, uint64_t *frame = nullptr)
{
   uint32_t regs[LSGPU_DISPLAY_CRTC_LENGTH];
   lsgpu_pack_display_crtc(regs, &r);
   return dc.write(0, regs, frame);
}

struct DisplayFixture : ::testing::Test {
   DeviceMemory memory{64ull << 20};
   DisplayController dc{memory};
   uint64_t fb = 0;
   void SetUp() override
   {
      ASSERT_TRUE(memory.valid());
      fb = *memory.allocate(1 << 20);
   }
};

} // namespace

TEST_F(DisplayFixture, refuses_blocks_that_do_not_decode_or_reach_past_memory)
{
   lsgpu_display_crtc r = small_mode(fb, 256, LSGPU_DISPLAY_FORMAT_XRGB8888);
   uint32_t regs[LSGPU_DISPLAY_CRTC_LENGTH];
   lsgpu_pack_display_crtc(regs, &r);
   regs[6] |= 0x80000000u; /* a reserved bit */
   EXPECT_FALSE(dc.write(0, regs));
   lsgpu_pack_display_crtc(regs, &r);
   regs[6] = (regs[6] & ~0xff00u) | (7u << 8); /* no such format */
   EXPECT_FALSE(dc.write(0, regs));
   r.primary_pitch = 128; /* narrower than 64 XRGB pixels */
   EXPECT_FALSE(write(dc, r));
   r = small_mode(memory.size() - 4096, 256, LSGPU_DISPLAY_FORMAT_XRGB8888);
   EXPECT_FALSE(write(dc, r)); /* 32 lines of 256 bytes do not fit */
   r = small_mode(fb, 256, LSGPU_DISPLAY_FORMAT_XRGB8888);
   r.h_total = 10; /* shorter than the line */
   EXPECT_FALSE(write(dc, r));
   EXPECT_TRUE(write(dc, small_mode(fb, 256, LSGPU_DISPLAY_FORMAT_XRGB8888)));
}

TEST_F(DisplayFixture, counts_vblanks_at_the_mode_rate_and_latches_blocks_there)
{
   std::atomic<int> irqs{0};
   dc.set_vblank_handler([&](unsigned, uint64_t, int64_t) { irqs++; });
   auto *px = reinterpret_cast<uint32_t *>(memory.host(fb));
   for (int i = 0; i < 64 * 32 * 2; i++)
      px[i] = i < 64 * 32 ? 0x00ff0000 : 0x0000ff00; /* two frames: red, then green */
   ASSERT_TRUE(write(dc, small_mode(fb, 256, LSGPU_DISPLAY_FORMAT_XRGB8888)));
   EXPECT_EQ(dc.period_ns(0), 2000000);
   std::this_thread::sleep_for(std::chrono::milliseconds(50));
   const uint64_t frames = dc.frame(0);
   EXPECT_GE(frames, 10u); /* 25 at 2 ms, minus a loaded host's lateness */
   EXPECT_LE(frames, 26u);
   EXPECT_GE(irqs.load(), 10);

   /* A new block shows only after the next vblank. */
   uint64_t armed;
   ASSERT_TRUE(write(dc, small_mode(fb + 64 * 32 * 4, 256, LSGPU_DISPLAY_FORMAT_XRGB8888), &armed));
   std::vector<uint8_t> img;
   unsigned w, h;
   while (dc.frame(0) <= armed)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
   ASSERT_TRUE(dc.capture(0, &img, &w, &h));
   EXPECT_EQ(img[1], 255); /* green */
   EXPECT_EQ(img[0], 0);

   lsgpu_display_crtc off = {};
   ASSERT_TRUE(write(dc, off, &armed));
   while (dc.frame(0) <= armed)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
   EXPECT_FALSE(dc.capture(0, &img, &w, &h));
   const uint64_t stopped = dc.frame(0);
   std::this_thread::sleep_for(std::chrono::milliseconds(10));
   EXPECT_EQ(dc.frame(0), stopped); /* an idle CRTC counts nothing */
}

TEST_F(DisplayFixture, scans_out_rgb565_and_blends_the_cursor)
{
   auto *px = reinterpret_cast<uint16_t *>(memory.host(fb));
   for (int i = 0; i < 64 * 32; i++)
      px[i] = 0xf800; /* red */
   const uint64_t cursor = fb + 65536;
   auto *cur = reinterpret_cast<uint32_t *>(memory.host(cursor));
   for (int i = 0; i < 64 * 64; i++)
      cur[i] = 0x800000ff; /* blue, half transparent */
   lsgpu_display_crtc r = small_mode(fb, 128, LSGPU_DISPLAY_FORMAT_RGB565);
   r.cursor_enable = true;
   r.cursor_address = cursor;
   r.cursor_x = 60;
   r.cursor_y = -60; /* only its bottom-left 4x4 corner is on screen */
   ASSERT_TRUE(write(dc, r));
   std::vector<uint8_t> img;
   unsigned w, h;
   ASSERT_TRUE(dc.capture(0, &img, &w, &h));
   ASSERT_EQ(w, 64u);
   ASSERT_EQ(h, 32u);
   EXPECT_EQ(img[0], 255);
   EXPECT_EQ(img[2], 0);
   const uint8_t *blended = &img[(3 * 64 + 63) * 4];
   EXPECT_EQ(blended[0], 127); /* red halved */
   EXPECT_EQ(blended[2], 128); /* blue at half */
   const uint8_t *below = &img[(4 * 64 + 63) * 4];
   EXPECT_EQ(below[2], 0);
}
