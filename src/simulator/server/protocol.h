/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_PROTOCOL_H
#define LSGPU_SIM_PROTOCOL_H

/*
 * The device server's wire protocol (docs/architecture.md "The device server").
 *
 * Every fd a client holds for the device is one end of a SOCK_SEQPACKET connection to
 * the server, so the host kernel does the bookkeeping a DRM driver relies on: dup,
 * fork, exec and SCM_RIGHTS all share the one connection, and when its last fd closes
 * (exit, crash, close) the server sees the hang-up and releases what hung off it.
 *
 *   File     one DRM file (open of a node). Carries no requests after the hello.
 *   Object   a dma-buf, syncobj fd or sync_file; the server makes the pair.
 *   Channel  one per client thread: ioctls, each naming its DRM file by passing the
 *            fd (SCM_RIGHTS). Blocking waits block only their own thread's channel.
 *   Anchor   one per client process: mmap and munmap; it holds the BOs the process
 *            has mapped, and releases them when the process is gone.
 *   Control  `lsgpu-device --status/--stop/--screenshot`.
 *
 * The client ends of File and Object connections are bound to abstract names with
 * the prefix below, so the interposer recognises the device's fds with one
 * getsockname(), whichever process created them.
 */

#include <cstddef>
#include <cstdint>
#include <string>
#include <sys/types.h>

namespace lsgpu::sim::wire
{

constexpr uint32_t kMagic = 0x3147534c; /* "LSG1" */
constexpr uint32_t kVersion = 1;

enum class Conn : uint32_t { File = 1, Channel = 2, Anchor = 3, Control = 4 };
enum class Node : uint32_t { Render = 0, Card = 1 };
/* What a device fd is, from its abstract name. */
enum class FdKind { None, RenderFile, CardFile, DmaBuf, Syncobj, SyncFile };

struct Hello {
   uint32_t magic, version;
   uint32_t conn; /* Conn */
   uint32_t node; /* Node, for Conn::File; the client's own end rides along */
};
struct HelloReply {
   int32_t status; /* 0, or -errno */
   uint32_t server_pid;
   uint64_t server_stamp; /* mtime (ns) of the server binary: a rebuilt one differs */
   uint32_t persistent;   /* started by a person, not spawned on demand */
   uint32_t pad;
};

enum class Op : uint32_t { Ioctl = 1, Mmap = 2, Munmap = 3, Status = 4, Stop = 5, Screenshot = 6 };
struct Request {
   uint32_t op; /* Op; Ioctl and Mmap pass their target fd (SCM_RIGHTS) */
   uint32_t pad;
   uint64_t cmd, arg;       /* Ioctl */
   uint64_t offset, length; /* Mmap; Screenshot: offset is the CRTC, the PNG's fd rides along */
   uint64_t mapping;        /* Munmap */
};

/* Screenshot of whichever CRTC is on first. */
constexpr uint64_t kAnyCrtc = UINT64_MAX;

enum class ReplyType : uint32_t { Done = 1, InstallFd = 2 };
struct Reply {
   uint32_t type; /* ReplyType */
   int32_t ret;
   /* Mmap: where the BO is in the device memory fd, which rides along. */
   uint64_t fd_offset, mapping;
   /* InstallFd: the new fd rides along; the client answers with Installed. */
   uint32_t cloexec, pad;
};
struct Installed {
   int32_t fd; /* or -errno */
   uint32_t pad;
};
struct Status {
   uint32_t pid, persistent;
   uint32_t files, objects, channels, anchors;
   uint64_t jobs_completed;
   uint64_t gpu_cycles; /* the GPU_CYCLES counter: modelled GPU time of every job */
   uint64_t counters[32]; /* every device counter, in LSGPU_COUNTERS order */
};

/* LSGPU_DEVICE, else $XDG_RUNTIME_DIR/lsgpu-device, else /tmp/lsgpu-device-UID. */
std::string socket_path();

/* One message with up to one fd; the fd is not closed. Returns bytes or -errno. */
ssize_t send_msg(int sock, const void *data, size_t size, int fd = -1);
/* One message; *fd receives a passed fd (close-on-exec) or -1. Returns bytes, 0 at
 * hang-up, or -errno. A message of another size is -EPROTO. */
ssize_t recv_msg(int sock, void *data, size_t size, int *fd = nullptr);

/* Binds sock to a fresh abstract name for `kind`. Returns 0 or -errno. */
int bind_kind(int sock, FdKind kind);
/* What fd is: one getsockname(). */
FdKind classify(int fd);

} // namespace lsgpu::sim::wire

#endif
