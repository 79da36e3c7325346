/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_DRAW_JOB_H
#define LSGPU_SIM_DRAW_JOB_H

/* One DRAW packet in flight: the state every unit of the draw pipeline reads, and the
 * units as members, each implemented in the file of its unit —
 *   gpu/draw/draw.cpp                 state, indices, sequencing
 *   gpu/draw/vertex_shading.cpp       vertex fetch and vertex shader warps
 *   gpu/geometry/primitive_assembly.cpp  primitives from the index list
 *   gpu/raster/triangle_setup.cpp     viewport, facing, culling, polygon mode, offset
 *   gpu/raster/points_lines.cpp       points and lines as the quads GL defines
 *   gpu/raster/fragment_inputs.cpp    coverage, stipple, interpolated inputs
 *   gpu/draw/fragment_shading.cpp     fragment warps, then the output merger
 *   gpu/draw/stream_out.cpp           transform feedback and the primitive counters
 * (clipping, the rasterizer, vertex fetch, the shader core, the texture unit and the
 * output merger are units of their own that these call). Private to those files. */

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "common/host_threads.h"
#include "gpu/counters.h"
#include "gpu/frontend/preemption.h"
#include "gpu/geometry/clipper.h"
#include "gpu/memory/address_space.h"
#include "gpu/output/output_merger.h"
#include "gpu/raster/rasterizer.h"
#include "gpu/shader/shader_core.h"
#include "gpu/texture/texture_sampler.h"
#include "lsgpu_packets.h"

namespace lsgpu::sim
{

constexpr uint32_t kRestart = UINT32_MAX; /* marks a restart in the index list */
constexpr unsigned kSlots = LSGPU_IO_SLOTS;
constexpr unsigned kBlockBytes = LSGPU_IO_SLOTS * LSGPU_IO_SLOT_BYTES;

/* Reads a descriptor and decodes it (reserved bits zero, fields in range). */
template <typename T>
inline lsgpu_fault
read_descriptor(const AddressSpace &as, uint64_t va, unsigned words,
                lsgpu_fault (*decode)(const uint32_t *, T *), T *out)
{
   AddressSpace::Access a = as.translate(va, words * 4ull, false);
   if (!a.host)
      return a.fault;
   std::vector<uint32_t> dw(words);
   memcpy(dw.data(), a.host, words * 4ull); /* copied once: memory may change under us */
   return decode(dw.data(), out);
}

/* Per-draw scratch memory the shaders see: input and output blocks of one warp. The
 * blocks live outside the job's address space, in the shader core's view only. */
struct WarpBlocks {
   std::vector<uint8_t> in = std::vector<uint8_t>(kWarpWidth * kBlockBytes);
   std::vector<uint8_t> out = std::vector<uint8_t>(kWarpWidth * kBlockBytes);
   /* Lane below kWarpWidth, slot below kSlots: the blocks' sizes. Through data(), not
    * operator[]: the build's checked subscripts cost 5 % of a dense replay in the
    * vertex and fragment loops that call these per lane and slot. */
   uint32_t *in_slot(unsigned lane, unsigned slot)
   {
      return (uint32_t *)(in.data() + lane * kBlockBytes + slot * LSGPU_IO_SLOT_BYTES);
   }
   const uint32_t *out_slot(unsigned lane, unsigned slot) const
   {
      return (const uint32_t *)(out.data() + lane * kBlockBytes + slot * LSGPU_IO_SLOT_BYTES);
   }
};

/* The shader core addresses the blocks through this address space: the job's own
 * mappings plus the two blocks at fixed addresses above the low 4 GiB the kernel
 * hands out... they must be reachable with 32-bit pointers, so they take the top of
 * the 32-bit space just below shared memory. */
constexpr uint32_t kInBlockVa = LSGPU_SHADER_APERTURE_BASE, kOutBlockVa = kInBlockVa + 0x100000u;

class Draw
{
 public:
   Draw(const lsgpu_draw &d, const AddressSpace &as, uint32_t *regs, Counters &counters,
        GpuClock &clock, const PreemptHook *preempt)
       : d_(d), job_as_(as), regs_(regs), counters_(counters), clock_(clock), preempt_(preempt),
         textures_(as, counters)
   {
   }

   lsgpu_fault run();

