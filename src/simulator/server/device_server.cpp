/* SPDX-License-Identifier: MIT */
#include "device_server.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <png.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "common/host_threads.h"
#include "kernel/drm_file.h"
#include "kernel/fence.h"
#include "kernel/gem_object.h"
#include "kernel/user_memory.h"

namespace lsgpu::sim
{

namespace
{

uint64_t
inode_of(int fd)
{
   struct stat st;
   return fstat(fd, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

/* A closed-on-scope-exit fd received from a client. */
struct OwnedFd {
   int fd = -1;
   ~OwnedFd()
   {
      if (fd >= 0)
         close(fd);
   }
};

wire::FdKind
fd_kind(FdObject::Kind kind)
{
   switch (kind) {
   case FdObject::Kind::DmaBuf:
      return wire::FdKind::DmaBuf;
   case FdObject::Kind::Syncobj:
      return wire::FdKind::Syncobj;
   case FdObject::Kind::SyncFile:
      return wire::FdKind::SyncFile;
   }
   return wire::FdKind::None;
}

/*
 * The calling process's fd table as the simulated kernel sees it during one ioctl: a
 * new fd is made here and handed to the client, which installs it and says which
 * number it got (fd_install); an fd named in an ioctl is fetched from the client with
 * pidfd_getfd(2) (fdget).
 */
class ChannelFdTable : public FdTable
{
 public:
   ChannelFdTable(DeviceServer &server, int channel, int pidfd)
       : server_(server), channel_(channel), pidfd_(pidfd)
   {
   }

   int install(std::shared_ptr<FdObject> object, bool cloexec) override
   {
      int client_end = server_.make_object(std::move(object));
      if (client_end < 0)
         return client_end;
      wire::Reply reply = {};
      reply.type = (uint32_t)wire::ReplyType::InstallFd;
      reply.cloexec = cloexec;
      ssize_t sent = wire::send_msg(channel_, &reply, sizeof(reply), client_end);
      close(client_end); /* the client has its own reference now (or never will) */
      if (sent < 0)
         return -ENODEV;
      wire::Installed installed;
      if (wire::recv_msg(channel_, &installed, sizeof(installed)) != sizeof(installed))
         return -ENODEV;
      return installed.fd;
   }

   std::shared_ptr<FdObject> lookup(int fd, int *error) override
   {
      if (fd < 0) {
         *error = -EBADF;
         return nullptr;
      }
      OwnedFd theirs;
      theirs.fd = pidfd_ < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd_, fd, 0);
      if (theirs.fd < 0) {
         if (errno != EBADF)
            fprintf(stderr, "lsgpu-device: pidfd_getfd: %s\n", strerror(errno));
         *error = -EBADF;
         return nullptr;
      }
      std::shared_ptr<FdObject> object = server_.object_for(theirs.fd);
      if (!object)
         *error = -EINVAL;
      return object;
   }

 private:
   DeviceServer &server_;
   int channel_, pidfd_;
};

uint64_t
binary_stamp()
{
   struct stat st;
   if (stat("/proc/self/exe", &st) != 0)
      return 0;
   return (uint64_t)st.st_mtim.tv_sec * 1000000000ull + st.st_mtim.tv_nsec;
}

} // namespace

DeviceServer::DeviceServer(const Options &options) : options_(options)
{
   KernelDevice::Config config;
   /* Milliseconds of modelled GPU time (docs/uapi.md), fractions allowed. */
   if (const char *ms = getenv("LSGPU_SIM_JOB_TIMEOUT_MS")) {
      const double v = strtod(ms, nullptr);
      if (v > 0)
         config.job_timeout_cycles =
            std::max<uint64_t>(1, (uint64_t)(v * 1000.0 * LSGPU_CLOCK_MHZ));
   }
   device_ = std::make_unique<KernelDevice>(config);
   stamp_ = binary_stamp();
   /* Every latched page flip's scanout as DIR/crtcN-flipNNNNN.ppm: what a program
    * showed, frame by frame, for comparing drivers (tests/desktop). */
   if (const char *dir = getenv("LSGPU_SIM_FLIP_DUMP"); dir && *dir) {
      std::string d = dir;
      device_->kms().set_flip_observer([this, d](unsigned crtc, uint64_t flips) {
         std::vector<uint8_t> rgba;
         unsigned w, h;
         if (!device_->display().capture(crtc, &rgba, &w, &h))
            return;
         char name[64];
         snprintf(name, sizeof(name), "/crtc%u-flip%05llu.ppm", crtc, (unsigned long long)flips);
         /* Packed in memory and written at once: this runs in the vblank interrupt. */
         std::vector<uint8_t> rgb((size_t)w * h * 3);
         for (size_t p = 0; p < (size_t)w * h; p++)
            memcpy(&rgb[p * 3], &rgba[p * 4], 3);
         if (FILE *f = fopen((d + name).c_str(), "wb")) {
            fprintf(f, "P6\n%u %u\n255\n", w, h);
            fwrite(rgb.data(), 1, rgb.size(), f);
            fclose(f);
         }
      });
   }
}

DeviceServer::~DeviceServer()
{
   for (int fd : {listen_fd_, epoll_fd_, wake_fd_, lock_fd_})
      if (fd >= 0)
         close(fd);
}

/* Binds the socket unless a live server already owns it. The lock file makes two
 * servers started at once agree on which one serves. */
int
DeviceServer::listen_socket()
{
   const std::string &path = options_.socket;
   struct sockaddr_un addr = {};
   addr.sun_family = AF_UNIX;
   if (path.size() >= sizeof(addr.sun_path)) {
      fprintf(stderr, "lsgpu-device: socket path too long: %s\n", path.c_str());
      return -ENAMETOOLONG;
   }
   memcpy(addr.sun_path, path.c_str(), path.size() + 1);

   lock_fd_ = open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
   if (lock_fd_ < 0 || flock(lock_fd_, LOCK_EX) != 0)
      return -errno;
   int probe = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
   bool alive = connect(probe, reinterpret_cast<struct sockaddr *>(&addr), sizeof(addr)) == 0;
   close(probe);
   if (alive)
      return -EADDRINUSE;
   unlink(path.c_str()); /* a server that died left it */
   listen_fd_ = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
   if (listen_fd_ < 0 ||
       bind(listen_fd_, reinterpret_cast<struct sockaddr *>(&addr), sizeof(addr)) != 0 ||
       listen(listen_fd_, 64) != 0)
      return -errno;
   flock(lock_fd_, LOCK_UN);
   return 0;
}

int
DeviceServer::run()
{
   if (!device_->valid()) {
      fprintf(stderr, "lsgpu-device: cannot allocate device memory\n");
      return 1;
   }
   int ret = listen_socket();
   if (ret == -EADDRINUSE)
      return 0; /* someone else serves this socket: fine for a server spawned on demand */
   if (ret < 0) {
      fprintf(stderr, "lsgpu-device: %s: %s\n", options_.socket.c_str(), strerror(-ret));
      return 1;
   }
   epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
   wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
   struct epoll_event ev = {};
   ev.events = EPOLLIN;
   ev.data.fd = listen_fd_;
   epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
   ev.data.fd = wake_fd_;
   epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);

