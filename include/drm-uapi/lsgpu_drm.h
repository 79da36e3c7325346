/* SPDX-License-Identifier: MIT */
/*
 * lsgpu_drm.h - userspace interface of the LSGPU-1 kernel driver.
 *
 * This header is the contract between the lsgpu Mesa driver and a kernel driver for
 * LSGPU-1 (the simulated one in src/simulator/kernel or a real one). docs/uapi.md
 * describes the semantics a kernel implementer must provide. Rules that every ioctl
 * follows (Documentation/process/botching-up-ioctls.rst):
 *
 *  - fixed-size types only, explicit padding, pointers passed as __u64;
 *  - every pad field and every flag bit not defined here must be zero, else -EINVAL;
 *  - structs only grow at the end; the kernel zero-extends shorter structs from old
 *    userspace and ignores nothing it does not understand;
 *  - errors: -ENOENT unknown handle, -EFAULT unreadable/unwritable user pointer,
 *    -EINVAL malformed argument, -ENOMEM allocation failure, -ETIME wait timed out,
 *    -EIO device lost.
 */
#ifndef LSGPU_DRM_H
#define LSGPU_DRM_H

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

#define DRM_LSGPU_GET_PARAM        0x00
#define DRM_LSGPU_GEM_CREATE       0x01
#define DRM_LSGPU_GEM_MMAP_OFFSET  0x02
#define DRM_LSGPU_GEM_WAIT         0x03
#define DRM_LSGPU_SUBMIT           0x04
#define DRM_LSGPU_GEM_INFO         0x05
#define DRM_LSGPU_CTX_CREATE       0x06
#define DRM_LSGPU_CTX_DESTROY      0x07
#define DRM_LSGPU_CTX_RESET_STATUS 0x08

#define DRM_IOCTL_LSGPU_GET_PARAM                                                                  \
   DRM_IOWR(DRM_COMMAND_BASE + DRM_LSGPU_GET_PARAM, struct drm_lsgpu_get_param)
#define DRM_IOCTL_LSGPU_GEM_CREATE                                                                 \
   DRM_IOWR(DRM_COMMAND_BASE + DRM_LSGPU_GEM_CREATE, struct drm_lsgpu_gem_create)
#define DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET                                                            \
   DRM_IOWR(DRM_COMMAND_BASE + DRM_LSGPU_GEM_MMAP_OFFSET, struct drm_lsgpu_gem_mmap_offset)
#define DRM_IOCTL_LSGPU_GEM_WAIT                                                                   \
   DRM_IOW(DRM_COMMAND_BASE + DRM_LSGPU_GEM_WAIT, struct drm_lsgpu_gem_wait)
#define DRM_IOCTL_LSGPU_SUBMIT DRM_IOW(DRM_COMMAND_BASE + DRM_LSGPU_SUBMIT, struct drm_lsgpu_submit)
#define DRM_IOCTL_LSGPU_GEM_INFO                                                                   \
   DRM_IOWR(DRM_COMMAND_BASE + DRM_LSGPU_GEM_INFO, struct drm_lsgpu_gem_info)
#define DRM_IOCTL_LSGPU_CTX_CREATE                                                                 \
   DRM_IOWR(DRM_COMMAND_BASE + DRM_LSGPU_CTX_CREATE, struct drm_lsgpu_ctx_create)
#define DRM_IOCTL_LSGPU_CTX_DESTROY                                                                \
   DRM_IOW(DRM_COMMAND_BASE + DRM_LSGPU_CTX_DESTROY, struct drm_lsgpu_ctx_destroy)
#define DRM_IOCTL_LSGPU_CTX_RESET_STATUS                                                           \
   DRM_IOWR(DRM_COMMAND_BASE + DRM_LSGPU_CTX_RESET_STATUS, struct drm_lsgpu_ctx_reset_status)

/**
 * enum drm_lsgpu_param - values that DRM_IOCTL_LSGPU_GET_PARAM reports.
 *
 * Device counters (LSGPU_PARAM_COUNTER_*) are device-wide, monotonically increasing
 * and wrap at 2^64; they exist so tools and tests can see what the GPU executed.
 */
