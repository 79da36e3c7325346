/* SPDX-License-Identifier: MIT */
/*
 * The lsgpu pipe_screen: device identity, capabilities and formats.
 *
 * Capabilities are reported for what the driver and the LSGPU-1 model execute today.
 * Optional GL features (array textures, MSAA, compute, ...) stay off until the
 * hardware path for them exists; see docs/status.md.
 */
#include "lsgpu_screen.h"

#include <stdio.h>
#include <unistd.h>

#include "drm-uapi/lsgpu_drm.h"
#include "lsgpu_isa.h"
#include "lsgpu_packets.h"
#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_format.h"
#include "lsgpu_debug.h"
#include "lsgpu_fence.h"
#include "lsgpu_program.h"
#include "lsgpu_resource.h"
#include "lsgpu_texture.h"
#include "util/disk_cache.h"
#include "util/format/u_format.h"
#include "util/log.h"
#include "util/os_time.h"
#include "util/u_memory.h"
#include "util/u_screen.h"

static const char *
lsgpu_screen_get_name(struct pipe_screen *pscreen)
{
   return lsgpu_screen(pscreen)->name;
}

static const char *
lsgpu_screen_get_vendor(struct pipe_screen *pscreen)
{
   return "lsgpu";
}

static const char *
lsgpu_screen_get_device_vendor(struct pipe_screen *pscreen)
{
   return "Loongson";
}

static int
lsgpu_screen_get_fd(struct pipe_screen *pscreen)
{
   return lsgpu_screen(pscreen)->ws->fd;
}

static uint64_t
lsgpu_screen_get_timestamp(struct pipe_screen *pscreen)
{
   return os_time_get_nano();
}

static int
lsgpu_screen_get_shader_param(struct pipe_screen *pscreen, enum pipe_shader_type shader,
                              enum pipe_shader_cap param)
{
   /* GL requires vertex and fragment shaders; compute runs OpenCL kernels (rusticl)
    * and GL compute shaders. These are the LSGPU-1 limits (docs/architecture.md). */
   if (shader != PIPE_SHADER_VERTEX && shader != PIPE_SHADER_FRAGMENT &&
       shader != PIPE_SHADER_COMPUTE)
      return 0;
   const bool compute = shader == PIPE_SHADER_COMPUTE;

   switch (param) {
   case PIPE_SHADER_CAP_SUPPORTED_IRS:
      return 1 << PIPE_SHADER_IR_NIR;
   case PIPE_SHADER_CAP_MAX_SHADER_BUFFERS:
      /* Every stage has a storage-buffer table (system value BUFFER_TABLE); st/mesa
       * keeps half of them for atomic counters, which it lowers to storage buffers. */
      return LSGPU_MAX_SHADER_BUFFERS;
   case PIPE_SHADER_CAP_MAX_INSTRUCTIONS:
   case PIPE_SHADER_CAP_MAX_ALU_INSTRUCTIONS:
   case PIPE_SHADER_CAP_MAX_TEX_INSTRUCTIONS:
   case PIPE_SHADER_CAP_MAX_TEX_INDIRECTIONS:
      return 16384;
   case PIPE_SHADER_CAP_MAX_CONTROL_FLOW_DEPTH:
      return 64;
   case PIPE_SHADER_CAP_MAX_INPUTS:
      return compute ? 0 : 16;
   case PIPE_SHADER_CAP_MAX_OUTPUTS:
      return compute ? 0 : shader == PIPE_SHADER_VERTEX ? 16 : 8;
   case PIPE_SHADER_CAP_MAX_CONST_BUFFER0_SIZE:
      return 4096 * 16;
   case PIPE_SHADER_CAP_MAX_CONST_BUFFERS:
      /* The default block (a2) and uniform blocks through the buffer table. */
      return LSGPU_MAX_CONST_BUFFERS;
   case PIPE_SHADER_CAP_MAX_TEMPS:
      return 256;
   case PIPE_SHADER_CAP_INTEGERS:
      /* RV32 lanes have native 32-bit integers: booleans are 0 / ~0 and integer
       * uniforms are integers, not floats. */
      return 1;
   case PIPE_SHADER_CAP_INDIRECT_CONST_ADDR:
   case PIPE_SHADER_CAP_INDIRECT_TEMP_ADDR:
      return 1;
   /* Compute: the descriptor table's entries 0..127 hold sampler views, the first 32
    * also samplers, 128..191 images (docs/isa.md §3.4); vertex and fragment shaders,
    * each with its own table (DRAW_STATE.vs_textures_va, fs_textures_va), sample
    * through 16 units. */
   case PIPE_SHADER_CAP_MAX_TEXTURE_SAMPLERS:
      return compute ? PIPE_MAX_SAMPLERS : 16;
   case PIPE_SHADER_CAP_MAX_SAMPLER_VIEWS:
      return compute ? LSGPU_IMAGE_UNIT_BASE : 16;
   case PIPE_SHADER_CAP_MAX_SHADER_IMAGES:
      return LSGPU_MAX_SHADER_IMAGES;
   default:
      return 0;
   }
}