 private:
   /* A primitive of the draw: entries (positions in the index list) of its 1, 2 or 3
    * vertices, and which of them provokes flat values. */
   struct Prim {
      uint32_t v[3];
      uint8_t n;
      uint8_t provoking;
      bool first_of_strip = true; /* lines: the stipple counter starts again */
      uint8_t edges = 7;          /* triangles: bit k, edge v[k] → v[k+1] is a polygon edge */
   };
   static constexpr size_t kBatchPrims = 256;
   /* Quads (counted over the triangles' bounding boxes) binned before the cores draw
    * them together: enough work for each core that handing it to a host thread costs
    * little, little enough memory. */
   static constexpr size_t kDrainQuads = 2048;
   /* Fewer quads than this are drawn on the GPU thread: piglit's draws of a few
    * pixels ran 9 % slower when each woke a host thread. */
   static constexpr size_t kThreadQuads = 64;
   /* Quads a core rasterizes before it shades them: its cache holds them. */
   static constexpr size_t kCoreQuads = 64;

   /* A vertex after the perspective divide and the viewport transform. */
   struct Window {
      RasterVertex xy;
      float z, inv_w;
   };

   /* What the rasterizer interpolates over one raster triangle: the vertex whose
    * outputs each corner carries (lines and points repeat their vertices), with its
    * window depth and 1/w. */
   struct Setup {
      Setup(const ClipVertex *provoking_vertex, bool front_facing, float offset)
          : provoking(provoking_vertex), front(front_facing), z_offset(offset)
      {
      }
      const ClipVertex *attr[3];
      float z[3], inv_w[3];
      const ClipVertex *provoking;
      bool front;
      float z_offset;
      bool point = false;
      float point_x0, point_y0, point_size; /* the point's square, for sprite coordinates */
      bool line = false;
      float line_x0, line_y0, line_dx, line_dy; /* outputs vary with the projection on it */
      bool line_x_major;
      int line_first, line_dir; /* first column (row) and the direction along the line */
      uint32_t stipple_start;   /* the stipple counter at the first column */
      bool in_viewport = false; /* wide: bounded by viewport_rect_, not rect_ alone */
   };