   while (!stopping_) {
      bool idle;
      {
         std::lock_guard<std::mutex> guard(lock_);
         idle = watched_.empty() && channels_ == 0 && anchors_ == 0 && pending_ == 0;
      }
      int timeout = idle && options_.idle_exit_ms >= 0 ? options_.idle_exit_ms : -1;
      struct epoll_event events[32];
      int n = epoll_wait(epoll_fd_, events, 32, timeout);
      if (n < 0 && errno == EINTR)
         continue;
      if (n == 0)
         break; /* idle for the whole timeout */
      for (int i = 0; i < n; i++) {
         int fd = events[i].data.fd;
         if (fd == wake_fd_) {
            uint64_t v;
            (void)!read(wake_fd_, &v, sizeof(v));
         } else if (fd == listen_fd_) {
            int conn = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (conn >= 0) {
               pending_++;
               std::thread([this, conn] { serve(conn); }).detach();
            }
         } else if (events[i].events & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)) {
            hang_up(fd);
         } else {
            char junk[64]; /* nothing is sent on these; drop what a client writes */
            (void)!recv(fd, junk, sizeof(junk), MSG_DONTWAIT);
         }
      }
   }
   unlink(options_.socket.c_str());
   return 0;
}

void
DeviceServer::watch(int server_fd, bool is_file, uint64_t ino)
{
   /* Caller holds lock_. */
   watched_[server_fd] = Watched{is_file, ino};
   struct epoll_event ev = {};
   ev.events = EPOLLRDHUP | EPOLLIN;
   ev.data.fd = server_fd;
   epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, server_fd, &ev);
}