/* Writes a compute limit into ret (when not NULL) and returns its size in bytes. */
template <typename T, size_t N>
static int
compute_param(void *ret, const T (&values)[N])
{
   if (ret)
      memcpy(ret, values, sizeof(values));
   return (int)sizeof(values);
}

/* The limits of DISPATCH (src/hw/lsgpu_packets.yaml) and of the shader ABI, as
 * rusticl and st/mesa read them. Shader pointers are 32-bit. */
static int
lsgpu_screen_get_compute_param(struct pipe_screen *pscreen, enum pipe_shader_ir ir,
                               enum pipe_compute_cap param, void *ret)
{
   struct lsgpu_screen *screen = lsgpu_screen(pscreen);
   const uint64_t memory = screen->ws->memory_size;
   switch (param) {
   case PIPE_COMPUTE_CAP_GRID_DIMENSION:
      return compute_param(ret, (const uint64_t[]){3});
   case PIPE_COMPUTE_CAP_MAX_GRID_SIZE:
      return compute_param(ret, (const uint64_t[]){65535, 65535, 65535});
   case PIPE_COMPUTE_CAP_MAX_BLOCK_SIZE:
      return compute_param(ret, (const uint64_t[]){LSGPU_MAX_WORKGROUP_INVOCATIONS,
                                                   LSGPU_MAX_WORKGROUP_INVOCATIONS, 64});
   case PIPE_COMPUTE_CAP_MAX_THREADS_PER_BLOCK:
      return compute_param(ret, (const uint64_t[]){LSGPU_MAX_WORKGROUP_INVOCATIONS});
   case PIPE_COMPUTE_CAP_MAX_LOCAL_SIZE:
      return compute_param(ret, (const uint64_t[]){LSGPU_MAX_SHARED_MEMORY});
   case PIPE_COMPUTE_CAP_MAX_GLOBAL_SIZE:
      return compute_param(ret, (const uint64_t[]){memory});
   case PIPE_COMPUTE_CAP_MAX_MEM_ALLOC_SIZE:
      /* OpenCL's minimum for a device of this memory: a quarter of it. */
      return compute_param(ret, (const uint64_t[]){MAX2(memory / 4, 32ull << 20)});
   case PIPE_COMPUTE_CAP_MAX_PRIVATE_SIZE:
      return compute_param(ret, (const uint64_t[]){65536}); /* DISPATCH stack_size */
   case PIPE_COMPUTE_CAP_MAX_INPUT_SIZE:
      return compute_param(ret, (const uint64_t[]){4096});
   case PIPE_COMPUTE_CAP_MAX_VARIABLE_THREADS_PER_BLOCK:
      return 0;
   case PIPE_COMPUTE_CAP_IMAGES_SUPPORTED:
      return compute_param(ret, (const uint32_t[]){0});
   case PIPE_COMPUTE_CAP_SUBGROUP_SIZES:
      return compute_param(ret, (const uint32_t[]){LSGPU_WARP_WIDTH});
   case PIPE_COMPUTE_CAP_MAX_SUBGROUPS:
      return compute_param(ret,
                           (const uint32_t[]){LSGPU_MAX_WORKGROUP_INVOCATIONS / LSGPU_WARP_WIDTH});
   case PIPE_COMPUTE_CAP_MAX_COMPUTE_UNITS:
      return compute_param(ret, (const uint32_t[]){(uint32_t)screen->ws->num_cores});
   case PIPE_COMPUTE_CAP_MAX_CLOCK_FREQUENCY:
      return compute_param(ret, (const uint32_t[]){LSGPU_CLOCK_MHZ});
   case PIPE_COMPUTE_CAP_ADDRESS_BITS:
      return compute_param(ret, (const uint32_t[]){32});
   case PIPE_COMPUTE_CAP_IR_TARGET:
   default:
      return 0;
   }
}