   lsgpu_fault load_state();
   lsgpu_fault vertex_id(uint32_t i, uint32_t *id);
   lsgpu_fault shade_vertices(const std::vector<uint32_t> &ids, uint32_t instance,
                              std::vector<ClipVertex> *out, bool async = false);
   lsgpu_fault join_vertices();
   /* A batch of primitives with its shaded vertices (gpu/draw/draw.cpp). */
   struct VertexBatch {
      std::vector<Prim> prims;
      uint32_t instance = 0;
      std::vector<uint32_t> positions;  /* the index list entries its primitives use */
      std::vector<uint32_t> ids;        /* their vertex ids */
      std::vector<uint32_t> unique_ids; /* each id once, as shaded */
      std::vector<uint32_t> slot;       /* positions[i]'s vertex: shaded[slot[i]] */
      std::vector<ClipVertex> shaded;
      bool pending = false;                 /* started, not yet drawn */
      lsgpu_fault fault = LSGPU_FAULT_NONE; /* of its vertex stage */
   };
   lsgpu_fault start_vertices(VertexBatch &b);
   lsgpu_fault finish_vertices(VertexBatch &b);
   lsgpu_fault draw_prims(VertexBatch &b);
   lsgpu_fault finish_batches(bool draw);
   lsgpu_fault assemble(uint32_t instance);
   lsgpu_fault draw_batch(uint32_t instance);
   /* v's window coordinates: what prepare() kept, else project(v). */
   Window window(const ClipVertex &v) const;
   /* The perspective divide and viewport transform of v's position. */
   Window project(const ClipVertex &v) const;
   /* Fills v's window coordinates and plane codes (ClipVertex::prepared): where the
    * vertex is shaded, on the core's host thread, once for all its triangles. */
   void prepare(ClipVertex &v) const;
   lsgpu_fault draw_triangle(const ClipVertex *v[3], const ClipVertex &provoking,
                             uint8_t edges = 7);
   lsgpu_fault draw_line(ClipVertex a, ClipVertex b, const ClipVertex &provoking, bool front,
                         float z_offset, bool first_of_strip = true);
   lsgpu_fault draw_point(const ClipVertex &v, bool front, float z_offset);
   float point_size(const ClipVertex &v) const;
   /* The clip planes of a point or line `width` pixels wide (planes_ for 1). */
   ClipPlanes wide_planes(float width) const;
   lsgpu_fault raster(const RasterVertex rv[3], const Setup &setup);
   static void line_weights(const Setup &s, const RasterQuad &q, unsigned l, float w[3]);
   lsgpu_fault raster_quadrilateral(const RasterVertex c[4], const Setup &setup);
   struct QuadCoverage;
   struct PendingQuad;
   struct BinEntry;
   struct FragmentCore;
   lsgpu_fault early_tests(FragmentCore &c, QuadCoverage &quad, const float sample_z[4][4],
                           bool front);
   /* Gives rows [y0, y1) of the batch's triangle to the cores whose tiles meet
    * columns [x0, x1) there. */
   void bin(uint32_t triangle, int x0, int x1, int y0, int y1);
   lsgpu_fault drain();
   lsgpu_fault join();
   void shade_core(FragmentCore &c);
   /* Rasterizes e over core c's pixels, queueing the quads (raster/fragment_inputs.cpp). */
   void raster_bin(FragmentCore &c, const BinEntry &e);
   /* Shades c's rasterized quads as warps, in order. */
   void shade_quads(FragmentCore &c);
   lsgpu_fault fragment_warp(FragmentCore &c, size_t first, size_t n);
   lsgpu_fault load_stream_out();
   void stream_out(const ClipVertex *const *verts, unsigned n);
   void finish_stream_out();
   /* What a warp runs with: the core's address space (the job's, its I/O blocks and
    * stack window), texture unit, clock and framebuffer reads. */
   struct CoreView {
      AddressSpace &as;
      TextureSampler &textures;
      GpuClock &clock;
      FramebufferReader *framebuffer;
      JitWindows &windows; /* the shader core's, for as (ShaderEnv::windows) */
      Counters &counters;  /* what its warps count: the core's own on a host thread */
   };
   struct VertexCore;
   /* A core's view of memory: the job's plus the warp's I/O blocks, and with stack, a
    * zeroed core-local stack window over the draw's (docs/isa.md §4). */
   void map_core_memory(AddressSpace &as, WarpBlocks &blocks, std::vector<uint8_t> *stack) const;
   /* Records a core's first fault address as the job's. */
   void record_fault_va(const std::atomic<uint64_t> &va) const;
   lsgpu_fault run_warp(const ShaderProgram &prog, uint64_t constants, uint64_t buffers,
                        uint64_t descriptors, std::vector<Warp> &warps,
                        FragmentCore *core = nullptr);
   lsgpu_fault run_warp(const ShaderProgram &prog, uint64_t constants, uint64_t buffers,
                        uint64_t descriptors, std::vector<Warp> &warps, const CoreView &core);
   lsgpu_fault vertex_warp(const std::vector<uint32_t> &ids, size_t base, uint32_t instance,
                           const AddressSpace &fetch, WarpBlocks &blocks, const CoreView &core,
                           std::vector<ClipVertex> *out);
   float polygon_offset(const Window w[3]) const;

   const lsgpu_draw &d_;
   const AddressSpace &job_as_;
   AddressSpace as_; /* the job's mappings plus the warp blocks */
   JitWindows windows_{}; /* the shader core's for as_ (ShaderEnv::windows) */
   uint32_t *regs_;
   Counters &counters_;
   GpuClock &clock_; /* the job's modelled time: the watchdog */
   const PreemptHook *preempt_;
   TextureSampler textures_;
   lsgpu_draw_state st_;
   /* The end of the lanes' stacks, [st_.stack_va, stack_end()) (docs/isa.md §4). */
   uint64_t stack_end() const { return st_.stack_va + (uint64_t)kWarpWidth * st_.stack_size; }
   lsgpu_vertex_element elements_[16];
   lsgpu_render_target rts_[8];
   ColorUnit colors_[8]; /* the output merger's writes to each of rts_ */
   ShaderProgram vs_, fs_;
   WarpBlocks blocks_;
   ClipPlanes planes_;
   DepthUnit depth_; /* DRAW_STATE's depth/stencil target and tests */
   RasterRect rect_; /* the scissor rectangle within the target */
   RasterRect viewport_rect_;                  /* and within the viewport: wide points and lines */
   SampleGrid grid_;                           /* DRAW_STATE.log2_samples and multisample */
   /* The input slots the rasterizer fills: the fragment coordinate, the point
    * coordinate and the varyings up to the last one a vertex output or the point
    * sprite feeds. The slots after them read (0, 0, 0, 1), as an unlinked input does,
    * set once per draw. */
   unsigned in_slots_ = kSlots;
   bool any_centroid_ = false;                 /* one of those slots is a centroid input */
   float depth_min_ = 0.0f, depth_max_ = 1.0f; /* the viewport's depth range (depth clamp) */
   uint32_t stipple_counter_ = 0;              /* line stipple: fragments along the current strip */
   uint64_t zpass_ = 0, primitives_ = 0, fragments_ = 0;
   uint64_t generated_ = 0, written_ = 0, needed_ = 0; /* the PRIMS_* registers */

