/* SPDX-License-Identifier: MIT */
/*
 * lsgpu-device: the simulated LSGPU-1 that every process of a session shares
 * (docs/architecture.md "The device server"). The interposer starts one on demand;
 * people who keep one running use `./lsgpu device start|stop|status`.
 */
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

#include "control.h"
#include "device_server.h"
#include "protocol.h"
#include "gpu/shader/shader_jit.h"

using namespace lsgpu::sim;

namespace
{

void
usage(FILE *out)
{
   fprintf(out, "usage: lsgpu-device [--socket PATH] [--idle-exit-ms MS]   serve (foreground)\n"
                "       lsgpu-device [--socket PATH] --status | --stop\n"
                "       lsgpu-device [--socket PATH] --screenshot OUT.png [--crtc N]\n"
                "  (without --crtc, the first CRTC that is on)\n"
                "       lsgpu-device [--socket PATH] --print-socket\n"
                "The socket defaults to $LSGPU_DEVICE, else $XDG_RUNTIME_DIR/lsgpu-device.\n"
                "--idle-exit-ms: exit after MS without any client (how the interposer starts\n"
                "one on demand); without it the server runs until --stop.\n");
}

int
control_command(const std::string &path, bool stop)
{
   if (stop) {
      if (!control::stop(path)) {
         printf("lsgpu-device: no server on %s\n", path.c_str());
         return 0;
      }
      printf("lsgpu-device: stopped the server on %s\n", path.c_str());
      return 0;
   }
   wire::Status s;
   if (!control::status(path, &s)) {
      printf("lsgpu-device: no server on %s\n", path.c_str());
      return 3; /* LSB status: not running */
   }
   printf("lsgpu-device: pid %u on %s (%s): %u DRM files, %u object fds, %u channels, "
          "%u processes mapping, %llu jobs completed, %.3f ms of GPU time\n",
          s.pid, path.c_str(), s.persistent ? "persistent" : "started on demand", s.files,
          s.objects, s.channels, s.anchors, (unsigned long long)s.jobs_completed,
          (double)s.gpu_cycles / (LSGPU_CLOCK_MHZ * 1000.0));
   /* Every device counter as GET_PARAM reads it, one "name value" pair after another:
    * what two runs of a program compare. */
   printf("lsgpu-device: counters:");
   unsigned i = 0;
#define LSGPU_PRINT_COUNTER(NAME, name, param, doc)                                                \
   printf(" %s %llu", #name, (unsigned long long)s.counters[i++]);
   LSGPU_COUNTERS(LSGPU_PRINT_COUNTER)
#undef LSGPU_PRINT_COUNTER
   printf("\n");
   return 0;
}

int
screenshot_command(const std::string &path, uint64_t crtc, const char *png)
{
   int fd = open(png, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
   if (fd < 0) {
      fprintf(stderr, "lsgpu-device: %s: %s\n", png, strerror(errno));
      return 1;
   }
   int ret = control::screenshot(path, crtc, fd);
   close(fd);
   if (ret == 0) {
      printf("lsgpu-device: wrote %s (the display of the server on %s)\n", png, path.c_str());
      return 0;
   }
   unlink(png);
   if (ret == -ENODEV)
      fprintf(stderr, "lsgpu-device: no server on %s, or its display is off\n", path.c_str());
   else
      fprintf(stderr, "lsgpu-device: screenshot failed: %s\n", strerror(-ret));
   return 1;
}

} // namespace

int
main(int argc, char **argv)
{
   DeviceServer::Options options;
   options.socket = wire::socket_path();
   enum { Serve, Status, Stop, Screenshot } what = Serve;
   const char *png = nullptr;
   uint64_t crtc = wire::kAnyCrtc;
   for (int i = 1; i < argc; i++) {
      std::string a = argv[i];
      if (a == "--socket" && i + 1 < argc) {
         options.socket = argv[++i];
      } else if (a == "--idle-exit-ms" && i + 1 < argc) {
         char *end;
         long ms = strtol(argv[++i], &end, 10);
         if (*end || ms < 0) {
            usage(stderr);
            return 2;
         }
         options.idle_exit_ms = (int)ms;
      } else if (a == "--screenshot" && i + 1 < argc) {
         what = Screenshot;
         png = argv[++i];
      } else if (a == "--crtc" && i + 1 < argc) {
         crtc = (uint64_t)atoi(argv[++i]);
      } else if (a == "--print-socket") {
         printf("%s\n", options.socket.c_str());
         return 0;
      } else if (a == "--status") {
         what = Status;
      } else if (a == "--stop") {
         what = Stop;
      } else if (a == "--help" || a == "-h") {
         usage(stdout);
         return 0;
      } else {
         usage(stderr);
         return 2;
      }
   }
   if (what == Screenshot)
      return screenshot_command(options.socket, crtc, png);
   if (what != Serve)
      return control_command(options.socket, what == Stop);
   DeviceServer server(options);
   int status = server.run();
   /* Programs the JIT's thread was compiling are finished and kept on disk, as a shader
    * cache writes out its queue before a process ends: otherwise a shader LLVM needs
    * longer for than a short session takes would be interpreted by every session. The
    * socket is gone already, so a new server can start meanwhile. */
   if (!shader_jit_disk_directory().empty()) {
      const size_t left = shader_jit_finish(std::chrono::seconds(60));
      if (left)
         fprintf(stderr, "lsgpu-device: exiting with %zu shader(s) not yet compiled\n", left);
      /* Trimming reads every entry; here no client waits for it. */
      shader_jit_disk_trim();
   }
   fflush(stdout);
   fflush(stderr);
   /* Connection threads may still block in recv(); no destructor must race them. */
   _exit(status);
}