enum drm_lsgpu_param {
   /** @LSGPU_PARAM_DEVICE_ID: LSGPU architecture id, 0x4c530001 for LSGPU-1. */
   LSGPU_PARAM_DEVICE_ID = 0,
   /** @LSGPU_PARAM_REVISION: silicon/model revision. */
   LSGPU_PARAM_REVISION = 1,
   /** @LSGPU_PARAM_NUM_CORES: shader cores. */
   LSGPU_PARAM_NUM_CORES = 2,
   /** @LSGPU_PARAM_WARP_WIDTH: lanes per warp. */
   LSGPU_PARAM_WARP_WIDTH = 3,
   /** @LSGPU_PARAM_MEMORY_SIZE: bytes of memory the GPU may map for all files. */
   LSGPU_PARAM_MEMORY_SIZE = 4,
   /** @LSGPU_PARAM_VA_SIZE: bytes of GPU virtual address space per file. */
   LSGPU_PARAM_VA_SIZE = 5,
   /** @LSGPU_PARAM_FEATURES: bitmask of LSGPU_FEATURE_*. */
   LSGPU_PARAM_FEATURES = 6,
   /** @LSGPU_PARAM_TIMESTAMP_FREQUENCY: ticks per second of GPU timestamps. */
   LSGPU_PARAM_TIMESTAMP_FREQUENCY = 7,
   /** @LSGPU_PARAM_CMDSTREAM_VERSION: version of the command-stream packet set. */
   LSGPU_PARAM_CMDSTREAM_VERSION = 8,
   /** @LSGPU_PARAM_COUNTER_JOBS: jobs the command processor has completed. */
   LSGPU_PARAM_COUNTER_JOBS = 0x100,
   /** @LSGPU_PARAM_COUNTER_FAULTS: jobs that ended with a fault. */
   LSGPU_PARAM_COUNTER_FAULTS = 0x101,
   /** @LSGPU_PARAM_COUNTER_PACKETS: command packets executed. */
   LSGPU_PARAM_COUNTER_PACKETS = 0x102,
   /** @LSGPU_PARAM_COUNTER_FILL_BYTES: bytes written by the fill engine. */
   LSGPU_PARAM_COUNTER_FILL_BYTES = 0x103,
   /** @LSGPU_PARAM_COUNTER_COPY_BYTES: bytes copied by the copy engine. */
   LSGPU_PARAM_COUNTER_COPY_BYTES = 0x104,
   /** @LSGPU_PARAM_COUNTER_RESETS: GPU resets (watchdog timeouts). */
   LSGPU_PARAM_COUNTER_RESETS = 0x105,
   /** @LSGPU_PARAM_COUNTER_WARP_INSTRUCTIONS: shader instructions issued (per warp). */
   LSGPU_PARAM_COUNTER_WARP_INSTRUCTIONS = 0x106,
   /** @LSGPU_PARAM_COUNTER_LANE_INSTRUCTIONS: shader instructions executed (per lane). */
   LSGPU_PARAM_COUNTER_LANE_INSTRUCTIONS = 0x107,
   /** @LSGPU_PARAM_COUNTER_TEXTURE_REQUESTS: texture sample requests. */
   LSGPU_PARAM_COUNTER_TEXTURE_REQUESTS = 0x108,
   /** @LSGPU_PARAM_COUNTER_SHADER_CYCLES: shader-core cycles of the timing model. */
   LSGPU_PARAM_COUNTER_SHADER_CYCLES = 0x109,
   /** @LSGPU_PARAM_COUNTER_TEXELS: texels read by the texture units. */
   LSGPU_PARAM_COUNTER_TEXELS = 0x10a,
   /** @LSGPU_PARAM_COUNTER_PRIMITIVES: primitives that reached the rasterizer. */
   LSGPU_PARAM_COUNTER_PRIMITIVES = 0x10b,
   /** @LSGPU_PARAM_COUNTER_FRAGMENTS: fragments written after every per-fragment test. */
   LSGPU_PARAM_COUNTER_FRAGMENTS = 0x10c,
   /** @LSGPU_PARAM_COUNTER_IMAGE_STORES: texels written by shader image stores. */
   LSGPU_PARAM_COUNTER_IMAGE_STORES = 0x10d,
   /** @LSGPU_PARAM_COUNTER_ROBUST_ACCESSES: out-of-bounds accesses absorbed (docs/isa.md §4). */
   LSGPU_PARAM_COUNTER_ROBUST_ACCESSES = 0x10e,
   /**
    * @LSGPU_PARAM_COUNTER_GPU_CYCLES: device cycles of the jobs' modelled GPU time,
    * what the job watchdog counts (docs/isa.md §6).
    */
   LSGPU_PARAM_COUNTER_GPU_CYCLES = 0x10f,
   /**
    * @LSGPU_PARAM_COUNTER_VERTEX_INVOCATIONS: vertices the vertex shader ran for,
    * after the post-transform vertex cache.
    */
   LSGPU_PARAM_COUNTER_VERTEX_INVOCATIONS = 0x110,
};

