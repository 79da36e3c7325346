/* SPDX-License-Identifier: MIT */
#include "control.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace lsgpu::sim::control
{

namespace
{

int
connect_control(const std::string &path)
{
   struct sockaddr_un addr = {};
   addr.sun_family = AF_UNIX;
   if (path.size() >= sizeof(addr.sun_path))
      return -1;
   memcpy(addr.sun_path, path.c_str(), path.size() + 1);
   int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
   if (fd < 0)
      return -1;
   wire::Hello hello = {wire::kMagic, wire::kVersion, (uint32_t)wire::Conn::Control, 0};
   wire::HelloReply reply;
   if (connect(fd, reinterpret_cast<struct sockaddr *>(&addr), sizeof(addr)) != 0 ||
       wire::send_msg(fd, &hello, sizeof(hello)) < 0 ||
       wire::recv_msg(fd, &reply, sizeof(reply)) != sizeof(reply) || reply.status != 0) {
      close(fd);
      return -1;
   }
   return fd;
}

} // namespace

bool
status(const std::string &socket, wire::Status *out)
{
   int fd = connect_control(socket);
   if (fd < 0)
      return false;
   wire::Request req = {};
   req.op = (uint32_t)wire::Op::Status;
   bool ok = wire::send_msg(fd, &req, sizeof(req)) > 0 &&
             wire::recv_msg(fd, out, sizeof(*out)) == sizeof(*out);
   close(fd);
   return ok;
}

bool
stop(const std::string &socket)
{
   int fd = connect_control(socket);
   if (fd < 0)
      return false;
   wire::Request req = {};
   req.op = (uint32_t)wire::Op::Stop;
   wire::Reply done;
   if (wire::send_msg(fd, &req, sizeof(req)) > 0)
      wire::recv_msg(fd, &done, sizeof(done));
   close(fd);
   for (int i = 0; i < 500 && access(socket.c_str(), F_OK) == 0; i++)
      usleep(10000);
   return true;
}

int
screenshot(const std::string &socket, uint64_t crtc, int fd)
{
   int conn = connect_control(socket);
   if (conn < 0)
      return -ENODEV;
   wire::Request req = {};
   req.op = (uint32_t)wire::Op::Screenshot;
   req.offset = crtc;
   wire::Reply reply = {};
   int ret = -EIO;
   if (wire::send_msg(conn, &req, sizeof(req), fd) > 0 &&
       wire::recv_msg(conn, &reply, sizeof(reply)) == sizeof(reply))
      ret = reply.ret;
   close(conn);
   return ret;
}

} // namespace lsgpu::sim::control
