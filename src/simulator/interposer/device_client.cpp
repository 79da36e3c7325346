/* SPDX-License-Identifier: MIT */
#include "device_client.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <poll.h>
#include <pthread.h>
#include <string>
#include <cstddef>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "real_libc.h"

extern char **environ;

namespace lsgpu::sim::client
{

namespace
{

/* The server binary the interposer would start: LSGPU_DEVICE_SERVER, else the
 * lsgpu-device next to this library (both are built into the same directory). */
std::string
server_binary()
{
   if (const char *p = getenv("LSGPU_DEVICE_SERVER"); p && *p)
      return p;
   Dl_info info;
   if (!dladdr(reinterpret_cast<void *>(&server_binary), &info) || !info.dli_fname)
      return "";
   std::string self = info.dli_fname;
   size_t slash = self.rfind('/');
   return slash == std::string::npos ? "lsgpu-device" : self.substr(0, slash + 1) + "lsgpu-device";
}

uint64_t
stamp_of(const std::string &path)
{
   struct stat st;
   if (path.empty() || stat(path.c_str(), &st) != 0)
      return 0;
   return (uint64_t)st.st_mtim.tv_sec * 1000000000ull + st.st_mtim.tv_nsec;
}

/* Starts a server that exits when idle, detached from this process (its own
 * session, no fd of ours but a log on stderr). */
bool
spawn_server(const std::string &path)
{
   std::string bin = server_binary();
   if (bin.empty() || access(bin.c_str(), X_OK) != 0)
      return false;
   const char *idle = getenv("LSGPU_DEVICE_IDLE_MS");
   std::string idle_ms = idle && *idle ? idle : "5000";
   std::string log = path + ".log";
   std::vector<const char *> argv = {bin.c_str(),      "--socket",      path.c_str(),
                                     "--idle-exit-ms", idle_ms.c_str(), nullptr};
   std::vector<const char *> envp;
   for (char **e = environ; e && *e; e++)
      if (strncmp(*e, "LD_PRELOAD=", 11) != 0) /* the server is not a client */
         envp.push_back(*e);
   envp.push_back(nullptr);

   /* Only async-signal-safe calls after fork(): this process may have threads. */
   pid_t pid = fork();
   if (pid < 0)
      return false;
   if (pid == 0) {
      setsid();
      if (fork() != 0)
         _exit(0);
      int null = real_libc().open("/dev/null", O_RDWR);
      int err = real_libc().open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      dup2(null, 0);
      dup2(err >= 0 ? err : null, 1);
      dup2(err >= 0 ? err : null, 2);
      syscall(SYS_close_range, 3u, ~0u, 0u);
      execve(argv[0], const_cast<char **>(argv.data()), const_cast<char **>(envp.data()));
      _exit(127);
   }
   int status;
   while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
      ;
   return true;
}

/* A new socket connected to the server; a DRM file's is bound to its kind's name
 * (protocol.h) and is close-on-exec only if the open asked for it. */
int
connect_once(const std::string &path, wire::FdKind kind = wire::FdKind::None, bool cloexec = true)
{
   struct sockaddr_un addr = {};
   addr.sun_family = AF_UNIX;
   if (path.size() >= sizeof(addr.sun_path))
      return -ENAMETOOLONG;
   memcpy(addr.sun_path, path.c_str(), path.size() + 1);
   int fd = socket(AF_UNIX, SOCK_SEQPACKET | (cloexec ? SOCK_CLOEXEC : 0), 0);
   if (fd < 0)
      return -errno;
   int ret = kind == wire::FdKind::None ? 0 : wire::bind_kind(fd, kind);
   if (ret < 0) {
      real_libc().close(fd);
      return ret;
   }
   if (connect(fd, reinterpret_cast<struct sockaddr *>(&addr), sizeof(addr)) != 0) {
      int err = errno;
      real_libc().close(fd);
      return -err;
   }
   return fd;
}

/* A server started on demand by an older build is replaced: a rebuilt simulator must
 * not be tested through yesterday's server. Persistent ones are the user's choice. */
void
replace_stale_server(const std::string &path)
{
   int fd = connect_once(path);
   if (fd < 0)
      return;
   wire::Hello hello = {wire::kMagic, wire::kVersion, (uint32_t)wire::Conn::Control, 0};
   wire::HelloReply reply = {};
   uint64_t ours = stamp_of(server_binary());
   bool current = wire::send_msg(fd, &hello, sizeof(hello)) > 0 &&
                  wire::recv_msg(fd, &reply, sizeof(reply)) == sizeof(reply) &&
                  (!ours || reply.server_stamp == ours);
   if (!current && reply.persistent) {
      fprintf(stderr,
              "lsgpu: the device server on %s runs another build than %s; "
              "restart it (./lsgpu device stop; ./lsgpu device start)\n",
              path.c_str(), server_binary().c_str());
   } else if (!current) {
      wire::Request req = {};
      req.op = (uint32_t)wire::Op::Stop;
      wire::Reply done;
      if (wire::send_msg(fd, &req, sizeof(req)) > 0)
         wire::recv_msg(fd, &done, sizeof(done));
      for (int i = 0; i < 500 && access(path.c_str(), F_OK) == 0; i++)
         usleep(10000);
   }
   real_libc().close(fd);
}

/* A connected socket to a current server, started on demand when nobody answers. */
int
connect_server(const std::string &path, wire::FdKind kind = wire::FdKind::None, bool cloexec = true)
{
   static std::once_flag checked;
   std::call_once(checked, [&] { replace_stale_server(path); });
   int fd = connect_once(path, kind, cloexec);
   for (int attempt = 0; fd == -ENOENT || fd == -ECONNREFUSED; attempt++) {
      if ((attempt == 0 && !spawn_server(path)) || attempt > 1000 /* 10 s */)
         return -ENODEV;
      usleep(10000);
      fd = connect_once(path, kind, cloexec);
   }
   return fd < 0 ? -ENODEV : fd;
}

/* Connects and says hello; `self` passes the socket's own fd (a DRM file). */
int hello(wire::Conn conn, wire::Node node, bool pass_self, int sock);

/* A connection that said hello. A server that was just killed can still accept on
 * its listening socket while its process exits; the hello then goes unanswered, and
 * the next connection reaches a new server (started on demand). */
int
connect_and_greet(const std::string &server, wire::FdKind kind, bool cloexec, wire::Conn conn,
                  wire::Node node)
{
   int ret = -ENODEV;
   for (int attempt = 0; attempt < 5; attempt++) {
      if (attempt)
         usleep(20000);
      int fd = connect_server(server, kind, cloexec);
      if (fd < 0)
         return fd;
      ret = hello(conn, node, kind != wire::FdKind::None, fd);
      if (ret == 0)
         return fd;
      real_libc().close(fd);
      if (ret != -ENODEV)
         return ret; /* the server answered: it refuses */
   }
   return ret;
}

int
hello(wire::Conn conn, wire::Node node, bool pass_self, int sock)
{
   wire::Hello h = {wire::kMagic, wire::kVersion, (uint32_t)conn, (uint32_t)node};
   wire::HelloReply reply;
   if (wire::send_msg(sock, &h, sizeof(h), pass_self ? sock : -1) < 0 ||
       wire::recv_msg(sock, &reply, sizeof(reply)) != sizeof(reply))
      return -ENODEV;
   /* Under Yama's ptrace_scope 1 the server may then read our ioctl arguments. */
   prctl(PR_SET_PTRACER, (unsigned long)reply.server_pid, 0, 0, 0);
   return reply.status;
}

int
connect_conn(wire::Conn conn, const std::string &server)
{
   return connect_and_greet(server, wire::FdKind::None, true, conn, wire::Node::Render);
}

/* The server a device fd belongs to, or "" when that server has gone: a file or
 * object never moves to another server. A DRM file's peer is the server's socket; an
 * object's peer is unnamed (the server made the pair), and is taken to be this
 * process's server. */
std::string
server_of(int fd)
{
   struct pollfd p = {fd, POLLRDHUP, 0};
   if (poll(&p, 1, 0) < 0 || (p.revents & (POLLHUP | POLLRDHUP | POLLERR | POLLNVAL)))
      return "";
   struct sockaddr_un addr;
   socklen_t size = sizeof(addr);
   if (getpeername(fd, reinterpret_cast<struct sockaddr *>(&addr), &size) != 0)
      return "";
   if (size <= offsetof(struct sockaddr_un, sun_path) || addr.sun_path[0] == '\0')
      return wire::socket_path();
   return std::string(addr.sun_path,
                      strnlen(addr.sun_path, size - offsetof(struct sockaddr_un, sun_path)));
}

/* This thread's channel to one server. A fork child's copy belongs to the parent's
 * connection, so the child opens its own (the parent's server thread would answer
 * the wrong process otherwise). */
struct Channel {
   int fd = -1;
   pid_t owner = 0;
   ~Channel() { drop(); }
   void drop()
   {
      if (fd >= 0 && owner == getpid())
         real_libc().close(fd);
      fd = -1;
   }
   int get(const std::string &server)
   {
      if (fd >= 0 && owner == getpid())
         return fd;
      drop();
      fd = connect_conn(wire::Conn::Channel, server);
      owner = getpid();
      return fd;
   }
};
/* A thread's channels, by server. Not a thread_local object: its destructor would
 * run at exit before the atexit handlers and library destructors that still issue
 * ioctls (Mesa's screen teardown). A key destructor frees it at thread exit and
 * clears the pointer, so a later ioctl in that thread makes a new one. */
using Channels = std::map<std::string, Channel>;
thread_local Channels *t_channels = nullptr;

Channel &
channel_to(const std::string &server)
{
   static pthread_key_t key;
   static std::once_flag once;
   std::call_once(once, [] {
      pthread_key_create(&key, [](void *p) {
         t_channels = nullptr;
         delete static_cast<Channels *>(p);
      });
   });
   if (!t_channels) {
      t_channels = new Channels();
      pthread_setspecific(key, t_channels);
   }
   return (*t_channels)[server];
}

/* This process's anchor and the mappings it holds. One inherited across fork stays
 * open, so the BOs the child inherited mappings of stay alive as long as it lives. */
struct Mapping {
   size_t length;
   uint64_t id;
   pid_t owner;
   std::string server;
};
struct Anchor {
   std::mutex lock;
   struct Connection {
      int fd = -1;
      pid_t owner = 0;
   };
   std::map<std::string, Connection> servers;
   std::map<uintptr_t, Mapping> mappings;
};

Anchor &
anchor()
{
   static Anchor *a = [] {
      auto *n = new Anchor(); /* never destroyed: atexit order is unknown */
      pthread_atfork([] { anchor().lock.lock(); }, [] { anchor().lock.unlock(); },
                     [] { anchor().lock.unlock(); });
      return n;
   }();
   return *a;
}

/* Forgets the mapping at `at`; the anchor that holds its BO lets go of it unless the
 * mapping was inherited (the inherited anchor keeps it for this process's life). */
void
release_mapping(Anchor &a, uintptr_t at)
{
   auto it = a.mappings.find(at);
   if (it == a.mappings.end())
      return;
   auto conn = a.servers.find(it->second.server);
   if (it->second.owner == getpid() && conn != a.servers.end() && conn->second.fd >= 0 &&
       conn->second.owner == getpid()) {
      wire::Request release = {};
      release.op = (uint32_t)wire::Op::Munmap;
      release.mapping = it->second.id;
      wire::send_msg(conn->second.fd, &release, sizeof(release));
   }
   a.mappings.erase(it);
}

} // namespace

int
open_node(wire::Node node, int open_flags)
{
   wire::FdKind kind = node == wire::Node::Card ? wire::FdKind::CardFile : wire::FdKind::RenderFile;
   int sock =
      connect_and_greet(wire::socket_path(), kind, open_flags & O_CLOEXEC, wire::Conn::File, node);
   if (sock < 0)
      return sock;
   /* After the hello, which must block: read(2) of DRM events then does not. */
   if (open_flags & O_NONBLOCK)
      real_libc().fcntl(sock, F_SETFL, O_NONBLOCK);
   return sock;
}

int
ioctl(int fd, unsigned long request, void *arg)
{
   std::string server = server_of(fd);
   if (server.empty())
      return -ENODEV; /* the file's server is gone */
   Channel &channel = channel_to(server);
   wire::Request req = {};
   req.op = (uint32_t)wire::Op::Ioctl;
   req.cmd = request;
   req.arg = reinterpret_cast<uintptr_t>(arg);
   /* A channel left from a server that has since been replaced fails to send; nothing
    * was done then, so a fresh channel may try once more. */
   int ch = -1;
   for (int attempt = 0; attempt < 2 && ch < 0; attempt++) {
      ch = channel.get(server);
      if (ch < 0)
         return -ENODEV;
      if (wire::send_msg(ch, &req, sizeof(req), fd) < 0) {
         channel.drop();
         ch = -1;
      }
   }
   if (ch < 0)
      return -ENODEV;
   for (;;) {
      wire::Reply reply;
      int passed;
      if (wire::recv_msg(ch, &reply, sizeof(reply), &passed) != sizeof(reply)) {
         channel.drop(); /* the server is gone */
         return -ENODEV;
      }
      if (reply.type == (uint32_t)wire::ReplyType::Done)
         return reply.ret;
      /* fd_install: the new fd's number goes back into the ioctl's result. */
      wire::Installed installed = {};
      installed.fd = passed >= 0 ? passed : -EIO;
      if (passed >= 0 && !reply.cloexec)
         real_libc().fcntl(passed, F_SETFD, 0);
      if (wire::send_msg(ch, &installed, sizeof(installed)) < 0) {
         channel.drop();
         return -ENODEV;
      }
   }
}

void *
mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset, int *error)
{
   std::string server = server_of(fd);
   if (server.empty()) {
      *error = ENODEV;
      return MAP_FAILED;
   }
   Anchor &a = anchor();
   std::lock_guard<std::mutex> guard(a.lock);
   Anchor::Connection &conn = a.servers[server];
   wire::Request req = {};
   req.op = (uint32_t)wire::Op::Mmap;
   req.offset = (uint64_t)offset;
   req.length = length;
   bool sent = false;
   for (int attempt = 0; attempt < 2 && !sent; attempt++) {
      if (conn.fd < 0 || conn.owner != getpid() || attempt > 0) {
         /* An inherited anchor stays open; one of a replaced server is done with. */
         if (attempt > 0 && conn.fd >= 0 && conn.owner == getpid())
            real_libc().close(conn.fd);
         conn.fd = connect_conn(wire::Conn::Anchor, server);
         conn.owner = getpid();
         if (conn.fd < 0) {
            *error = -conn.fd;
            return MAP_FAILED;
         }
      }
      sent = wire::send_msg(conn.fd, &req, sizeof(req), fd) > 0;
   }
   wire::Reply reply;
   int memory = -1;
   if (!sent || wire::recv_msg(conn.fd, &reply, sizeof(reply), &memory) != sizeof(reply)) {
      real_libc().close(conn.fd);
      conn.fd = -1;
      *error = ENODEV;
      return MAP_FAILED;
   }
   if (reply.ret || memory < 0) {
      if (memory >= 0)
         real_libc().close(memory);
      *error = reply.ret ? -reply.ret : EIO;
      return MAP_FAILED;
   }
   void *p = real_libc().mmap(addr, length, prot, flags, memory, (off_t)reply.fd_offset);
   *error = errno;
   real_libc().close(memory);
   wire::Request release = {};
   release.op = (uint32_t)wire::Op::Munmap;
   release.mapping = reply.mapping;
   if (p == MAP_FAILED) {
      wire::send_msg(conn.fd, &release, sizeof(release));
      return MAP_FAILED;
   }
   /* MAP_FIXED may have replaced a mapping of ours. */
   release_mapping(a, (uintptr_t)p);
   a.mappings[(uintptr_t)p] = Mapping{length, reply.mapping, getpid(), server};
   return p;
}

void
unmapped(void *addr, size_t length)
{
   Anchor &a = anchor();
   uintptr_t start = (uintptr_t)addr, end = start + length;
   std::lock_guard<std::mutex> guard(a.lock);
   for (auto it = a.mappings.lower_bound(start); it != a.mappings.end() && it->first < end;) {
      if (it->first + it->second.length > end) {
         ++it;
         continue;
      }
      uintptr_t at = it->first;
      ++it;
      release_mapping(a, at);
   }
}

} // namespace lsgpu::sim::client
