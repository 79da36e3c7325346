/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_DEVICE_CLIENT_H
#define LSGPU_SIM_DEVICE_CLIENT_H

#include <cstddef>
#include <sys/types.h>

#include "server/protocol.h"

/*
 * The interposer's side of the device server (server/protocol.h): opens DRM files,
 * forwards ioctls on this thread's channel and maps BOs through this process's anchor.
 * Starts a server on demand when none answers on the socket. Every function returns
 * a negative errno on failure; the server being gone is -ENODEV.
 */
namespace lsgpu::sim::client
{

/* open(2) of a device node: the new DRM file's fd. */
int open_node(wire::Node node, int open_flags);
/* ioctl(2) on a DRM file fd: the ioctl's result. */
int ioctl(int fd, unsigned long request, void *arg);
/* mmap(2) of a DRM file (at a fake offset) or a dma-buf fd; *error on MAP_FAILED. */
void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset, int *error);
/* After a successful munmap(2): releases the BOs of mappings now wholly gone. */
void unmapped(void *addr, size_t length);

} // namespace lsgpu::sim::client

#endif