/* The last client fd of a file or object is gone: release it as close(2) would. */
void
DeviceServer::hang_up(int server_fd)
{
   std::shared_ptr<DrmFile> file;
   std::shared_ptr<FdObject> object;
   {
      std::lock_guard<std::mutex> guard(lock_);
      auto it = watched_.find(server_fd);
      if (it == watched_.end())
         return;
      /* The entry is this socket's only if its server end is: once the client closed
       * its end, a new socket with the same inode number could register before this
       * hang-up is handled, and must not lose its entry. */
      if (it->second.is_file) {
         auto f = files_.find(it->second.ino);
         if (f != files_.end() && f->second.server_fd == server_fd) {
            file = std::move(f->second.file);
            /* A reference of our own: erasing the entry may free the sink, and the
             * guard unlocks its mutex after that. */
            const std::shared_ptr<EventSink> sink = f->second.sink;
            std::lock_guard<std::mutex> sink_guard(sink->lock);
            sink->fd = -1;
            files_.erase(f);
            /* drm_release's KMS part (master, framebuffers) before anyone can open
             * the node again: reap_closed_files() relies on it being done here. */
            device_->close_file(*file);
         }
      } else {
         auto o = objects_.find(it->second.ino);
         if (o != objects_.end() && o->second.server_fd == server_fd) {
            object = std::move(o->second.object);
            const std::shared_ptr<EventSink> sink = o->second.sink; /* as above */
            std::lock_guard<std::mutex> sink_guard(sink->lock);
            sink->fd = -1;
            objects_.erase(o);
         }
      }
      watched_.erase(it);
      epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, server_fd, nullptr);
      close(server_fd);
   }
   /* file and object drop their references here, outside the registry lock, as
    * close(2) of the last fd would (queued jobs keep what they use). */
}

/* close(2) of a DRM fd returns before our epoll loop sees the hang-up; a kernel
 * releases the file (and its master role) inside close. So an open of the primary
 * node first releases the files already closed, as if their close had finished. */
void
DeviceServer::reap_closed_files()
{
   std::vector<int> closed;
   {
      std::lock_guard<std::mutex> guard(lock_);
      for (const auto &w : watched_) {
         if (!w.second.is_file)
            continue;
         struct pollfd p = {w.first, POLLRDHUP, 0};
         if (poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLRDHUP | POLLERR)))
            closed.push_back(w.first);
      }
   }
   for (int fd : closed)
      hang_up(fd);
}

/* What a registry holds for the client socket that fd is a copy of (by its inode),
 * copied under the lock: hang_up() may erase the entry right after. */
template <typename Map, typename Member>
static auto
by_inode(std::mutex &lock, const Map &map, int client_fd, Member member)
{
   uint64_t ino = inode_of(client_fd);
   std::lock_guard<std::mutex> guard(lock);
   auto it = map.find(ino);
   return it == map.end() ? nullptr : it->second.*member;
}

std::shared_ptr<DrmFile>
DeviceServer::file_for(int client_fd)
{
   return by_inode(lock_, files_, client_fd, &FileEntry::file);
}

std::shared_ptr<FdObject>
DeviceServer::object_for(int client_fd)
{
   return by_inode(lock_, objects_, client_fd, &ObjectEntry::object);
}