   /* The stream-output unit's state for the draw (gpu/draw/stream_out.cpp). */
   struct StreamOut {
      lsgpu_stream_out desc;
      bool active = false, full = false;
      unsigned used = 0;            /* buffers an output names */
      uint32_t offset[4] = {};      /* next record of each buffer */
      uint8_t *host[4] = {};        /* each used buffer, translated once */
      uint8_t *offset_host[4] = {}; /* each used buffer's offset word */
   } so_;

   /* A quad's place and coverage (RasterQuad's, without its weights). */
   struct QuadCoverage {
      int x, y;
      uint8_t mask;
      uint8_t samples[4];
   };

   /* What a lane's inputs are interpolated with: its weights of the triangle's corners
    * and their sum over w, at the pixel's centre and at its centroid (the weights at
    * its first covered sample when it is partly covered: DRAW_STATE.fs_input_centroid;
    * set only in a draw with centroid inputs, any_centroid_). */
   struct LaneBary {
      float b[3], one_over_w;
      float centroid[3], one_over_w_centroid;
   };

   /* A raster triangle as the cores that own its pixels rasterize it: its window
    * coordinates and set-up by value (the vertices it came from may be gone by the
    * time its batch is drawn; attr and provoking are not used), and its fragment
    * inputs' corner values, first the index of the batch's CornerValues of its first
    * varying (one per fragment input varying). */
   struct RasterTriangle {
      RasterTriangle(const RasterVertex v[3], const Setup &setup, uint32_t first_corner)
          : rv{v[0], v[1], v[2]}, s(setup), first(first_corner)
      {
      }
      RasterVertex rv[3];
      Setup s;
      uint32_t first;
   };
   /* Rows [y0, y1) of a batch's triangle, for one core to rasterize in its tiles: a
    * triangle larger than a batch is drawn a band of rows at a time. */
   struct BinEntry {
      uint32_t triangle;
      int y0, y1;
   };
   /* A fragment input's values at the three corners; bit c of shared: component c is
    * the same at all three and passes on exactly. Flat and unlinked inputs are stored
    * as three equal corners. */
   struct CornerValues {
      float corner[3][4];
      uint32_t shared;
   };

   /* Quads waiting for a fragment warp, with what their lanes' inputs come from. */
   struct PendingQuad {
      /* Left uninitialized: the rasterizer writes every field a warp reads. */
      PendingQuad() {}
      QuadCoverage quad;
      bool front;
      uint32_t triangle; /* in the batch's triangles */
      float frag_z[4];
      LaneBary bary[4];
      float sample_z[4][4]; /* each lane's depth at each sample (the centre's, shared,
                               unless coverage is per sample) */
   };
   /* Keeps triangle rv with set-up s for the cores that draw the batch; its index in
    * triangles_. */
   uint32_t store_triangle(const RasterVertex rv[3], const Setup &s);
   /* Lane l of p's fragment inputs (slots 0 .. in_slots_ - 1), as the core that shades it
    * interpolates them into its input block. */
   void lane_inputs(const PendingQuad &p, unsigned l, float (*in)[4]) const;
   /* The triangles of the batch being binned, and of the one being drawn. */
   std::vector<RasterTriangle> triangles_, shading_triangles_;
   std::vector<CornerValues> corners_, shading_corners_;