static void
lsgpu_init_screen_caps(struct lsgpu_screen *screen)
{
   struct pipe_caps *caps = (struct pipe_caps *)&screen->base.caps;

   u_init_pipe_screen_caps(&screen->base, 1);

   caps->uma = true;
   caps->npot_textures = true;
   /* Fragment output slot n → RENDER_TARGET n, each with its own blend and mask. */
   caps->max_render_targets = 8;
   caps->indep_blend_enable = true;
   caps->indep_blend_func = true;
   /* The stencil reference from fragment output 8.y (DRAW_STATE.fs_flags bit 3):
    * u_blitter blits stencil with it. */
   caps->shader_stencil_export = true;
   caps->max_texture_2d_size = 16384; /* TEXTURE.width, height */
   caps->max_texture_cube_levels = 13;
   caps->max_texture_3d_levels = 11; /* TEXTURE.depth ≤ 4096; 1024³ keeps memory sane */
   caps->max_texture_array_layers = 2048; /* TEX_TARGET 1D_ARRAY, 2D_ARRAY */
   /* TEX_TARGET_BUFFER: OpenCL 1D buffer images and GL buffer textures. */
   caps->max_texel_buffer_elements = LSGPU_TEXTURE_WIDTH_MAX;
   /* GL buffer textures too (samplerBuffer: lsgpu.txf); TEXTURE.va is 64-byte aligned. */
   caps->texture_buffer_objects = true;
   caps->texture_buffer_offset_alignment = 64;
   /* st/mesa clamps vertex and fragment colours in the shaders when GL asks
    * (ARB_color_buffer_float); the hardware never clamps them itself. */
   caps->vertex_color_unclamped = true;
   /* Memory is shared with the CPU and coherent: maps may persist across draws
    * (ARB_buffer_storage). */
   caps->buffer_map_persistent_coherent = true;
   /* lsgpu.tex names the texture's and the sampler's entries apart; lsgpu.imgst
    * converts to the image's format. */
   caps->texture_sampler_independent = true;
   caps->image_store_formatted = true;
   caps->image_load_formatted = true; /* lsgpu.txf decodes the descriptor's format */
   /* Four-sample colour and depth buffers (DRAW_STATE.log2_samples), fetched by
    * lsgpu.txf with a sample index (u_blitter's resolves and MSAA copies) and resolved
    * by the copy engine (RESOLVE). */
   caps->texture_multisample = true;
   caps->alpha_to_coverage_dither_control = true; /* DRAW_STATE.alpha_to_coverage_dither */
   /* 15 of the 20 varying slots (docs/isa.md §4), ES 3.0's minimum: st/mesa may add
    * two fragment inputs (back colours for two-sided lighting), and the vertex shader
    * also writes those, two vec4s of clip distances (user clip planes) and the edge
    * flag, none of which count against GL's limit. */
   caps->max_varyings = 15;
   caps->glsl_feature_level = 140;
   caps->glsl_feature_level_compatibility = 140;
   caps->constant_buffer_offset_alignment = 16;
   /* Uniform blocks are plain memory loads at any offset, so "shared" and "packed"
    * blocks take std430's tighter layout, as llvmpipe's do (programs that stream a
    * tightly packed buffer into a block rely on the same layout). */
   caps->load_constbuf = true;
   caps->min_map_buffer_alignment = 64;
   caps->texture_transfer_modes = 0;
   caps->clear_scissored = true; /* the fill engine clears any rectangle */
   /* The output merger blends RGB and alpha with their own equations and factors
    * (docs/simulator.md); st/mesa needs this for GL 2.0/2.1 and ES 2.0. */
   caps->blend_equation_separate = true;
   /* Fragment input slot 0 is (column + ½, row + ½, z, 1/w): st/mesa transforms
    * gl_FragCoord from this convention to GL's lower-left one. */
   caps->fs_coord_origin_upper_left = true;
   caps->fs_coord_pixel_center_half_integer = true;
   /* Each attachment is addressed through its own surface, clipped to its own size. */
   caps->mixed_framebuffer_sizes = true;
   /* Each pipe_context has its own kernel context with reset status (docs/uapi.md). */
   caps->device_reset_status_query = true;
   /* Out-of-bounds access is absorbed, not a fault: vertex fetch and index reads by
    * their buffers' sizes, storage and uniform buffers through the robustness sink
    * (docs/isa.md §5), texel fetches and image accesses by the descriptor. */
   caps->robust_buffer_access_behavior = true;
   caps->native_fence_fd = true; /* syncobjs export and import sync_files */
   caps->compute = true;         /* DISPATCH: OpenCL through rusticl, GL compute */
   caps->int64 = true;           /* lowered to 32-bit pairs by nir_lower_int64 in the compiler */
   caps->shader_buffer_offset_alignment = 4;
   caps->max_shader_buffer_size = (unsigned)MIN2(screen->ws->memory_size, 1u << 30);
   caps->vendor_id = 0xffffffff;
   caps->device_id = (uint32_t)screen->ws->device_id;
   caps->video_memory = (unsigned)(screen->ws->memory_size >> 20);
   caps->timer_resolution = 1;
   caps->query_timestamp_bits = 64;
   /* OCCLUSION_WRITE of the context's samples-passed counter and TIMESTAMP packets
    * (lsgpu_query.cpp). */
   caps->occlusion_query = true;
   caps->query_time_elapsed = true;
   caps->query_timestamp = true;
   caps->conditional_render = true; /* evaluated by the driver (lsgpu_query.cpp) */
   /* Transform feedback: the stream-output unit (DRAW_STATE.so_va, STREAM_OUT) with
    * four buffers, appending across draws and pauses, and the PRIMS_* counters. */
   caps->max_stream_output_buffers = 4;
   caps->max_stream_output_separate_components = 4 * 16; /* a varying slot per output */
   caps->max_stream_output_interleaved_components = 64;  /* STREAM_OUT.num_outputs */
   caps->stream_output_pause_resume = true;
   caps->stream_output_interleave_buffers = true;
   caps->query_so_overflow = true;
   caps->shareable_shaders = false;
   /* SwapBuffers waits for the previous frame's fence, so a program that swaps faster
    * than the GPU draws (glmark2 on the DRM platform) cannot queue frames without
    * bound: the GPU is a simulated one and slow. */
   caps->throttle = true;

   /* Alpha test, two-sided colour and user clip planes are shader work on LSGPU-1:
    * st/mesa lowers them (the planes into clip distances the clipper uses). */
   /* Already what the model does: the texture descriptor's swizzle composes the view's;
    * DRAW restarts at any index; instance ids and divisors; the texture unit takes
    * explicit LOD and gradients in every stage; polygon offset clamps; memory is
    * coherent, so a texture barrier only needs the flush it gets. */
   caps->texture_swizzle = true;
   caps->primitive_restart = true;
   caps->primitive_restart_fixed_index = true;
   caps->vs_instanceid = true;
   caps->vertex_element_instance_divisor = true;
   caps->fragment_shader_texture_lod = true;
   /* lsgpu.ddx/ddy take dFdx/dFdy from the quad in the fragment stage; the texture unit
    * filters every format it decodes, floats included (OES_standard_derivatives and the
    * float-linear extensions ES 3.0 asks for). */
   caps->fragment_shader_derivatives = true;
   caps->texture_float_linear = true;
   caps->texture_half_float_linear = true;
   /* lsgpu.fbld reads every colour target at the fragment's pixel, and the rasterizer
    * keeps two fragments of one pixel out of one warp when a shader does
    * (DRAW_STATE.fs_reads_color): coherent framebuffer fetch, on which st/mesa also
    * builds KHR_blend_equation_advanced. */
   caps->fbfetch = LSGPU_MAX_RENDER_TARGETS;
   caps->fbfetch_coherent = true;
   /* TEX_TARGET_CUBE_ARRAY, and views of other targets and of a layer range
    * (TEXTURE.first_layer, level_layers): ARB_texture_cube_map_array, ARB_texture_view. */
   caps->cube_map_array = true;
   /* SAMPLER.seamless_cube: filtering across cube faces, per sampler. */
   caps->seamless_cube_map = true;
   caps->seamless_cube_map_per_texture = true;
   caps->sampler_view_target = true;
   /* Render target 0 blends with fragment output slot 9 as a second source
    * (BLEND_FACTOR SRC1_*): ARB_blend_func_extended. */
   caps->max_dual_source_render_targets = 1;
   /* DRAW.first_instance: per-instance attributes from baseinstance on. */
   caps->start_instance = true;
   caps->polygon_offset_clamp = true;
   caps->texture_barrier = true;
   /* resource_copy_region copies raw blocks between any formats of one block size
    * (ARB_copy_image); LSGPU-1 has no compressed formats to restrict it. */
   caps->copy_between_compressed_and_plain_formats = true;
   caps->texture_mirror_clamp = true; /* WRAP.MIRROR_CLAMP* */
   caps->texture_mirror_clamp_to_edge = true;
   /* DRAW_STATE.clip_flags: depth clamp and 0..w clip-space depth. */
   caps->depth_clip_disable = true;
   caps->clip_halfz = true;
   caps->alpha_test = false;
   /* Varyings and colour outputs are plain floats: nothing clamps vertex or fragment
    * colours, so st/mesa clamps them in the shaders when GL asks (CLAMP_VERTEX_COLOR,
    * CLAMP_FRAGMENT_COLOR; ARB_color_buffer_float). */
   caps->vertex_color_unclamped = true;
   /* u_primconvert splits quads with the API's provoking vertex, so quads follow the
    * convention (GL_EXT_provoking_vertex's QUADS_FOLLOW_PROVOKING_VERTEX_CONVENTION). */
   caps->quads_follow_provoking_vertex_convention = true;
   caps->two_sided_color = false;
   caps->clip_planes = 0;

   /* GL_SUBPIXEL_BITS: the rasterizer's snapping, which dEQP's reference rasterizer
    * reproduces to judge edges (Gallium's default says 4). */
   caps->rasterizer_subpixel_bits = LSGPU_SUBPIXEL_BITS;
   caps->min_line_width = caps->min_line_width_aa = 1;
   caps->min_point_size = caps->min_point_size_aa = 1;
   caps->point_size_granularity = caps->line_width_granularity = 0.125f;
   caps->max_line_width = caps->max_line_width_aa = 8.0f;
   caps->max_point_size = caps->max_point_size_aa = 64.0f;
   caps->max_texture_anisotropy = 1.0f;
   caps->max_texture_lod_bias = 16.0f;
}