int
DeviceServer::make_object(std::shared_ptr<FdObject> object)
{
   int sv[2];
   if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
      return -errno;
   int ret = wire::bind_kind(sv[1], fd_kind(object->kind));
   if (ret < 0) {
      close(sv[0]);
      close(sv[1]);
      return ret;
   }
   /* One message waiting makes the fd poll readable: at once for a dma-buf (memory
    * is coherent) and a syncobj fd, when its fence signals for a sync_file, as
    * poll(2) on a sync_file reports. */
   auto sink = std::make_shared<EventSink>();
   sink->fd = sv[0];
   std::shared_ptr<Fence> pending;
   if (object->kind == FdObject::Kind::SyncFile && object->fence && !object->fence->signaled())
      pending = object->fence;
   std::lock_guard<std::mutex> guard(lock_);
   uint64_t ino = inode_of(sv[1]);
   objects_[ino] = ObjectEntry{std::move(object), sv[0], sink};
   watch(sv[0], false, ino);
   auto ready = [](const std::shared_ptr<EventSink> &s) {
      std::lock_guard<std::mutex> sink_guard(s->lock);
      const char byte = 1;
      if (s->fd >= 0) /* hang_up() turns it off before closing the socket */
         send(s->fd, &byte, 1, MSG_DONTWAIT | MSG_NOSIGNAL);
   };
   if (!pending) {
      ready(sink);
   } else {
      std::thread([pending, sink, ready] {
         /* Every fence signals: its job ends, faults or meets the watchdog. */
         pending->wait_until(INT64_MAX);
         ready(sink);
      }).detach();
   }
   return sv[1];
}

void
DeviceServer::serve(int fd)
{
   host_thread_name("lsgpu-client");
   wire::Hello hello;
   int client_end = -1;
   ssize_t n = wire::recv_msg(fd, &hello, sizeof(hello), &client_end);
   pending_--;
   if (n != sizeof(hello) || hello.magic != wire::kMagic || hello.version != wire::kVersion) {
      if (client_end >= 0)
         close(client_end);
      close(fd);
      return;
   }
   switch ((wire::Conn)hello.conn) {
   case wire::Conn::File:
      serve_file(fd, hello, client_end);
      return;
   case wire::Conn::Channel:
      channels_++;
      serve_channel(fd);
      channels_--;
      break;
   case wire::Conn::Anchor:
      anchors_++;
      serve_anchor(fd);
      anchors_--;
      break;
   case wire::Conn::Control:
      serve_control(fd);
      break;
   }
   if (client_end >= 0)
      close(client_end);
   close(fd);
   /* Let the loop re-evaluate idleness. */
   uint64_t one = 1;
   (void)!write(wake_fd_, &one, sizeof(one));
}

static wire::HelloReply
hello_reply(int status, uint64_t stamp, bool persistent)
{
   wire::HelloReply r = {};
   r.status = status;
   r.server_pid = (uint32_t)getpid();
   r.server_stamp = stamp;
   r.persistent = persistent;
   return r;
}