   /* One of the modelled shader cores as the fragment stage uses it. The cores share
    * the screen by tiles (tile_core): each rasterizes the triangles binned to it over
    * its own pixels, and shades and merges their quads, in primitive order, so the
    * cores depend on each other for nothing and run on host threads side by side
    * (docs/simulator.md, "Host threads"). Everything a core changes while it runs is
    * its own: its bins and quads, I/O blocks, stack window, texture unit, clock and
    * counts, joined into the draw's when they stop (drain). */
   struct FragmentCore final : FramebufferReader {
      /* The core's large buffers, kept from draw to draw (a frame has hundreds of
       * draws; allocating them for each costs more than shading small ones). */
      struct Memory {
         std::vector<BinEntry> bin, binned;
         std::vector<PendingQuad> quads;
         WarpBlocks blocks;
         std::vector<uint8_t> stack;
      };

      static std::mutex spare_mutex;
      static std::vector<std::unique_ptr<Memory>> spare;

      FragmentCore(Draw &d, const AddressSpace &job, unsigned core);
      ~FragmentCore();
      lsgpu_fault load(unsigned lane, unsigned rt, float out[4]) override; /* lsgpu.fbld */

      Draw &draw;
      unsigned index; /* its tiles: tile_core() */
      std::unique_ptr<Memory> memory;
      std::vector<BinEntry> &bin;      /* what the GPU thread bins, in primitive order */
      std::vector<BinEntry> &binned;   /* the batch the core draws */
      std::vector<PendingQuad> &quads; /* rasterized, waiting for a warp */
      WarpBlocks &blocks;
      size_t warp_first = 0; /* the running warp's first quad in quads */
      AddressSpace job_as;   /* the job's mappings, for depth tests and the output merger */
      AddressSpace as;       /* the shader's: with this core's blocks and stack */
      JitWindows windows{};
      std::shared_ptr<std::atomic<uint64_t>> fault_va;
      TextureSampler textures;
      GpuClock clock;
      lsgpu_fault fault = LSGPU_FAULT_NONE;
      uint64_t zpass = 0, fragments = 0;
      Counters counters;                     /* its warps', moved to the device's at join() */
      uint8_t fetch_sample[kWarpWidth] = {}; /* the sample lsgpu.fbld reads for each lane */
   };
   /* One of the modelled cores as the vertex stage uses it (gpu/draw/vertex_shading.cpp):
    * its own I/O blocks, stack window, texture unit and clock. */
   struct VertexCore {
      VertexCore(Draw &d, const AddressSpace &job);
      /* What its warps counted since the last join, to the device's (a draw that ends
       * on a fault joins no more). */
      ~VertexCore() { counters_move(counters, device_counters); }
      Counters &device_counters;
      WarpBlocks blocks;
      std::vector<uint8_t> stack;
      AddressSpace job_as; /* the job's mappings, for vertex fetch */
      AddressSpace as;     /* the shader's: with this core's blocks and stack */
      JitWindows windows{};
      std::shared_ptr<std::atomic<uint64_t>> fault_va;
      TextureSampler textures;
      GpuClock clock;
      Counters counters; /* moved to the device's at join_vertices() */
      lsgpu_fault fault = LSGPU_FAULT_NONE;
      size_t fault_warp = SIZE_MAX; /* the batch's warp that faulted */
   };
   std::unique_ptr<VertexCore> vertex_cores_[LSGPU_JOB_SHADER_CORES];
   bool vertex_parallel_ = true; /* the vertex shader's stores stay in its core */
   std::unique_ptr<FragmentCore> cores_[LSGPU_JOB_SHADER_CORES];
   size_t queued_ = 0;    /* quads binned to the cores (bounding boxes) */
   bool parallel_ = true; /* the fragment shader's stores stay in its core */
   bool overlap_ = true;  /* and the rest of the draw's in the job's too (drain) */
   bool shaded_ = false;  /* a batch has been shaded and not yet joined */
   GpuClock batch_base_;  /* the draw's clock when the batch started */
   std::unique_ptr<HostParallel> shading_; /* the batch, while host threads shade it */
   std::vector<Prim> batch_;
   /* Two batches: one drawn while the next one's vertices are shaded. */
   VertexBatch vertex_batches_[2];
   unsigned next_batch_ = 0;
   bool pipelined_ = false;
   std::unique_ptr<HostParallel> vertex_shading_; /* vertex warps on host threads */
   GpuClock vertex_base_;                         /* the draw's clock when they started */
};

} // namespace lsgpu::sim

#endif