/* Formats the output merger writes: every colour texture layout (RENDER_TARGET). */
bool
lsgpu_format_is_renderable(enum pipe_format format)
{
   return lsgpu_format(format)->render_target;
}

static bool
lsgpu_screen_is_format_supported(struct pipe_screen *pscreen, enum pipe_format format,
                                 enum pipe_texture_target target, unsigned sample_count,
                                 unsigned storage_sample_count, unsigned usage)
{
   switch (target) {
   case PIPE_BUFFER:
   case PIPE_TEXTURE_1D:
   case PIPE_TEXTURE_2D:
   case PIPE_TEXTURE_RECT:
   case PIPE_TEXTURE_CUBE:
   case PIPE_TEXTURE_3D:
   case PIPE_TEXTURE_1D_ARRAY:
   case PIPE_TEXTURE_2D_ARRAY:
   case PIPE_TEXTURE_CUBE_ARRAY:
      break;
   default:
      return false;
   }

   /* One sample, or four (DRAW_STATE.log2_samples): 2D colour and depth/stencil
    * buffers that draws render to, blits resolve and shaders fetch from. */
   const unsigned samples = MAX2(1, sample_count);
   if ((samples != 1 && samples != 4) || MAX2(1, storage_sample_count) != samples)
      return false;
   if (samples > 1) {
      if ((target != PIPE_TEXTURE_2D && target != PIPE_TEXTURE_2D_ARRAY) ||
          format == PIPE_FORMAT_NONE ||
          (usage & (PIPE_BIND_SHADER_IMAGE | PIPE_BIND_DISPLAY_TARGET | PIPE_BIND_SCANOUT |
                    PIPE_BIND_SHARED | PIPE_BIND_VERTEX_BUFFER | PIPE_BIND_LINEAR)))
         return false;
      /* Views may reinterpret a render target's texels (stencil-only views of a
       * depth/stencil buffer for u_blitter's stencil resolves), never blocks. */
      if (util_format_is_compressed(format) || util_format_get_blockwidth(format) != 1)
         return false;
   }

   if (format == PIPE_FORMAT_NONE)
      return usage == 0 || usage == PIPE_BIND_INDEX_BUFFER;

   if ((usage & (PIPE_BIND_RENDER_TARGET | PIPE_BIND_DISPLAY_TARGET | PIPE_BIND_SCANOUT |
                 PIPE_BIND_SHARED)) &&
       !lsgpu_format_is_renderable(format))
      return false;

   const struct lsgpu_format_desc *fmt = lsgpu_format(format);
   if ((usage & PIPE_BIND_DEPTH_STENCIL) && !fmt->depth_stencil)
      return false;

   /* Buffers as textures: TEX_TARGET_BUFFER (read with lsgpu.txf). */
   if ((usage & PIPE_BIND_SAMPLER_VIEW) && !fmt->texture)
      return false;
   /* 12-byte texels only in buffers (buffer textures, vertex fetch): they cannot be
    * render targets (the fill engine has no such element), so st/mesa would keep
    * GL_RGB32F, which it wants renderable, in RGBA32F and the integer RGB32s in 12
    * bytes; textures of one copy-compatible class must share a texel size
    * (ARB_copy_image), so all three take the 16-byte layouts. */
   if (target != PIPE_BUFFER && util_format_get_blocksize(format) == 12)
      return false;
   /* Compressed blocks tile images; the texture unit has no buffer of them, and
    * image stores no encoder. */
   if (util_format_is_compressed(format) &&
       (target == PIPE_BUFFER || (usage & (PIPE_BIND_SHADER_IMAGE | PIPE_BIND_VERTEX_BUFFER))))
      return false;

   /* Storage images: what the texture unit reads, lsgpu.imgst writes, except depth and
    * stencil. */
   if ((usage & PIPE_BIND_SHADER_IMAGE) &&
       (!fmt->texture || util_format_is_depth_or_stencil(format) || target == PIPE_TEXTURE_RECT))
      return false;

   /* Only what vertex fetch converts; st/mesa's u_vbuf translates the rest. */
   if ((usage & PIPE_BIND_VERTEX_BUFFER) && !fmt->vertex)
      return false;

   if (usage &
       ~(PIPE_BIND_RENDER_TARGET | PIPE_BIND_DISPLAY_TARGET | PIPE_BIND_SCANOUT | PIPE_BIND_SHARED |
         PIPE_BIND_DEPTH_STENCIL | PIPE_BIND_SAMPLER_VIEW | PIPE_BIND_VERTEX_BUFFER |
         PIPE_BIND_INDEX_BUFFER | PIPE_BIND_LINEAR | PIPE_BIND_BLENDABLE | PIPE_BIND_SHADER_IMAGE))
      return false;

   /* Integer render targets never blend. */
   if ((usage & PIPE_BIND_BLENDABLE) &&
       (!lsgpu_format_is_renderable(format) || util_format_is_pure_integer(format)))
      return false;

   return true;
}