/** LSGPU_FEATURE_FILL: the copy/fill engine executes LSGPU_OP_FILL. */
#define LSGPU_FEATURE_FILL (1ull << 0)
/** LSGPU_FEATURE_COPY: the copy/fill engine executes LSGPU_OP_COPY. */
#define LSGPU_FEATURE_COPY (1ull << 1)
/** LSGPU_FEATURE_COMPUTE: the shader cores run LSGPU_OP_DISPATCH (docs/isa.md). */
#define LSGPU_FEATURE_COMPUTE (1ull << 2)

/**
 * struct drm_lsgpu_get_param - query a device parameter.
 * @param: in, one of enum drm_lsgpu_param; unknown values give -EINVAL.
 * @pad: must be zero.
 * @value: out.
 */
struct drm_lsgpu_get_param {
   __u32 param;
   __u32 pad;
   __u64 value;
};

/** LSGPU_GEM_CREATE_GPU_READ_ONLY: the GPU may read but not write the BO; a job that
 * writes it faults (LSGPU_FAULT_MMU_READ_ONLY). For command and constant buffers. */
#define LSGPU_GEM_CREATE_GPU_READ_ONLY (1u << 0)
/** LSGPU_GEM_CREATE_NO_MMAP: the CPU never maps the BO; mmap() fails with EACCES. */
#define LSGPU_GEM_CREATE_NO_MMAP (1u << 1)
#define LSGPU_GEM_CREATE_FLAGS   (LSGPU_GEM_CREATE_GPU_READ_ONLY | LSGPU_GEM_CREATE_NO_MMAP)

/**
 * struct drm_lsgpu_gem_create - allocate a buffer object.
 * @size: in, bytes; non-zero, at most LSGPU_PARAM_MEMORY_SIZE; rounded up to 4096.
 * @flags: in, LSGPU_GEM_CREATE_* placement and permission flags; others must be 0.
 * @handle: out, GEM handle, unique within the DRM file, never 0.
 * @va: out, GPU virtual address of the BO in this file's address space, 4096-aligned.
 *      The BO is mapped there for every job that lists it in its BO list.
 */
struct drm_lsgpu_gem_create {
   __u64 size;
   __u32 flags;
   __u32 handle;
   __u64 va;
};

/**
 * struct drm_lsgpu_gem_mmap_offset - get the fake offset to mmap() a BO on this fd.
 * @handle: in, GEM handle.
 * @flags: in, must be zero.
 * @offset: out, pass to mmap(2) on the DRM fd; the mapping is coherent with the GPU.
 */
struct drm_lsgpu_gem_mmap_offset {
   __u32 handle;
   __u32 flags;
   __u64 offset;
};

/**
 * struct drm_lsgpu_gem_wait - wait until no submitted job uses the BO.
 * @handle: in, GEM handle.
 * @flags: in, must be zero.
 * @timeout_ns: in, absolute CLOCK_MONOTONIC deadline; 0 polls. -ETIME when the BO
 *              is still busy at the deadline.
 */
struct drm_lsgpu_gem_wait {
   __u32 handle;
   __u32 flags;
   __s64 timeout_ns;
};

/**
 * struct drm_lsgpu_gem_info - describe a BO.
 * @handle: in, GEM handle.
 * @flags: out, the LSGPU_GEM_CREATE_* flags it was created with.
 * @size: out, bytes (page-rounded).
 * @va: out, its GPU virtual address in this file.
 */
struct drm_lsgpu_gem_info {
   __u32 handle;
   __u32 flags;
   __u64 size;
   __u64 va;
};

/* Context priorities; a higher priority context's ready jobs run first. */
#define LSGPU_CTX_PRIORITY_LOW    0
#define LSGPU_CTX_PRIORITY_NORMAL 1
#define LSGPU_CTX_PRIORITY_HIGH   2

/**
 * struct drm_lsgpu_ctx_create - create a GPU context (an execution queue with its own
 * state registers and reset status).
 * @priority: in, LSGPU_CTX_PRIORITY_*; HIGH needs CAP_SYS_NICE, else -EACCES.
 * @flags: in, must be zero.
 * @ctx_id: out, never 0 (0 names the file's default context in a submit).
 * @pad: must be zero.
 */
