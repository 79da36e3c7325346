/* SPDX-License-Identifier: MIT */
/*
 * kmscube (Debian's) on the simulated card: GBM, EGL on the GBM platform, GLES 2,
 * with legacy page flips on lsgpu and on llvmpipe through kms_swrast on the same
 * card, and with atomic commits on lsgpu (kmscube -A: explicit fences both ways,
 * EGL_ANDROID_native_fence_sync into IN_FENCE_FD and OUT_FENCE_PTR back into GL).
 * The device server records each latched flip's scanout (LSGPU_SIM_FLIP_DUMP); the
 * same frame of every run must match. In both modes flip k shows kmscube's frame
 * k - 1 (legacy: SETCRTC shows an undrawn buffer first; atomic: the modeset commit
 * is the first flip).
 */
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "server/control.h"

namespace control = lsgpu::sim::control;

namespace
{

struct Image {
   unsigned w = 0, h = 0;
   std::vector<uint8_t> rgb;
};

bool
read_ppm(const std::string &path, Image *img)
{
   FILE *f = fopen(path.c_str(), "rb");
   if (!f)
      return false;
   bool ok = fscanf(f, "P6 %u %u 255", &img->w, &img->h) == 2 && fgetc(f) == '\n';
   img->rgb.resize((size_t)img->w * img->h * 3);
   ok = ok && fread(img->rgb.data(), 1, img->rgb.size(), f) == img->rgb.size();
   fclose(f);
   return ok;
}

/* Runs kmscube for `frames` frames on its own device server whose flips go to dir;
 * returns its exit status. stdin is a pipe nobody writes: kmscube stops when its
 * stdin turns readable. */
int
run_kmscube(const std::string &socket, const std::string &dir, bool software, bool atomic,
            int frames, const char *hud = nullptr)
{
   mkdir(dir.c_str(), 0755);
   int in[2];
   if (pipe(in) != 0)
      return -1;
   pid_t pid = fork();
   if (pid == 0) {
      dup2(in[0], 0);
      close(in[1]);
      setenv("LSGPU_DEVICE", socket.c_str(), 1);
      setenv("LSGPU_SIM_FLIP_DUMP", dir.c_str(), 1);
      if (software) {
         setenv("GBM_ALWAYS_SOFTWARE", "1", 1);
         setenv("LIBGL_ALWAYS_SOFTWARE", "1", 1);
      }
      std::string count = std::to_string(frames);
      int out = open("/dev/null", O_WRONLY);
      if (hud) {
         /* GALLIUM_HUD's stdout mode prints each period's values: keep them. */
         setenv("GALLIUM_HUD", hud, 1);
         setenv("GALLIUM_HUD_PERIOD", "0.05", 1);
         out = open((dir + "/stdout.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      }
      dup2(out, 1);
      execlp("kmscube", "kmscube", "-D", "/dev/dri/card0", "-c", count.c_str(),
             atomic ? "-A" : (char *)nullptr, (char *)nullptr);
      _exit(127);
   }
   close(in[0]);
   int status = -1;
   waitpid(pid, &status, 0);
   close(in[1]);
   control::stop(socket);
   unlink((socket + ".lock").c_str());
   unlink((socket + ".log").c_str());
   return status;
}

/* Compares frame 10 of a run on lsgpu with the llvmpipe run; false on failure. */
void
expect_same_frame(const std::string &hw_dir, const std::string &sw_dir, const char *what)
{
   Image hw, sw, early;
   ASSERT_TRUE(read_ppm(hw_dir + "/crtc0-flip00010.ppm", &hw)) << "no 10th flip " << what;
   ASSERT_TRUE(read_ppm(sw_dir + "/crtc0-flip00010.ppm", &sw)) << "no 10th flip on llvmpipe";
   ASSERT_TRUE(read_ppm(hw_dir + "/crtc0-flip00002.ppm", &early));
   ASSERT_EQ(hw.w, 1024u); /* the preferred mode */
   ASSERT_EQ(hw.h, 768u);
   ASSERT_EQ(sw.w, hw.w);
   ASSERT_EQ(sw.h, hw.h);

   size_t cube = 0, moved = 0, off_by_more_than_one = 0;
   int max_diff = 0;
   for (size_t p = 0; p < (size_t)hw.w * hw.h; p++) {
      int worst = 0;
      for (int c = 0; c < 3; c++)
         worst = std::max(worst, std::abs(hw.rgb[p * 3 + c] - sw.rgb[p * 3 + c]));
      off_by_more_than_one += worst > 1;
      max_diff = std::max(max_diff, worst);
      cube += memcmp(&hw.rgb[p * 3], &hw.rgb[0], 3) != 0; /* not the clear colour */
      moved += memcmp(&hw.rgb[p * 3], &early.rgb[p * 3], 3) != 0;
   }
   const size_t pixels = (size_t)hw.w * hw.h;
   EXPECT_GT(cube, pixels / 20) << "the cube is not on screen " << what;
   EXPECT_GT(moved, pixels / 100) << "frame 10 is frame 2 " << what << ": nothing animates";
   /* The same image: one step of 8-bit colour, as the render suite allows, and a few
    * pixels on triangle edges whose owner may follow from the last bits of the
    * transformed positions (none differ today). A flip shown before the GPU finished
    * rendering it (no implicit or explicit sync) fails this by tens of thousands of
    * pixels. */
   EXPECT_LT(off_by_more_than_one, pixels / 1000) << off_by_more_than_one << " pixels differ";
   printf("kmscube %s: frame 10 at %ux%u, the cube covers %zu pixels; against llvmpipe %zu "
          "differ by more than 1, at most by %d\n",
          what, hw.w, hw.h, cube, off_by_more_than_one, max_diff);
}

} // namespace

TEST(kmscube, frames_on_lsgpu_match_llvmpipe_through_kms_swrast)
{
   const std::string base = "/tmp/lsgpu-kmscube-" + std::to_string(getpid());
   ASSERT_EQ(run_kmscube(base + "-hw.sock", base + "-hw", false, false, 12), 0)
      << "kmscube on lsgpu";
   ASSERT_EQ(run_kmscube(base + "-atomic.sock", base + "-atomic", false, true, 12), 0)
      << "kmscube -A (atomic) on lsgpu";
   ASSERT_EQ(run_kmscube(base + "-sw.sock", base + "-sw", true, false, 12), 0)
      << "kmscube on kms_swrast";
   expect_same_frame(base + "-hw", base + "-sw", "with legacy flips");
   expect_same_frame(base + "-atomic", base + "-sw", "with atomic commits");
   if (HasFailure()) {
      printf("kmscube: the frames are kept in %s-{hw,atomic,sw}\n", base.c_str());
      return;
   }
   std::string cleanup = "rm -rf '" + base + "-hw' '" + base + "-atomic' '" + base + "-sw'";
   EXPECT_EQ(system(cleanup.c_str()), 0);
}

/* GALLIUM_HUD's GPU-time (the driver's query on the context's GPU_TIME registers) shows
 * the modelled GPU time of kmscube's frames: more than the clear of a 1024x768 frame
 * (3 MiB at 16 bytes a cycle, 393 µs at 500 MHz), and far less than the host takes. */
TEST(kmscube, gallium_hud_shows_the_modelled_gpu_time)
{
   const std::string base = "/tmp/lsgpu-kmscube-hud-" + std::to_string(getpid());
   ASSERT_EQ(run_kmscube(base + ".sock", base, false, false, 12, "stdout,GPU-time"), 0);
   FILE *f = fopen((base + "/stdout.txt").c_str(), "r");
   ASSERT_NE(f, nullptr);
   char line[256];
   std::vector<double> us;
   while (fgets(line, sizeof(line), f)) {
      double v;
      if (sscanf(line, "GPU time: %lf", &v) == 1)
         us.push_back(v);
   }
   fclose(f);
   ASSERT_FALSE(us.empty()) << "no GPU-time line in " << base << "/stdout.txt";
   for (double v : us) {
      EXPECT_GT(v, 393.0);
      EXPECT_LT(v, 5000.0);
   }
   if (!HasFailure()) {
      EXPECT_EQ(system(("rm -rf '" + base + "'").c_str()), 0);
   }
}