static const void *
lsgpu_screen_get_compiler_options(struct pipe_screen *pscreen, enum pipe_shader_ir ir,
                                  enum pipe_shader_type shader)
{
   return lsgpu_nir_options(); /* the compiler's: one list of what LSGPU-1 lowers */
}

static void
lsgpu_screen_destroy(struct pipe_screen *pscreen)
{
   struct lsgpu_screen *screen = lsgpu_screen(pscreen);
   disk_cache_destroy(screen->disk_cache);
   slab_destroy_parent(&screen->transfer_pool);
   lsgpu_winsys_destroy(screen->ws);
   FREE(screen);
}

static struct disk_cache *
lsgpu_screen_get_disk_shader_cache(struct pipe_screen *pscreen)
{
   return lsgpu_screen(pscreen)->disk_cache;
}

struct pipe_screen *
lsgpu_screen_create(int fd, const struct pipe_screen_config *config, struct renderonly *ro)
{
   lsgpu_debug_init();

   struct lsgpu_winsys *ws = lsgpu_winsys_create(fd);
   if (!ws)
      return NULL;
   if (ws->cmdstream_version != LSGPU_CMDSTREAM_VERSION) {
      mesa_loge("lsgpu: device speaks command stream v%u, driver v%u",
                (unsigned)ws->cmdstream_version, LSGPU_CMDSTREAM_VERSION);
      lsgpu_winsys_destroy(ws);
      return NULL;
   }

   struct lsgpu_screen *screen = CALLOC_STRUCT(lsgpu_screen);
   if (!screen) {
      lsgpu_winsys_destroy(ws);
      return NULL;
   }
   screen->ws = ws;
   snprintf(screen->name, sizeof(screen->name), "lsgpu LSGPU-1 (rev %u, %u cores)",
            (unsigned)ws->revision, (unsigned)ws->num_cores);

   struct pipe_screen *pscreen = &screen->base;
   pscreen->destroy = lsgpu_screen_destroy;
   pscreen->get_disk_shader_cache = lsgpu_screen_get_disk_shader_cache;
   pscreen->get_name = lsgpu_screen_get_name;
   pscreen->get_vendor = lsgpu_screen_get_vendor;
   pscreen->get_device_vendor = lsgpu_screen_get_device_vendor;
   pscreen->get_screen_fd = lsgpu_screen_get_fd;
   pscreen->get_timestamp = lsgpu_screen_get_timestamp;
   pscreen->get_driver_query_info = lsgpu_get_driver_query_info;
   pscreen->get_shader_param = lsgpu_screen_get_shader_param;
   pscreen->get_compute_param = lsgpu_screen_get_compute_param;
   pscreen->is_format_supported = lsgpu_screen_is_format_supported;
   pscreen->get_compiler_options = lsgpu_screen_get_compiler_options;
   pscreen->context_create = lsgpu_context_create;

   lsgpu_disk_cache_init(screen);
   lsgpu_resource_screen_init(pscreen);
   lsgpu_fence_screen_init(pscreen);
   slab_create_parent(&screen->transfer_pool, sizeof(struct lsgpu_transfer), 16);
   lsgpu_init_screen_caps(screen);

   return pscreen;
}
