/* SPDX-License-Identifier: MIT */
/*
 * lsgpu-device: the simulated LSGPU-1 that every process of a session shares
 * (docs/architecture.md "The device server"). The interposer starts one on demand;
 * people who keep one running use `./lsgpu device start|stop|status`.
 */
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

#include "control.h"
#include "device_server.h"
#include "protocol.h"

using namespace lsgpu::sim;

namespace
{

void
usage(FILE *out)
{
   fprintf(out, "usage: lsgpu-device [--socket PATH] [--idle-exit-ms MS]   serve (foreground)\n"
                "       lsgpu-device [--socket PATH] --status | --stop\n"
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
          "%u processes mapping, %llu jobs completed\n",
          s.pid, path.c_str(), s.persistent ? "persistent" : "started on demand", s.files,
          s.objects, s.channels, s.anchors, (unsigned long long)s.jobs_completed);
   return 0;
}

} // namespace

int
main(int argc, char **argv)
{
   DeviceServer::Options options;
   options.socket = wire::socket_path();
   enum { Serve, Status, Stop } what = Serve;
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
   if (what != Serve)
      return control_command(options.socket, what == Stop);
   DeviceServer server(options);
   int status = server.run();
   fflush(stdout);
   fflush(stderr);
   /* Connection threads may still block in recv(); no destructor must race them. */
   _exit(status);
}
