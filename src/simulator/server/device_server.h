/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_DEVICE_SERVER_H
#define LSGPU_SIM_DEVICE_SERVER_H

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "kernel/fd_objects.h"
#include "kernel/kernel_device.h"
#include "protocol.h"

namespace lsgpu::sim
{

/*
 * One simulated LSGPU-1 (GPU model and kernel driver) serving every process of a
 * session over a Unix socket (protocol.h). What a kernel keeps per open file lives
 * here per connection, and dies with it.
 */
class DeviceServer
{
 public:
   struct Options {
      std::string socket;
      /* Exit after this long with no connection at all; < 0: never (persistent). */
      int idle_exit_ms = -1;
   };

   explicit DeviceServer(const Options &options);
   ~DeviceServer();

   /* Serves until stopped or idle. Returns the process exit status. */
   int run();

   /* Used by the connection handlers. */
   KernelDevice &device() { return *device_; }
   std::shared_ptr<DrmFile> file_for(int client_fd);
   std::shared_ptr<FdObject> object_for(int client_fd);
   /* Makes the socket pair of a new object fd; returns the client end or -errno. */
   int make_object(std::shared_ptr<FdObject> object);

 private:
   struct Watched {
      bool is_file;
      uint64_t ino;
   };
   struct EventSink {
      std::mutex lock;
      int fd = -1;
   };
   struct FileEntry {
      std::shared_ptr<DrmFile> file;
      int server_fd;
      std::shared_ptr<EventSink> sink;
   };
   struct ObjectEntry {
      std::shared_ptr<FdObject> object;
      int server_fd;
      std::shared_ptr<EventSink> sink; /* its readiness message */
   };

   int listen_socket();
   void serve(int fd);
   void serve_file(int fd, const wire::Hello &hello, int client_end);
   void serve_channel(int fd);
   void serve_anchor(int fd);
   void serve_control(int fd);
   void watch(int server_fd, bool is_file, uint64_t ino);
   void hang_up(int server_fd);
   void reap_closed_files();
   wire::Status status();
   int screenshot(uint64_t crtc, int fd);
   void stop();

   Options options_;
   std::unique_ptr<KernelDevice> device_;
   uint64_t stamp_ = 0;
   int listen_fd_ = -1, lock_fd_ = -1, epoll_fd_ = -1, wake_fd_ = -1;

   std::mutex lock_;                         /* the registries */
   std::map<uint64_t, FileEntry> files_;     /* by inode of the client end */
   std::map<uint64_t, ObjectEntry> objects_; /* likewise */
   std::map<int, Watched> watched_;          /* by server end */
   std::atomic<int> channels_{0}, anchors_{0}, pending_{0};
   std::atomic<bool> stopping_{false};
};

} // namespace lsgpu::sim

#endif