void
DeviceServer::serve_file(int fd, const wire::Hello &hello, int client_end)
{
   /* The client passed its own end, so the file is known by that socket's inode
    * whoever later holds a copy of it. */
   int status = 0;
   if (client_end < 0 || hello.node > (uint32_t)wire::Node::Card)
      status = client_end < 0 ? -EINVAL : -ENODEV;
   uint64_t ino = client_end >= 0 ? inode_of(client_end) : 0;
   if (client_end >= 0)
      close(client_end);
   if (status == 0 && hello.node == (uint32_t)wire::Node::Card)
      reap_closed_files();
   std::shared_ptr<DrmFile> stale_file; /* dropped after the registry lock */
   if (status == 0) {
      auto file = device_->open_file(
         hello.node == (uint32_t)wire::Node::Card ? DrmFile::Node::Primary : DrmFile::Node::Render);
      /* DRM events (vblank, page flip) are messages on the file's own socket, so the
       * client's read(2) and poll(2) on its DRM fd see them as with a kernel. The
       * sink outlives nothing: hang_up() turns it off before closing the socket. */
      auto sink = std::make_shared<EventSink>();
      sink->fd = fd;
      file->event_sink = [sink](const void *event, size_t size) {
         std::lock_guard<std::mutex> guard(sink->lock);
         if (sink->fd >= 0) /* a client that does not read loses events, never blocks us */
            send(sink->fd, event, size, MSG_DONTWAIT | MSG_NOSIGNAL);
      };
      std::lock_guard<std::mutex> guard(lock_);
      auto stale = files_.find(ino);
      if (stale != files_.end()) {
         /* A closed file whose hang-up is still queued: release it now, as the
          * hang-up would (which then finds the entry taken and leaves it). */
         std::lock_guard<std::mutex> sink_guard(stale->second.sink->lock);
         stale->second.sink->fd = -1;
         device_->close_file(*stale->second.file);
         stale_file = std::move(stale->second.file);
      }
      files_[ino] = FileEntry{std::move(file), fd, std::move(sink)};
      watch(fd, true, ino);
   }
   wire::HelloReply reply = hello_reply(status, stamp_, options_.idle_exit_ms < 0);
   wire::send_msg(fd, &reply, sizeof(reply));
   if (status != 0)
      close(fd);
}

static void
send_done(int fd, int ret, uint64_t fd_offset = 0, uint64_t mapping = 0, int pass_fd = -1)
{
   wire::Reply reply = {};
   reply.type = (uint32_t)wire::ReplyType::Done;
   reply.ret = ret;
   reply.fd_offset = fd_offset;
   reply.mapping = mapping;
   wire::send_msg(fd, &reply, sizeof(reply), pass_fd);
}

static bool
peer_pid(int fd, pid_t *pid)
{
   struct ucred cred;
   socklen_t size = sizeof(cred);
   if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &size) != 0)
      return false;
   *pid = cred.pid;
   return true;
}

void
DeviceServer::serve_channel(int fd)
{
   pid_t pid;
   if (!peer_pid(fd, &pid))
      return;
   wire::HelloReply hello = hello_reply(0, stamp_, options_.idle_exit_ms < 0);
   if (wire::send_msg(fd, &hello, sizeof(hello)) < 0)
      return;
   OwnedFd pidfd;
   pidfd.fd = (int)syscall(SYS_pidfd_open, pid, 0);
   const UserMemory user(pid);
   for (;;) {
      wire::Request req;
      OwnedFd target;
      if (wire::recv_msg(fd, &req, sizeof(req), &target.fd) != sizeof(req))
         return;
      if ((wire::Op)req.op != wire::Op::Ioctl) {
         send_done(fd, -EINVAL);
         continue;
      }
      std::shared_ptr<DrmFile> file = file_for(target.fd);
      if (!file) {
         send_done(fd, -ENODEV); /* a file of a server that is gone */
         continue;
      }
      ChannelFdTable fds(*this, fd, pidfd.fd);
      send_done(fd, device_->ioctl(*file, req.cmd, req.arg, user, &fds));
   }
}

void
DeviceServer::serve_anchor(int fd)
{
   wire::HelloReply hello = hello_reply(0, stamp_, options_.idle_exit_ms < 0);
   if (wire::send_msg(fd, &hello, sizeof(hello)) < 0)
      return;
   /* The BOs this process maps; they live until munmap or the process is gone. */
   std::map<uint64_t, std::shared_ptr<GemObject>> mappings;
   uint64_t next_mapping = 1;
   for (;;) {
      wire::Request req;
      OwnedFd target;
      if (wire::recv_msg(fd, &req, sizeof(req), &target.fd) != sizeof(req))
         break;
      if ((wire::Op)req.op == wire::Op::Munmap) {
         mappings.erase(req.mapping);
         continue;
      }
      if ((wire::Op)req.op != wire::Op::Mmap) {
         send_done(fd, -EINVAL);
         continue;
      }
      KernelDevice::MmapTarget where;
      int ret;
      if (std::shared_ptr<DrmFile> file = file_for(target.fd)) {
         ret = device_->mmap(*file, req.offset, req.length, &where);
      } else if (std::shared_ptr<FdObject> object = object_for(target.fd)) {
         ret = object->kind == FdObject::Kind::DmaBuf
                  ? device_->mmap_dmabuf(object->bo, req.offset, req.length, &where)
                  : -ENODEV;
      } else {
         ret = -ENODEV;
      }
      if (ret) {
         send_done(fd, ret);
         continue;
      }
      uint64_t id = next_mapping++;
      mappings[id] = std::move(where.keepalive);
      send_done(fd, 0, where.fd_offset, id, where.fd);
   }
}

