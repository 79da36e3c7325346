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
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

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

/* A control connection to a running server; -1 when none answers. */
int
connect_control(const std::string &path)
{
   struct sockaddr_un addr = {};
   addr.sun_family = AF_UNIX;
   if (path.size() >= sizeof(addr.sun_path))
      return -1;
   memcpy(addr.sun_path, path.c_str(), path.size() + 1);
   int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
   if (connect(fd, reinterpret_cast<struct sockaddr *>(&addr), sizeof(addr)) != 0) {
      close(fd);
      return -1;
   }
   wire::Hello hello = {wire::kMagic, wire::kVersion, (uint32_t)wire::Conn::Control, 0};
   wire::HelloReply reply;
   if (wire::send_msg(fd, &hello, sizeof(hello)) < 0 ||
       wire::recv_msg(fd, &reply, sizeof(reply)) != sizeof(reply) || reply.status != 0) {
      close(fd);
      return -1;
   }
   return fd;
}

int
control(const std::string &path, wire::Op op)
{
   int fd = connect_control(path);
   if (fd < 0) {
      printf("lsgpu-device: no server on %s\n", path.c_str());
      return op == wire::Op::Stop ? 0 : 3; /* LSB status: not running */
   }
   wire::Request req = {};
   req.op = (uint32_t)op;
   wire::send_msg(fd, &req, sizeof(req));
   if (op == wire::Op::Status) {
      wire::Status s;
      if (wire::recv_msg(fd, &s, sizeof(s)) != sizeof(s)) {
         close(fd);
         return 1;
      }
      printf("lsgpu-device: pid %u on %s (%s): %u DRM files, %u fds of objects, "
             "%u channels, %u processes mapping, %llu jobs completed\n",
             s.pid, path.c_str(), s.persistent ? "persistent" : "started on demand", s.files,
             s.objects, s.channels, s.anchors, (unsigned long long)s.jobs_completed);
   } else {
      wire::Reply reply;
      wire::recv_msg(fd, &reply, sizeof(reply));
      /* Wait until the socket is gone, so that a start right after works. */
      for (int i = 0; i < 500 && access(path.c_str(), F_OK) == 0; i++)
         usleep(10000);
      printf("lsgpu-device: stopped the server on %s\n", path.c_str());
   }
   close(fd);
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
      return control(options.socket, what == Status ? wire::Op::Status : wire::Op::Stop);
   DeviceServer server(options);
   int status = server.run();
   fflush(stdout);
   fflush(stderr);
   /* Connection threads may still block in recv(); no destructor must race them. */
   _exit(status);
}