struct drm_lsgpu_ctx_create {
   __u32 priority;
   __u32 flags;
   __u32 ctx_id;
   __u32 pad;
};

/**
 * struct drm_lsgpu_ctx_destroy - destroy a context; its queued jobs still complete.
 * @ctx_id: in, a context this file created (not 0).
 * @pad: must be zero.
 */
struct drm_lsgpu_ctx_destroy {
   __u32 ctx_id;
   __u32 pad;
};

/* drm_lsgpu_ctx_reset_status.status */
#define LSGPU_CTX_STATUS_OK       0 /* no job of this context faulted */
#define LSGPU_CTX_STATUS_GUILTY   1 /* a job of this context faulted: the context is lost */
#define LSGPU_CTX_STATUS_INNOCENT 2 /* another context hung the GPU while this one had work */

/**
 * struct drm_lsgpu_ctx_reset_status - how GPU faults and resets affected a context
 * (what GL_ARB_robustness reports).
 * @ctx_id: in, 0 or a context of this file.
 * @flags: in, must be zero.
 * @status: out, LSGPU_CTX_STATUS_*; GUILTY is sticky, INNOCENT is reported once.
 * @guilty: out, jobs of this context that faulted or hung.
 * @innocent: out, GPU resets caused by other contexts while this one had work queued.
 * @pad: must be zero.
 * @fault_job: out, the first faulting job of this context: its device-wide sequence
 *   number (jobs are numbered from 1 in submission order); 0 if none faulted.
 * @fault_va: out, for an MMU fault of that job, the GPU address it accessed; else 0.
 * @fault: out, that job's LSGPU_FAULT_* (0 if none).
 * @fault_opcode: out, LSGPU_OP_* of the packet that faulted.
 * @fault_dword: out, the packet's offset in its buffer, in words.
 * @fault_depth: out, 0 if that buffer is the submitted stream, n for an n-th level
 *   indirect buffer (LSGPU_OP_CALL).
 */
struct drm_lsgpu_ctx_reset_status {
   __u32 ctx_id;
   __u32 flags;
   __u32 status;
   __u32 guilty;
   __u32 innocent;
   __u32 pad;
   __u64 fault_job;
   __u64 fault_va;
   __u32 fault;
   __u32 fault_opcode;
   __u32 fault_dword;
   __u32 fault_depth;
};

/* Largest command stream accepted by one submit, in bytes. */
#define LSGPU_MAX_CMDS_SIZE (1u << 20)
/* Largest BO list accepted by one submit. */
#define LSGPU_MAX_BO_HANDLES 4096u
/* Largest in-syncobj list accepted by one submit. */
#define LSGPU_MAX_IN_SYNCS 64u
/* No submit flags are defined yet. */
#define LSGPU_SUBMIT_FLAGS 0u

/**
 * struct drm_lsgpu_submit - queue a job on the command processor.
 * @cmds: in, user pointer to the command stream (docs/command-stream.md), copied by
 *        the kernel during the ioctl.
 * @bo_handles: in, user pointer to @bo_handle_count __u32 GEM handles: the BOs the job
 *        may access. Any GPU access outside them faults the job.
 * @in_syncs: in, user pointer to @in_sync_count __u32 syncobj handles the job waits on.
 * @cmds_size: in, bytes, a non-zero multiple of 4, at most LSGPU_MAX_CMDS_SIZE.
 * @bo_handle_count: in, at most LSGPU_MAX_BO_HANDLES.
 * @in_sync_count: in, at most LSGPU_MAX_IN_SYNCS.
 * @out_sync: in, syncobj handle whose fence is replaced by the job's fence; 0 = none.
 * @flags: in, LSGPU_SUBMIT_* (none defined yet, must be zero).
 * @ctx_id: in, the context whose queue runs the job; 0 is the file's default context.
 *        Unknown: -ENOENT. A context that is GUILTY accepts no more jobs: -ECANCELED.
 */
struct drm_lsgpu_submit {
   __u64 cmds;
   __u64 bo_handles;
   __u64 in_syncs;
   __u32 cmds_size;
   __u32 bo_handle_count;
   __u32 in_sync_count;
   __u32 out_sync;
   __u32 flags;
   __u32 ctx_id;
};

#if defined(__cplusplus)
}
#endif

#endif /* LSGPU_DRM_H */