wire::Status
DeviceServer::status()
{
   wire::Status s = {};
   s.pid = (uint32_t)getpid();
   s.persistent = options_.idle_exit_ms < 0;
   std::lock_guard<std::mutex> guard(lock_);
   s.files = (uint32_t)files_.size();
   s.objects = (uint32_t)objects_.size();
   s.channels = (uint32_t)channels_;
   s.anchors = (uint32_t)anchors_;
   s.jobs_completed = device_->counters().jobs;
   s.gpu_cycles = device_->counters().gpu_cycles;
#define LSGPU_COUNT_ONE(NAME, name, param, doc) +1
   static_assert(0 LSGPU_COUNTERS(LSGPU_COUNT_ONE) <= sizeof(s.counters) / sizeof(s.counters[0]));
#undef LSGPU_COUNT_ONE
   unsigned i = 0;
#define LSGPU_STATUS_COUNTER(NAME, name, param, doc) s.counters[i++] = device_->counters().name;
   LSGPU_COUNTERS(LSGPU_STATUS_COUNTER)
#undef LSGPU_STATUS_COUNTER
   return s;
}

/* The scanout of a CRTC, as a PNG written to fd (the display controller's view:
 * what a monitor on it would show now). */
int
DeviceServer::screenshot(uint64_t crtc, int fd)
{
   std::vector<uint8_t> rgba;
   unsigned w, h;
   bool ok = false;
   if (crtc == wire::kAnyCrtc) { /* the first CRTC that is on */
      for (unsigned i = 0; i < DisplayController::kCrtcs && !ok; i++)
         ok = device_->display().capture(i, &rgba, &w, &h);
   } else if (crtc < DisplayController::kCrtcs) {
      ok = device_->display().capture((unsigned)crtc, &rgba, &w, &h);
   }
   if (!ok)
      return -ENODEV;
   int own = dup(fd);
   FILE *f = own < 0 ? nullptr : fdopen(own, "wb");
   if (!f) {
      if (own >= 0)
         close(own);
      return -EIO;
   }
   png_image image = {};
   image.version = PNG_IMAGE_VERSION;
   image.width = w;
   image.height = h;
   image.format = PNG_FORMAT_RGBA;
   ok = png_image_write_to_stdio(&image, f, 0, rgba.data(), (png_int_32)w * 4, nullptr) != 0;
   ok = fclose(f) == 0 && ok;
   return ok ? 0 : -EIO;
}

void
DeviceServer::stop()
{
   stopping_ = true;
   uint64_t one = 1;
   (void)!write(wake_fd_, &one, sizeof(one));
}

void
DeviceServer::serve_control(int fd)
{
   wire::HelloReply hello = hello_reply(0, stamp_, options_.idle_exit_ms < 0);
   if (wire::send_msg(fd, &hello, sizeof(hello)) < 0)
      return;
   wire::Request req;
   OwnedFd passed;
   while (wire::recv_msg(fd, &req, sizeof(req), &passed.fd) == sizeof(req)) {
      if ((wire::Op)req.op == wire::Op::Screenshot) {
         send_done(fd, passed.fd < 0 ? -EBADF : screenshot(req.offset, passed.fd));
         close(passed.fd);
         passed.fd = -1;
      } else if ((wire::Op)req.op == wire::Op::Status) {
         wire::Status s = status();
         wire::send_msg(fd, &s, sizeof(s));
      } else if ((wire::Op)req.op == wire::Op::Stop) {
         send_done(fd, 0);
         stop();
         return;
      }
   }
}

} // namespace lsgpu::sim
